package org.zeroth.kernel.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code %lsmagic}: lists the line and cell magics, each with what it does. */
public final class LsMagic implements LineMagic<Object, BaseKernel> {
    /** One line per magic, by the name it is called with ("%name", "%%name", "!"). */
    static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("%classpath", "PATH_OR_GLOB...  add jars or class folders (lib/*.jar, ~/jars/**/*.jar)"),
            Map.entry("%jars", "PATH_OR_GLOB...  the same as %classpath"),
            Map.entry("%maven", "GROUP:ARTIFACT:VERSION... [--repo URL]  resolve from Maven Central, with dependencies"),
            Map.entry("%spark", "Apache Spark in this notebook: its jars, zeroth-spark, cell lambdas served to executors"),
            Map.entry("%load", "FILE.jsh  run a file of Java snippets in this session"),
            Map.entry("%lsmagic", "this list"),
            Map.entry("%timeit", "[-n LOOPS] [-r RUNS] [-p DIGITS] [-q] [-o] EXPR  time an expression as IPython does"),
            Map.entry("%vars", "the session's variables: type and a short value (INDArray shape, Run summary)"),
            Map.entry("%whos", "the same as %vars"),
            Map.entry("!", "COMMAND  (a line starting with !) run a shell command, output streamed"),
            Map.entry("%%time", "run the cell and print its wall-clock time"),
            Map.entry("%%timeit", "[-n LOOPS] [-r RUNS] [-p DIGITS] [-q] [-o]  time the rest of the cell"),
            Map.entry("%%bash", "run the cell with bash: output streamed, interruptible, non-zero exit is an error"),
            Map.entry("%%sh", "the same with sh"));

    private final MagicHost host;

    /** The magics' names as a cell calls them ("%maven", "%%bash", "!"). */
    public static java.util.Set<String> names() {
        return HELP.keySet();
    }

    public LsMagic(MagicHost host) {
        this.host = host;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args) {
        StringBuilder out = new StringBuilder("Line magics:\n");
        for (String name : new TreeSet<>(host.lineMagicNames())) {
            out.append(line(name.equals("!") ? "!" : "%" + name));
        }
        out.append("Cell magics (on a cell's first line):\n");
        for (String name : new TreeSet<>(host.cellMagicNames())) {
            out.append(line("%%" + name));
        }
        System.out.print(out);
        return null;
    }

    private static String line(String name) {
        return String.format("  %-11s %s%n", name, HELP.getOrDefault(name, ""));
    }
}
