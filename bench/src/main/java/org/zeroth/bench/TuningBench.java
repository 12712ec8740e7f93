package org.zeroth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.zeroth.Zo;
import org.zeroth.datasets.Dataset;
import org.zeroth.datasets.Datasets;
import org.zeroth.datasets.Split;
import org.zeroth.models.Classifier;
import org.zeroth.models.Trainer;
import org.zeroth.space.Param;
import org.zeroth.space.Params;
import org.zeroth.space.Space;
import org.zeroth.space.Tuning;
import org.zeroth.space.TuningRun;
import tech.tablesaw.api.Table;

/**
 * Issue 15's mixed-space row: tuning the digits MLP (notebook 10's loss: validation cross-entropy after 3 epochs
 * of training, seeds fixed) over lr, wd (log), hidden units (log integer) and the update rule, with Zeroth's
 * {@code zo.tune} methods and optuna's TPE and random samplers (Debian's python3-optuna, driven ask/tell by
 * {@code python/optuna_tuning.py}). optuna's proposals are trained by this JVM with the same loss, so every method
 * is scored on one function. Figures: median over seeds of the best loss after 20/50/100 evaluations, and its
 * regret against the least loss any run of the bench found (the MLP's true optimum is unknown).
 * {@code bench/run.sh tuning [seeds] [budget] [methods]}; defaults 10 seeds, 100 evaluations, every method
 * (bo, random, cmaes, zo, tpe, optuna-random; comma-separated).
 */
public final class TuningBench {
    static final Space SPACE = Space.of(Param.real("lr", 1e-4, 1).log(), Param.real("wd", 1e-6, 1e-1).log(),
            Param.integer("hidden", 4, 128).log(), Param.choice("rule", "sgd", "adam"));
    private static final int[] BUDGETS = {20, 50, 100};
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Dataset train;
    private final Dataset validation;

    private TuningBench() {
        Split split = Datasets.digits().split(0.3, 0.2, 7).standardized();
        train = split.train();
        validation = split.validation();
    }

    double loss(Params p) {
        Classifier model = Classifier.mlp(train, p.integer("hidden")).l2(p.real("wd")).seed(1).build();
        Trainer trainer = p.choice("rule").equals("adam") ? Trainer.adam(p.real("lr")) : Trainer.sgd(p.real("lr"));
        trainer.epochs(3).batchSize(64).seed(1).train(model, train);
        double v = model.loss(validation);
        return Double.isFinite(v) ? Math.min(v, 10) : 10;
    }

    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int budget = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Set<String> only = args.length > 2 ? Set.of(args[2].split(",")) : null; // e.g. "bo,tpe"
        new TuningBench().run(seeds, budget, only);
    }

    /** Runs the methods whose key (bo, random, cmaes, zo, tpe, optuna-random) is in {@code only} (null: all). */
    private void run(int seeds, int budget, Set<String> only) throws IOException {
        Map<String, UnaryOperator<Tuning>> zeroth = new LinkedHashMap<>();
        zeroth.put("Zeroth BO", Tuning::bayesian);
        zeroth.put("Zeroth random search", Tuning::randomSearch);
        zeroth.put("Zeroth CMA-ES", Tuning::cmaes);
        zeroth.put("Zeroth ZO h=0.2", t -> t.zo(0.2));
        Map<String, double[][]> curves = new LinkedHashMap<>(); // method → seed → best loss after each evaluation
        Map<String, String> notes = new LinkedHashMap<>();
        double load = load();
        List<String> keys = List.of("bo", "random", "cmaes", "zo");
        for (var method : zeroth.entrySet()) {
            if (only != null && !only.contains(keys.get(new ArrayList<>(zeroth.keySet()).indexOf(method.getKey())))) {
                continue;
            }
            double[][] perSeed = new double[seeds][];
            long calls = 0;
            try {
                for (int s = 0; s < seeds; s++) {
                    System.err.println("[tuning] " + method.getKey() + " seed " + s);
                    TuningRun r = method.getValue().apply(Zo.zo.tune(SPACE, this::loss)).seed(s).maxEvaluations(budget)
                            .progress(false).steps(1_000_000);
                    perSeed[s] = bestAfterEach(r.trace(), budget);
                    calls += r.calls();
                }
            } catch (UnsupportedOperationException e) {
                notes.put(method.getKey(), "not run: " + e.getMessage());
                continue;
            }
            curves.put(method.getKey(), perSeed);
            notes.put(method.getKey(), calls + " trainings for " + (long) seeds * budget + " evaluations");
        }
        for (String sampler : List.of("tpe", "random")) {
            if (only != null && !only.contains(sampler.equals("tpe") ? "tpe" : "optuna-random")) {
                continue;
            }
            String name = "optuna " + (sampler.equals("tpe") ? "TPE" : "random");
            double[][] perSeed = new double[seeds][];
            int repeats = 0;
            for (int s = 0; s < seeds; s++) {
                System.err.println("[tuning] " + name + " seed " + s);
                int[] repeated = new int[1];
                perSeed[s] = optuna(sampler, s, budget, repeated);
                repeats += repeated[0];
            }
            curves.put(name, perSeed);
            notes.put(name, repeats + " configurations proposed again (trained again by optuna; here their loss was"
                    + " reused)");
        }
        print(curves, notes, seeds, budget, load);
    }

    /** Best loss so far after evaluation 1 … budget, read from the trace's evaluations and best columns. */
    static double[] bestAfterEach(Table trace, int budget) {
        double[] best = new double[budget];
        Arrays.fill(best, Double.NaN);
        long[] evaluations = trace.longColumn("evaluations").asLongArray();
        double[] bestColumn = trace.doubleColumn("best").asDoubleArray();
        for (int i = 0; i < evaluations.length; i++) {
            for (long e = evaluations[i]; e <= budget && e >= 1; e++) {
                best[(int) e - 1] = bestColumn[i]; // holds until the next row's evaluation count
            }
        }
        return best;
    }

    /** One optuna study: ask, train here, tell. */
    private double[] optuna(String sampler, int seed, int budget, int[] repeated) throws IOException {
        Path script = Path.of("bench/python/optuna_tuning.py");
        Process process = new ProcessBuilder(Python.INTERPRETER.toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        double[] best = new double[budget];
        Map<Params, Double> seen = new LinkedHashMap<>();
        try (PrintWriter out = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            out.println(JSON.writeValueAsString(Map.of("sampler", sampler, "seed", seed, "budget", budget)));
            double least = Double.POSITIVE_INFINITY;
            for (int i = 0; i < budget; i++) {
                JsonNode q = JSON.readTree(in.readLine());
                Params p = SPACE.configuration("lr", q.get("lr").asDouble(), "wd", q.get("wd").asDouble(),
                        "hidden", q.get("hidden").asInt(), "rule", q.get("rule").asText());
                Double known = seen.get(p);
                double v = known != null ? known : loss(p);
                repeated[0] += known != null ? 1 : 0;
                seen.put(p, v);
                least = Math.min(least, v);
                best[i] = least;
                out.println(JSON.writeValueAsString(Map.of("loss", v)));
            }
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return best;
    }

    private static void print(Map<String, double[][]> curves, Map<String, String> notes, int seeds, int budget,
                              double loadBefore) throws IOException {
        double optimum = curves.values().stream().flatMap(Arrays::stream).mapToDouble(c -> c[c.length - 1]).min()
                .orElse(Double.NaN);
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%s · %s · %s · load %.1f → %.1f · %d seeds%n%n", LocalDate.now(), cpu(),
                "Java " + Runtime.version().feature(), loadBefore, load(), seeds));
        t.append("| method |");
        List<Integer> budgets = new ArrayList<>();
        for (int b : BUDGETS) {
            if (b <= budget) {
                budgets.add(b);
                t.append(" best loss @").append(b).append(" (regret) |");
            }
        }
        t.append("\n|---|").append("---|".repeat(budgets.size())).append('\n');
        for (var e : curves.entrySet()) {
            t.append("| ").append(e.getKey()).append(" |");
            for (int b : budgets) {
                double[] at = Arrays.stream(e.getValue()).mapToDouble(c -> c[b - 1]).sorted().toArray();
                double median = at.length % 2 == 1 ? at[at.length / 2] : (at[at.length / 2 - 1] + at[at.length / 2]) / 2;
                t.append(String.format(Locale.ROOT, " %.4f (%.4f) |", median, median - optimum));
            }
            t.append('\n');
        }
        t.append(String.format(Locale.ROOT, "%nregret = median best loss − %.4f, the least loss of any run here%n", optimum));
        notes.forEach((k, v) -> t.append("- ").append(k).append(": ").append(v).append('\n'));
        System.out.print(t);
        Files.createDirectories(Path.of("bench/target"));
        Files.writeString(Path.of("bench/target/tuning-table.md"), t);
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?")
                    + " × " + Runtime.getRuntime().availableProcessors();
        } catch (IOException e) {
            return "?";
        }
    }

    private static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
