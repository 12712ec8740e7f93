package org.zeroth.kernel.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code %spark}: Apache Spark in this notebook, in one line. Adds the Spark jars installed beside the kernel
 * ({@code lib-spark/}, loaded only now: the default kernel stays lean) and {@code zeroth-spark}, and makes notebook
 * lambdas runnable on a real cluster: the cells' classes are written to a directory that every SparkContext
 * created from now on serves to its executors ({@code spark.repl.class.outputDir}, as spark-shell does).
 */
public final class SparkMagic implements LineMagic<Object, BaseKernel> {
    /** Spark's network layer reads NIO internals; without this flag it fails with an IllegalAccessError. */
    static final String ADD_OPENS = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String INSTALL = "install/install.sh --spark";
    private static final List<String> IMPORTS = List.of(
            "import org.apache.spark.SparkConf;",
            "import org.apache.spark.api.java.*;",
            "import org.zeroth.spark.*;");

    private final MagicHost host;
    private Path classes;

    public SparkMagic(MagicHost host) {
        this.host = host;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args) throws Exception {
        if (!args.isEmpty()) {
            throw new MagicUsageException("usage: %spark (no arguments; set Spark options with SparkConf or "
                    + "System.setProperty(\"spark.…\", …) before creating a session)");
        }
        if (classes != null) {
            System.out.println("Spark is already enabled; notebook classes are served from " + classes);
            return null;
        }
        checkJvm();
        Path lib = library();
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
        if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("spark-core_"))) {
            throw new MagicUsageException("no spark-core jar in " + lib + ": reinstall Spark with " + INSTALL);
        }
        int added = host.addAllToClasspath(jars);
        classes = Files.createTempDirectory("zeroth-spark-classes-");
        deleteOnExit(classes);
        host.snippetClasses().serveFrom(classes);
        System.setProperty("spark.repl.class.outputDir", classes.toString());
        if (!debugInfoWorks()) {
            // Spark explains an unserializable closure through sun.security.action, closed here (or gone: Java 24+);
            // without the explanation it still fails with "Task not serializable" and the class that is not.
            System.setProperty("spark.serializer.extraDebugInfo", "false");
        }
        String executorPath = executorClasspath(lib);
        if (System.getProperty("spark.executor.extraClassPath") == null) {
            System.setProperty("spark.executor.extraClassPath", executorPath);
        }
        for (String line : IMPORTS) {
            try {
                host.run(line, "%spark");
            } catch (CellFailedException e) {
                // zeroth-spark missing from an older install: plain Spark still works
            }
        }
        System.out.println("Spark enabled: " + added + " jars from " + lib + " (" + version(jars) + ").\n"
                + "Notebook classes are served to executors from " + classes + " (spark.repl.class.outputDir).\n"
                + "Executors on this machine find Zeroth in spark.executor.extraClassPath="
                + System.getProperty("spark.executor.extraClassPath") + ";\n"
                + "on other hosts install the same jars there or list them in spark.jars.\n"
                + "Lambdas that run on executors see only what they capture: a notebook variable read inside one "
                + "fails there (pass it as a parameter).");
        return null;
    }

    /** Fails with what to do when this JVM cannot run Spark (missing module flags). */
    static void checkJvm() {
        boolean open = ModuleLayer.boot().findModule("java.base")
                .map(base -> base.isOpen("sun.nio.ch", SparkMagic.class.getModule())).orElse(true);
        if (!open) {
            throw new MagicUsageException("Spark needs the JVM option " + ADD_OPENS + ", and this kernel was "
                    + "started without it: reinstall the kernel (install/install.sh writes it into the kernelspec) "
                    + "or add it to the kernelspec's argv, then restart the kernel");
        }
    }

    /** Whether Spark's serialization debugger can start: it needs {@code sun.security.action} open to it. */
    private static boolean debugInfoWorks() {
        return ModuleLayer.boot().findModule("java.base")
                .filter(base -> base.getPackages().contains("sun.security.action"))
                .map(base -> base.isOpen("sun.security.action", SparkMagic.class.getModule())).orElse(false);
    }

    /** {@code lib-spark/} beside the kernel's jar (or {@code -Dzeroth.spark.lib}). */
    static Path library() {
        String configured = System.getProperty("zeroth.spark.lib");
        Path lib = configured != null ? Path.of(configured) : kernelHome().resolve("lib-spark");
        if (!Files.isDirectory(lib)) {
            throw new MagicUsageException("Spark is not installed with this kernel (no " + lib + "): run " + INSTALL
                    + " (it adds Spark's jars, about 200 MB from Maven Central, beside the kernel) and restart "
                    + "the kernel");
        }
        return lib;
    }

    /** The kernel's own jars and zeroth-spark: what an executor on this machine needs to run a Zeroth job. */
    private static String executorClasspath(Path lib) throws IOException {
        List<String> entries = new ArrayList<>();
        entries.add(kernelHome().resolve("lib").toAbsolutePath() + File.separator + "*");
        try (Stream<Path> files = Files.list(lib)) {
            files.filter(p -> p.getFileName().toString().startsWith("zeroth-"))
                    .forEach(p -> entries.add(p.toAbsolutePath().toString()));
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path kernelHome() {
        try {
            Path jar = Path.of(SparkMagic.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent(); // the jar's folder (target/ when run from the build)
        } catch (URISyntaxException | RuntimeException e) {
            throw new MagicUsageException("cannot tell where the kernel is installed (" + e + "): set -Dzeroth.spark.lib");
        }
    }

    private static String version(List<Path> jars) {
        return jars.stream().map(p -> p.getFileName().toString()).filter(n -> n.startsWith("spark-core_"))
                .map(n -> "Spark " + n.replaceAll("^spark-core_[0-9.]+-|\\.jar$", "")).findFirst().orElse("Spark");
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | RuntimeException e) {
                // a temp dir left behind is harmless
            }
        }, "zeroth-spark-classes-cleanup"));
    }
}
