package org.zeroth.kernel.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** {@code %lsmagic}: lists the line and cell magics. */
public final class LsMagic implements LineMagic<Object, BaseKernel> {
    private final MagicHost host;

    public LsMagic(MagicHost host) {
        this.host = host;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args) {
        System.out.println("Line magics: " + new TreeSet<>(host.lineMagicNames()).stream()
                .map(n -> "%" + n).collect(Collectors.joining("  ")));
        System.out.println("Cell magics: " + new TreeSet<>(host.cellMagicNames()).stream()
                .map(n -> "%%" + n).collect(Collectors.joining("  ")));
        return null;
    }
}
