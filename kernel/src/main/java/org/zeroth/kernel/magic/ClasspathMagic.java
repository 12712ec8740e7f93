package org.zeroth.kernel.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code %classpath lib/*.jar other.jar classes/} and its alias {@code %jars}: adds jars and directories. */
public final class ClasspathMagic implements LineMagic<Object, BaseKernel> {
    private final MagicHost host;

    public ClasspathMagic(MagicHost host) {
        this.host = host;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args) throws Exception {
        if (args.isEmpty()) {
            throw new MagicUsageException("usage: %classpath PATH_OR_GLOB... (jars or class directories)");
        }
        List<Path> added = new ArrayList<>();
        for (String arg : args) {
            for (String pattern : arg.split(File.pathSeparator)) {
                if (pattern.isBlank()) {
                    continue;
                }
                List<Path> matches = Globs.expand(pattern.strip());
                if (matches.isEmpty()) {
                    throw new MagicUsageException("nothing matches " + pattern);
                }
                for (Path p : matches) {
                    KernelJars.shadowing(p).ifPresent(own -> System.out.println(KernelJars.note(p, own)));
                    if (host.addToClasspath(p)) {
                        added.add(p);
                    }
                }
            }
        }
        System.out.println("Added " + added.size() + (added.size() == 1 ? " entry" : " entries")
                + " to the class path" + (added.isEmpty() ? " (all were there already: a jar or class changed since"
                + " is not loaded again; restart the kernel to load it anew)" : ""));
        return null;
    }
}
