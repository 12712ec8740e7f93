package org.zeroth;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/**
 * An objective that lives outside the JVM: each evaluation runs a program and reads f(x) from its standard output
 * ({@link Objective#command(String...)}). The point reaches the program two ways:
 * <ul>
 *   <li>on standard input, always, as one line of JSON: {@code {"x": [1.0, -2.5, 3.0E-4]}} (Python:
 *       {@code x = json.load(sys.stdin)["x"]});</li>
 *   <li>in argv, where an argument contains {@code {x}} (replaced by the coordinates separated by commas,
 *       {@code 1.0,-2.5,3.0E-4}) or {@code {json}} (replaced by the JSON array {@code [1.0,-2.5,3.0E-4]}).</li>
 * </ul>
 * Numbers are written as Java's {@link Double#toString(double)}, which reads back to the same double. The program
 * prints one number (surrounding whitespace is ignored; {@code nan}/{@code inf} are read as such and the run
 * rejects them). A non-zero exit, a program that runs past its {@link #timeout(Duration) timeout} (default 10
 * minutes; its whole process tree is killed) or output that is not one number fails the evaluation with the
 * command, the exit code and the last 20 lines of its standard error; the run so far is kept
 * ({@link RunFailedException#run()}). An interrupt kills the running program. With {@code parallelism(k)} k
 * programs run at once. Immutable: each option returns a new objective.
 */
public final class CommandObjective implements Objective {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    private static final int TAIL_LINES = 20;
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    private final List<String> argv;
    private final Duration timeout;
    private final Path directory;
    private final Map<String, String> environment;
    private final int dimension;

    CommandObjective(List<String> argv, Duration timeout, Path directory, Map<String, String> environment,
                     int dimension) {
        this.argv = argv;
        this.timeout = timeout;
        this.directory = directory;
        this.environment = environment;
        this.dimension = dimension;
    }

    static CommandObjective of(String... argv) {
        if (argv == null || argv.length == 0 || argv[0] == null || argv[0].isBlank()) {
            throw new IllegalArgumentException("Objective.command(argv...): give the program and its arguments,"
                    + " e.g. Objective.command(\"python3\", \"f.py\")");
        }
        for (String a : argv) {
            Objects.requireNonNull(a, "Objective.command(argv...): an argument is null in " + Arrays.toString(argv));
        }
        return new CommandObjective(List.of(argv), DEFAULT_TIMEOUT, null, Map.of(), 0);
    }

    /** Each evaluation may run this long; then its process tree is killed and the evaluation fails. */
    public CommandObjective timeout(Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeout(d) needs a positive duration, e.g. Duration.ofSeconds(30);"
                    + " got " + limit);
        }
        return new CommandObjective(argv, limit, directory, environment, dimension);
    }

    /** The program's working directory (default: the JVM's). */
    public CommandObjective directory(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("directory(dir): " + dir + " is not a directory; give an existing one");
        }
        return new CommandObjective(argv, timeout, dir, environment, dimension);
    }

    /** Sets an environment variable of the program (on top of the JVM's environment). */
    public CommandObjective environment(String name, String value) {
        if (name == null || name.isEmpty() || name.contains("=") || value == null) {
            throw new IllegalArgumentException("environment(name, value): give a name without '=' and a value, got "
                    + name + "=" + value);
        }
        Map<String, String> more = new LinkedHashMap<>(environment);
        more.put(name, value);
        return new CommandObjective(argv, timeout, directory, Map.copyOf(more), dimension);
    }

    /** Declares the dimension the program expects: a run checks its start against it. */
    public CommandObjective dimension(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("dimension(d) needs d ≥ 1, got " + d);
        }
        return new CommandObjective(argv, timeout, directory, environment, d);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    public Duration timeout() {
        return timeout;
    }

    public List<String> argv() {
        return argv;
    }

    /**
     * The command as titles and legends show it: paths by their file name ({@code command(python3 rosenbrock.py
     * {x})}), so that a temporary directory does not fill the figure's title; messages name the whole command.
     */
    @Override
    public String name() {
        return "command(" + argv.stream().map(CommandObjective::shortened).collect(Collectors.joining(" ")) + ")";
    }

    private static String shortened(String argument) {
        int slash = argument.lastIndexOf('/');
        return argument.startsWith("/") && slash < argument.length() - 1 ? argument.substring(slash + 1) : argument;
    }

    /** The whole command, as messages name it. */
    @Override
    public String toString() {
        return "command(" + String.join(" ", argv) + ")";
    }

    @Override
    public double value(INDArray x) {
        double[] point = Tensors.toArray(x);
        Path in = null;
        Path out = null;
        Path err = null;
        try {
            // Files, not pipes: no reader threads, and no deadlock however much the program writes or leaves unread.
            in = Files.createTempFile("zeroth-x", ".json");
            out = Files.createTempFile("zeroth-out", ".txt");
            err = Files.createTempFile("zeroth-err", ".txt");
            Files.writeString(in, "{\"x\": " + json(point) + "}\n");
            ProcessBuilder pb = new ProcessBuilder(arguments(point)).redirectInput(in.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            pb.environment().putAll(environment);
            Process p = pb.start();
            int exit = waitFor(p, err);
            String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
            if (exit != 0) {
                throw failure("exited with code " + exit, err);
            }
            if (NUMBER.matcher(stdout).matches()) {
                return Double.parseDouble(stdout);
            }
            if (NON_FINITE.matcher(stdout).matches()) {
                return stdout.toLowerCase().contains("nan") ? Double.NaN
                        : stdout.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            throw failure("exited with code 0 but printed " + quote(stdout) + " on stdout, not one number", err);
        } catch (InterruptedIOException e) {
            throw new CommandFailedException(e.getMessage(), e); // an interrupt: Interrupts.caused sees its cause
        } catch (IOException e) {
            throw new CommandFailedException(this + " could not be run: " + e.getMessage()
                    + "; check that the program exists and is executable (e.g. give its full path)", e);
        } finally {
            delete(in);
            delete(out);
            delete(err);
        }
    }

    /** Waits for the program; on timeout or interrupt kills its process tree. */
    private int waitFor(Process p, Path err) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // Short waits: a kernel's interrupt mark (Interrupts) is seen even if some library cleared the flag.
            while (!p.waitFor(Math.min(100_000_000L, Math.max(1, deadline - System.nanoTime())), TimeUnit.NANOSECONDS)) {
                if (Interrupts.requested()) {
                    throw new InterruptedException();
                }
                if (System.nanoTime() - deadline >= 0) {
                    kill(p);
                    throw failure("ran longer than its timeout of " + seconds(timeout) + " and was killed (with its child"
                            + " processes); raise it with .timeout(Duration)", err);
                }
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            InterruptedIOException stop = new InterruptedIOException(this + " was interrupted and killed");
            stop.initCause(e);
            throw stop;
        }
    }

    /** Kills the program and its descendants (collected first: once the parent is gone they are no longer its). */
    static void kill(Process p) {
        List<ProcessHandle> tree = new ArrayList<>();
        p.descendants().forEach(tree::add);
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> arguments(double[] point) {
        String csv = null;
        String array = null;
        List<String> out = new ArrayList<>(argv.size());
        for (String a : argv) {
            if (a.contains("{x}")) {
                csv = csv != null ? csv : json(point).substring(1, json(point).length() - 1);
                a = a.replace("{x}", csv);
            }
            if (a.contains("{json}")) {
                array = array != null ? array : json(point);
                a = a.replace("{json}", array);
            }
            out.add(a);
        }
        return out;
    }

    /** [1.0,-2.5]: Double.toString reads back to the same double in Java, Python and numpy. */
    static String json(double[] x) {
        StringBuilder sb = new StringBuilder(x.length * 12 + 2).append('[');
        for (int i = 0; i < x.length; i++) {
            sb.append(i == 0 ? "" : ",").append(x[i]);
        }
        return sb.append(']').toString();
    }

    private CommandFailedException failure(String what, Path err) {
        return new CommandFailedException(this + " " + what + "; its stderr" + tail(err));
    }

    /** The last lines of the program's stderr (at most the last 64 KB read). */
    static String tail(Path err) {
        try (RandomAccessFile f = new RandomAccessFile(err.toFile(), "r")) {
            long from = Math.max(0, f.length() - 65536);
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8).stripTrailing();
            if (text.isEmpty()) {
                return " was empty";
            }
            List<String> lines = Arrays.asList(text.split("\r?\n"));
            List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
            // One "  | " per line, and a line break after the tail: a message that goes on stays apart from it.
            return ", last " + (last.size() == 1 ? "line" : last.size() + " lines") + ":\n  | "
                    + String.join("\n  | ", last) + "\n";
        } catch (IOException e) {
            return " could not be read: " + e.getMessage();
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " s";
    }

    private static String quote(String s) {
        return "'" + (s.length() > 200 ? s.substring(0, 200) + "…" : s) + "'";
    }

    private static void delete(Path p) {
        if (p != null) {
            File f = p.toFile();
            if (!f.delete() && f.exists()) {
                f.deleteOnExit();
            }
        }
    }

    /** An external program failed to give a value: the message names the command, the cause and its stderr tail. */
    public static final class CommandFailedException extends RuntimeException {
        public CommandFailedException(String message) {
            super(message);
        }

        public CommandFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
