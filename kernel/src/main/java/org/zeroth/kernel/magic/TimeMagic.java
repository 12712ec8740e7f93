package org.zeroth.kernel.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;

import java.util.List;
import java.util.Locale;

/** {@code %%time} on a cell's first line: runs the rest of the cell and prints its wall-clock time. */
public final class TimeMagic implements CellMagic<Object, BaseKernel> {
    private final MagicHost host;

    public TimeMagic(MagicHost host) {
        this.host = host;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args, String body) throws Exception {
        long start = System.nanoTime();
        try {
            return host.run(body, "cell");
        } finally {
            System.out.println("Wall time: " + format(System.nanoTime() - start));
        }
    }

    static String format(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }
}
