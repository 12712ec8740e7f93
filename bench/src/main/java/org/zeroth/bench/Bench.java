package org.zeroth.bench;

import static org.zeroth.Zo.zo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.optimize.Minimizer;
import org.zeroth.problems.Problems;

/**
 * bench/run.sh: every measurement of bench/README.md in one run, printed as one table. Each line is a ratio of
 * two figures measured in this run (interleaved where they are timings), so the machine's load cancels.
 */
public final class Bench {
    private static final List<String> SECTIONS = List.of("mezo", "floor", "overhead", "ops", "threads", "efficiency",
            "kernel", "memory", "bayes", "gemm", "openblas", "firstcalls");
    private static final Path NUMPY = Path.of("bench/python/numpy_bench.py");
    private static final int[] MEZO_DIMENSIONS = {100_000, 1_000_000, 10_000_000};
    private static final int ROUNDS = 3;

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private double mezoAt1e7 = Double.NaN;

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("memory-child")) {
            System.out.println(Python.json(Memory.measure(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]))));
            System.exit(0);
        }
        Set<String> chosen = new LinkedHashSet<>(args.length == 0 ? SECTIONS : List.of(args));
        chosen.removeIf(s -> {
            if (!SECTIONS.contains(s)) {
                System.err.println("unknown section " + s + "; choose from " + SECTIONS);
                return true;
            }
            return false;
        });
        if (!Python.available()) {
            System.err.println("bench needs Debian's /usr/bin/python3 with numpy and scipy (apt-get install python3-numpy python3-scipy)");
            System.exit(2);
        }
        new Bench().run(chosen);
        System.exit(0);
    }

    private void run(Set<String> sections) throws Exception {
        String load0 = load();
        long start = System.nanoTime();
        for (String section : sections) {
            System.err.println("[bench] " + section + " …");
            switch (section) {
                case "mezo" -> mezo();
                case "floor" -> floor();
                case "overhead" -> overhead();
                case "ops" -> ops();
                case "threads" -> notes.add(ThreadStudy.measure(MEZO_DIMENSIONS));
                case "gemm" -> notes.add(GemmThreads.measure());
                case "openblas" -> notes.add(OpenBlasKernels.measure());
                case "efficiency" -> efficiency();
                case "kernel" -> kernel();
                case "memory" -> memory();
                case "bayes" -> bayes();
                case "firstcalls" -> firstCalls();
                default -> throw new AssertionError(section);
            }
        }
        String header = String.format("Zeroth bench — %s — JDK %s (%s) — %s, %d cores — load before %s, after %s — %.0f s",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), cpu(),
                Runtime.getRuntime().availableProcessors(), load0, load(), (System.nanoTime() - start) * 1e-9);
        String core = System.getenv("OPENBLAS_CORETYPE");
        header += String.format("%nOpenBLAS kernels: Zeroth (OpenBLAS %s) %s, numpy %s", OpenBlasKernels.version(),
                core == null || core.isBlank() ? "OpenBLAS's own choice" : core + " (OPENBLAS_CORETYPE)",
                Python.available() ? Python.numpyKernels() : "-");
        String table = render(header);
        System.out.println(table);
        Files.createDirectories(Path.of("bench/target"));
        Files.writeString(Path.of("bench/target/bench-table.md"), table);
    }

    // 1. MeZO step: Zeroth against numpy, interleaved rounds, the best round of each (least disturbed).
    private void mezo() {
        for (int d : MEZO_DIMENSIONS) {
            int steps = d >= 10_000_000 ? 8 : d >= 1_000_000 ? 30 : 100;
            boolean largest = d == 10_000_000;
            double zeroth = Double.POSITIVE_INFINITY;
            double numpy = Double.POSITIVE_INFINITY;
            // At 1e7 also the step with other directions, timed in the same rounds as the dense Gaussian step.
            Map<String, UnaryOperator<Minimizer>> variants = largest ? Steps.mezoVariants(d) : Map.of();
            Map<String, Double> best = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                zeroth = Math.min(zeroth, Steps.mezo(d, steps));
                numpy = Math.min(numpy, Python.run(NUMPY, "mezo", d, steps).get("seconds_per_step").asDouble());
                variants.forEach((name, u) -> best.merge(name, Steps.mezoWith(d, steps, u), Math::min));
            }
            row("1. MeZO step, d = " + exp(d), ms(zeroth), "numpy " + ms(numpy), zeroth / numpy,
                    largest ? "≤ 0.25" : "", largest ? zeroth / numpy <= 0.25 : null);
            if (largest) {
                mezoAt1e7 = zeroth;
            }
            for (var v : best.entrySet()) {
                row("1. MeZO step, " + v.getKey() + ", d = 1e7", ms(v.getValue()), "Gaussian step " + ms(zeroth),
                        v.getValue() / zeroth, "", null);
            }
        }
    }

    // 2. The floor of the same step at d = 1e7.
    private void floor() {
        int d = 10_000_000;
        Map<String, Double> floor = Floor.measure(d);
        double step = Double.isNaN(mezoAt1e7) ? Steps.mezo(d, 8) : mezoAt1e7;
        row("2. MeZO step / floor, d = 1e7", ms(step), "floor " + ms(floor.get("floor")), step / floor.get("floor"),
                "≤ 2", step / floor.get("floor") <= 2);
        row("2. MeZO step / floor of 3 passes, d = 1e7", ms(step), "floor " + ms(floor.get("floor, 3 passes")),
                step / floor.get("floor, 3 passes"), "", null);
        StringBuilder parts = new StringBuilder("floor parts (d = 1e7, all cores):");
        floor.forEach((name, v) -> parts.append(String.format("%n    %-48s %s", name,
                name.contains("GB/s") ? String.format("%.1f", v) : ms(v))));
        Map<String, Double> step3 = Steps.mezoParts(d);
        parts.append("\nZeroth's step, part by part (the same calls InPlaceDescent makes):");
        double sum = 0;
        for (var part : step3.entrySet()) {
            parts.append(String.format("%n    %-48s %s", part.getKey(), ms(part.getValue())));
            sum += part.getValue();
        }
        parts.append(String.format("%n    %-48s %s", "rest of the step (oracle, trace, forks)", ms(step - sum)));
        notes.add(parts.toString());
    }

    // 3. Per-evaluation overhead of a q = 16 forward Gaussian step with ZO-SGD, trivial objective.
    private void overhead() {
        for (int d : new int[] {100, 10_000}) {
            int steps = d == 100 ? 20_000 : 1_000;
            Steps.overhead(d, steps); // warm-up: compiles the estimator's loops
            double zeroth = Double.POSITIVE_INFINITY;
            double numpy = Double.POSITIVE_INFINITY;
            for (int round = 0; round < ROUNDS; round++) {
                zeroth = Math.min(zeroth, Steps.overhead(d, steps) / 17);
                numpy = Math.min(numpy, Python.run(NUMPY, "overhead", d, steps / 4).get("seconds_per_evaluation").asDouble());
            }
            row("3. overhead per evaluation, q = 16, d = " + exp(d), us(zeroth), "numpy " + us(numpy),
                    zeroth / numpy, d == 10_000 ? "≤ 0.5" : "", d == 10_000 ? zeroth / numpy <= 0.5 : null);
        }
    }

    // 7. The ND4J ops objectives are written with, against numpy, quiet and with a busy loop on the other core.
    private static final Map<String, String> NUMPY_OP = Map.of("addi", "x += y", "mul", "x * y", "muli", "y *= x",
            "axpy", "y += a*x", "dot", "x @ y", "norm", "linalg.norm", "sum", "x.sum()", "randn", "standard_normal",
            "mmul", "a @ b");
    private static final Map<String, String> NUMPY_KEY = Map.of("norm2Number", "norm", "Tensors.norm", "norm",
            "sumNumber", "sum", "Tensors.sum", "sum", "Tensors.mmul", "mmul", "Tensors.randn", "randn",
            "Tensors.axpy", "addi", "Tensors.multiply", "muli", "Tensors.dot", "dot");

    private void ops() {
        org.zeroth.tensor.Tensors.warmUp(); // as the kernel at start-up: ND4J's ops linked, the vector loops compiled
        Map<String, Double> one = NdOps.oneElement();
        JsonNode numpyOne = Python.run(NUMPY, "ops", 1, 20_000).get("seconds");
        one.forEach((op, s) -> {
            double numpy = numpyOne.get(NUMPY_KEY.getOrDefault(op, op)).asDouble();
            row("7. " + op + ", 1 element", us(s), "numpy " + NUMPY_OP.get(NUMPY_KEY.getOrDefault(op, op)) + " "
                    + us(numpy), s / numpy, "≤ 3",
                    s / numpy <= 3);
        });
        for (boolean loaded : new boolean[] {false, true}) {
            String load = loaded ? "loaded" : "quiet";
            NdOps.under(loaded, () -> {
                for (int d : MEZO_DIMENSIONS) {
                    Map<String, Double> zeroth = new java.util.LinkedHashMap<>();
                    Map<String, Double> numpy = new java.util.LinkedHashMap<>();
                    for (int round = 0; round < 2; round++) { // interleaved; the best round of each side
                        NdOps.measure(d, d == 10_000_000).forEach((op, v) -> zeroth.merge(op, v, Math::min));
                        int repeats = d >= 10_000_000 ? 15 : d >= 1_000_000 ? 40 : 200;
                        Python.run(NUMPY, "ops", d, repeats).get("seconds").fields()
                                .forEachRemaining(e -> numpy.merge(e.getKey(), e.getValue().asDouble(), Math::min));
                    }
                    zeroth.forEach((op, z) -> {
                        double n = numpy.get(NUMPY_KEY.getOrDefault(op, op));
                        boolean target = d >= 1_000_000;
                        row("7. " + op + (op.endsWith("mmul") ? " 1000²" : ", d = " + exp(d)) + ", " + load, ms(z),
                                "numpy " + NUMPY_OP.get(NUMPY_KEY.getOrDefault(op, op)) + " " + ms(n), z / n,
                                target ? "≤ 1" : "", target ? z / n <= 1 : null);
                    });
                }
                return null;
            });
        }
        // The MeZO step with an objective written in ND4J, as users do, with the other core busy.
        int d = 10_000_000;
        Objective nd4j = x -> {
            double n = x.norm2Number().doubleValue();
            return n * n;
        };
        double[] best = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        NdOps.under(true, () -> {
            for (int round = 0; round < ROUNDS; round++) {
                best[0] = Math.min(best[0], Steps.mezo(d, 8, nd4j));
                best[1] = Math.min(best[1], Python.run(NUMPY, "mezo", d, 8).get("seconds_per_step").asDouble());
            }
            return null;
        });
        row("7. MeZO step, f = x.norm2Number()², d = 1e7, loaded", ms(best[0]), "numpy " + ms(best[1]),
                best[0] / best[1], "≤ 0.25", best[0] / best[1] <= 0.25);
        notes.add("ops (7.): float32, median of repeated calls, best of 2 interleaved rounds; 'loaded' = a busy loop"
                + " (sh) pinned to the last core for the whole measurement. " + org.zeroth.tensor.NativeThreads.apply()
                + "; ND4J's ops: " + org.zeroth.tensor.OpRouter.install() + " (then addi, mul's product,"
                + " norm2Number, sumNumber, mmul's product and randn run Zeroth's loops; else ND4J's own);"
                + " Tensors.norm/sum/dot are Zeroth's;"
                + " Tensors.axpy is Tensors.axpy(1, y, x), the same x += y as addi; Tensors.multiply(x, y) is y *= x"
                + " in place, x near 1.");
    }

    // 4. Sample efficiency against scipy.
    private void efficiency() throws Exception {
        Files.createDirectories(Path.of("bench/target"));
        List<SampleEfficiency.Row> results = SampleEfficiency.measure(Path.of("bench/target"));
        StringBuilder detail = new StringBuilder("sample efficiency: median evaluations over "
                + SampleEfficiency.STARTS + " starts (—: most starts missed the target within the budget; met: blank"
                + " when neither side reached it)");
        for (SampleEfficiency.Row r : results) {
            boolean neither = r.zeroth() == null && r.scipy() == null;
            double ratio = neither ? Double.NaN : r.zeroth() == null ? Double.POSITIVE_INFINITY
                    : r.scipy() == null ? 0 : r.zeroth() / r.scipy();
            row(String.format("4. evaluations to f < %s, %s d = %d", shortNumber(r.target()), r.problem(), r.d()),
                    count(r.zeroth()) + (r.zeroth() == null ? "" : " (" + r.zerothMethod() + ")"),
                    "scipy " + count(r.scipy()) + (r.scipy() == null ? "" : " (" + r.scipyMethod().replace("scipy ", "") + ")"),
                    ratio, "≤ 1", neither ? null : r.zeroth() != null && (r.scipy() == null || r.zeroth() <= r.scipy()));
            detail.append(String.format("%n    %-10s d = %-3d budget %-6d", r.problem(), r.d(), r.budget()));
            r.all().forEach((m, v) -> detail.append(String.format("%n        %-50s %s", m, v == null ? "—" : count(v))));
        }
        notes.add(detail.toString());
    }

    // 5. Kernel: start-up and round trips from kernel/bench/kernel_bench.py (run.sh builds kernel/), and a DSL
    // run's cell against the same run compiled into this JVM.
    private static final String DSL_CELL = "zo.minimize(Problems.rosenbrock(10)).withGaussianDirections(1e-3).queries(4)"
            + ".adam(1e-2).seed(1).progress(false).steps(20_000)";

    private static Run dslRun() {
        return zo.minimize(Problems.rosenbrock(10)).withGaussianDirections(1e-3).queries(4)
                .adam(1e-2).seed(1).progress(false).steps(20_000);
    }

    private void kernel() {
        Path script = Path.of("kernel/bench/kernel_bench.py");
        if (!Files.exists(script)) {
            row("5. kernel", "not measured", script + " absent", Double.NaN, "", null);
            return;
        }
        dslRun(); // warm-up, as the kernel's cell gets one
        double[] plain = new double[5];
        for (int i = 0; i < plain.length; i++) {
            long t = System.nanoTime();
            dslRun();
            plain[i] = (System.nanoTime() - t) * 1e-9;
        }
        Arrays.sort(plain);
        double plainJava = plain[plain.length / 2];
        JsonNode kernels = Python.run(script, "--json", "--cell", DSL_CELL);
        kernels.fields().forEachRemaining(k -> {
            String jdk = k.getKey().replaceAll("-jdk-amd64|-openjdk-amd64", "");
            JsonNode f = k.getValue();
            row("5. kernel " + jdk + ": first cell's reply from launch", String.format("%.2f s", f.get("first_cell_s").asDouble()),
                    String.format("kernel_info %.2f s", f.get("ready_s").asDouble()), Double.NaN, "≤ 3 s",
                    f.get("first_cell_s").asDouble() <= 3);
            row("5. kernel " + jdk + ": 1+1 round trip (median)", ms(f.get("round_trip_s").asDouble()), "", Double.NaN,
                    "< 30 ms", f.get("round_trip_s").asDouble() < 0.030);
            row("5. kernel " + jdk + ": DSL run's cell", String.format("%.3f s", f.get("cell_s").asDouble()),
                    String.format("plain Java %.3f s", plainJava), f.get("cell_s").asDouble() / plainJava, "", null);
        });
        notes.add("DSL run timed in the kernel and in plain Java (median of 5 after one warm-up run):\n    " + DSL_CELL);
    }

    // 6. Peak memory beyond the parameters, MeZO against ZO-Adam, each in a fresh JVM.
    private void memory() {
        int d = 10_000_000;
        JsonNode mezo = child("mezo", d, 3, 30);
        JsonNode adam = child("adam", d, 2, 2); // Adam's 800 MB dwarf what the JIT takes: a short warm-up
        double parameters = mezo.get("parameters_bytes").asDouble();
        double mezoExtra = extra(mezo);
        double adamExtra = extra(adam);
        row("6. MeZO memory beyond θ, d = 1e7", kb(mezoExtra), "ZO-Adam " + mb(adamExtra), mezoExtra / adamExtra,
                "MeZO < 1% of θ", mezoExtra < 0.01 * parameters);
        notes.add(String.format("memory at d = 1e7 (θ: %s float32); extra = native peak Δ (resident set, heap pre-touched)"
                        + " + live heap peak Δ + the loops' one-time scratch (bound)%n"
                        + "    %s%n    %s%n    MeZO extra / θ = %.3f%%", mb(parameters), memoryLine("MeZO", mezo),
                memoryLine("Adam", adam), 100 * mezoExtra / parameters));
    }

    private static String memoryLine(String name, JsonNode m) {
        return String.format("%-5s native peak Δ %s, live heap peak Δ %s, scratch ≤ %s; heap allocated per step %s (garbage)",
                name, kb(m.get("native_peak_bytes").asDouble()), kb(m.get("live_heap_peak_bytes").asDouble()),
                kb(m.get("scratch_bound_bytes").asDouble()), kb(m.get("heap_allocated_per_step_bytes").asDouble()));
    }

    private static double extra(JsonNode m) {
        return m.get("native_peak_bytes").asDouble() + Math.max(0, m.get("live_heap_peak_bytes").asDouble())
                + m.get("scratch_bound_bytes").asDouble();
    }

    private static JsonNode child(String method, int d, int steps, int warmUp) {
        List<String> options = new ArrayList<>(Child.jvmOptions().stream().filter(a -> !a.startsWith("-Xm")).toList());
        options.addAll(List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch")); // heap resident from the start
        return Child.jvm(options, Bench.class, "memory-child", method, d, steps, warmUp);
    }

    // 9. Bayesian optimization: simple regret against optuna's TPE and random search; time per acquisition.
    private void bayes() {
        for (var problem : BayesBench.regrets().entrySet()) {
            double[] bo = problem.getValue().get("bo");
            double[] tpe = problem.getValue().get("tpe");
            double[] random = problem.getValue().get("random");
            for (int b = 0; b < BayesBench.BUDGETS.length; b++) {
                row("9. BO median regret, " + problem.getKey() + ", " + BayesBench.BUDGETS[b] + " evaluations",
                        String.format("%.3g", bo[b]), String.format("TPE %.3g, random %.3g", tpe[b], random[b]),
                        bo[b] / tpe[b], "≤ 1", bo[b] <= tpe[b]);
            }
        }
        for (int n : new int[] {50, 200}) {
            double zeroth = Double.POSITIVE_INFINITY;
            double sklearn = Double.POSITIVE_INFINITY;
            for (int round = 0; round < 2; round++) {
                zeroth = Math.min(zeroth, BayesBench.secondsPerAcquisition(n));
                sklearn = Math.min(sklearn, BayesBench.sklearnSecondsPerAcquisition(n));
            }
            row("9. BO acquisition, n = " + n + " observations, d = 6", ms(zeroth), "sklearn GP-EI " + ms(sklearn),
                    zeroth / sklearn, "", null);
        }
    }

    // 11. The first calls in a fresh JVM, after Tensors.warmUp() (the kernel's start-up) and without it.
    private void firstCalls() {
        FirstCalls.measure().forEach((op, s) -> row("11. first " + FirstCalls.CALLS + " calls of Tensors." + op
                + ", d = " + exp(FirstCalls.DIMENSION), ms(s[1]) + " (warm-up " + ms(s[2]) + ")",
                "without warm-up " + ms(s[0]), s[1] / s[0], "", null));
    }

    private void row(String what, String zeroth, String baseline, double ratio, String target, Boolean met) {
        rows.add(new String[] {what, zeroth, baseline, Double.isNaN(ratio) ? "" : Double.isInfinite(ratio) ? "∞"
                : String.format("%.3g", ratio), target, met == null ? "" : met ? "yes" : "NO"});
    }

    private String render(String header) {
        String[] titles = {"measurement", "Zeroth", "baseline", "ratio", "target", "met"};
        int[] widths = new int[titles.length];
        for (int c = 0; c < titles.length; c++) {
            widths[c] = titles[c].length();
            for (String[] r : rows) {
                widths[c] = Math.max(widths[c], r[c].length());
            }
        }
        StringBuilder out = new StringBuilder(header).append("\n\n");
        appendRow(out, titles, widths);
        String[] rule = new String[titles.length];
        for (int c = 0; c < titles.length; c++) {
            rule[c] = "-".repeat(widths[c]);
        }
        appendRow(out, rule, widths);
        rows.forEach(r -> appendRow(out, r, widths));
        notes.forEach(n -> out.append('\n').append(n).append('\n'));
        return out.toString();
    }

    private static void appendRow(StringBuilder out, String[] cells, int[] widths) {
        out.append('|');
        for (int c = 0; c < cells.length; c++) {
            out.append(' ').append(cells[c]).append(" ".repeat(widths[c] - cells[c].length())).append(" |");
        }
        out.append('\n');
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String exp(int d) {
        return "1e" + Math.round(Math.log10(d));
    }

    private static String shortNumber(double v) {
        return v >= 0.01 ? String.valueOf(v) : String.format("%.0e", v);
    }

    /** Milliseconds, or microseconds below one (a 10⁵-element op is ≈ 0.02 ms: "0.0 ms" said nothing). */
    private static String ms(double seconds) {
        return seconds < 1e-3 ? String.format("%.1f µs", seconds * 1e6) : String.format("%.1f ms", seconds * 1e3);
    }

    private static String us(double seconds) {
        return String.format("%.2f µs", seconds * 1e6);
    }

    private static String kb(double bytes) {
        return String.format("%.0f KB", bytes / 1e3);
    }

    private static String mb(double bytes) {
        return String.format("%.0f MB", bytes / 1e6);
    }

    private static String count(Double evaluations) {
        return evaluations == null ? "— (none reached)" : String.format("%.0f", evaluations);
    }
}
