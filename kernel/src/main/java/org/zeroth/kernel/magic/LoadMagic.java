package org.zeroth.kernel.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code %load script.jsh}: runs a file of Java snippets in this session; its last expression is shown. */
public final class LoadMagic implements LineMagic<Object, BaseKernel> {
    private final MagicHost host;

    public LoadMagic(MagicHost host) {
        this.host = host;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args) throws Exception {
        if (args.size() != 1) {
            throw new MagicUsageException("usage: %load FILE.jsh");
        }
        Path file = Path.of(args.get(0));
        if (!Files.isRegularFile(file)) {
            throw new MagicUsageException("no such file: " + file.toAbsolutePath());
        }
        return host.run(Files.readString(file), file.getFileName().toString());
    }
}
