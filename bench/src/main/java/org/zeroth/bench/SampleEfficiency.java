package org.zeroth.bench;

import static org.zeroth.Zo.zo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.zeroth.Run;
import org.zeroth.RunBuilder;
import org.zeroth.RunFailedException;
import org.zeroth.StopReason;
import org.zeroth.optimize.Minimizer;
import org.zeroth.population.Bobyqa;
import org.zeroth.population.Cbo;
import org.zeroth.population.CmaEs;
import org.zeroth.population.NelderMead;
import org.zeroth.population.Powell;
import org.zeroth.problems.Problem;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * Evaluations to reach a target, Zeroth's methods against scipy's Nelder–Mead, Powell and COBYLA, from the
 * same starts with the same budgets. Targets: f < 1e-6 (sphere, ellipsoid), < 1e-4 (Rosenbrock) and, for
 * Rastrigin, f < 0.9 — every local minimum but the global one has f ≥ 0.99 (one coordinate near ±1), and
 * f_i(x) ≥ x² ≥ 0.25 outside |x| < ½, so f < 0.9 proves the point lies in the global minimum's basin.
 */
final class SampleEfficiency {
    static final int[] DIMENSIONS = {2, 10, 100};
    static final int STARTS = 3;

    /**
     * A Zeroth method as a user configures it; the start, target, budget and seed are added by the bench
     * through the options every entry point shares (RunBuilder), and the entry point's {@code steps(n)} runs it.
     */
    record Method(String name, Reach reach) {
        /** Evaluations until the run first reaches the target; null when the budget ran out first. */
        interface Reach {
            Long evaluations(Problem p, double[] start, double target, long budget);
        }

        static <B extends RunBuilder<B>> Method of(String name, Function<Problem, B> configure,
                                                   BiFunction<B, Long, ? extends Run> steps) {
            return new Method(name, (p, start, target, budget) -> {
                B builder = configure.apply(p).from(start).stopAt(target).maxEvaluations(budget).progress(false).seed(1);
                try {
                    Run run = steps.apply(builder, Long.MAX_VALUE);
                    return run.stopReason() == StopReason.TARGET_REACHED ? run.evaluations() : null;
                } catch (RunFailedException diverged) {
                    return null; // e.g. a swarm that left every finite value behind: the target was not reached
                }
            });
        }
    }

    /** The same few ZO configurations on every problem: no per-problem tuning. */
    static final List<Method> ZO_METHODS = List.of(
            Method.of("coordinate forward + sgd 0.1",
                    p -> zo.minimize(p).withCoordinateDifferences(1e-7).sgd(0.1), Minimizer::steps),
            Method.of("coordinate forward + momentum 0.01, 0.9",
                    p -> zo.minimize(p).withCoordinateDifferences(1e-7).momentum(0.01, 0.9), Minimizer::steps),
            Method.of("coordinate forward + adam 0.1",
                    p -> zo.minimize(p).withCoordinateDifferences(1e-7).adam(0.1), Minimizer::steps),
            Method.of("coordinate forward + adam 0.1, β1 = 0.5",
                    p -> zo.minimize(p).withCoordinateDifferences(1e-7).adam(0.1, 0.5, 0.999, 1e-8), Minimizer::steps),
            Method.of("gaussian central q=4 + adam 0.05",
                    p -> zo.minimize(p).withGaussianDirections(1e-4).queries(4).central().adam(0.05), Minimizer::steps),
            Method.of("gaussian h=1 (smoothing) central q=16 + sgd 0.01",
                    p -> zo.minimize(p).withGaussianDirections(1.0).queries(16).central().sgd(0.01), Minimizer::steps));

    /** Zeroth's classic and population methods, each with its defaults. */
    static final List<Method> BASELINE_METHODS = List.of(
            Method.of("zo.nelderMead", zo::nelderMead, NelderMead::steps),
            Method.of("zo.powell", zo::powell, Powell::steps),
            Method.of("zo.bobyqa", zo::bobyqa, Bobyqa::steps),
            Method.of("zo.cmaes", zo::cmaes, CmaEs::steps),
            Method.of("zo.cbo", zo::cbo, Cbo::steps));

    static List<Method> methods() {
        List<Method> methods = new ArrayList<>(ZO_METHODS);
        methods.addAll(BASELINE_METHODS);
        return methods;
    }

    record Case(String problem, int d, double target, long budget, double[][] starts) {
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Map<String, Double> targets = new LinkedHashMap<>();
        targets.put("sphere", 1e-6);
        targets.put("ellipsoid", 1e-6);
        targets.put("rosenbrock", 1e-4);
        targets.put("rastrigin", 0.9);
        for (var target : targets.entrySet()) {
            for (int d : DIMENSIONS) {
                cases.add(new Case(target.getKey(), d, target.getValue(), budget(d), starts(problem(target.getKey(), d))));
            }
        }
        return cases;
    }

    /** 1000 evaluations per dimension, at most 20 000 (COBYLA needs ≈ 0.6 ms per evaluation at d = 100). */
    static long budget(int d) {
        return Math.min(1000L * d, 20_000);
    }

    /** The problem's usual start, then points uniform in [−3, 3]^d from fixed seeds. */
    static double[][] starts(Problem p) {
        int d = p.dimension();
        double[][] starts = new double[STARTS][];
        starts[0] = Tensors.toArray(p.start());
        for (int s = 1; s < STARTS; s++) {
            RandomStream random = RandomStream.of(s).fork(d);
            starts[s] = new double[d];
            for (int i = 0; i < d; i++) {
                starts[s][i] = -3 + 6 * random.uniform(i);
            }
        }
        return starts;
    }

    static Problem problem(String name, int d) {
        IntFunction<Problem> make = switch (name) {
            case "sphere" -> Problems::sphere;
            case "ellipsoid" -> Problems::ellipsoid;
            case "rosenbrock" -> Problems::rosenbrock;
            case "rastrigin" -> Problems::rastrigin;
            default -> throw new IllegalArgumentException(name);
        };
        return make.apply(d);
    }

    /** One row per (problem, d): Zeroth's best method and scipy's best, by median evaluations over the starts. */
    record Row(String problem, int d, double target, long budget, String zerothMethod, Double zeroth,
               String scipyMethod, Double scipy, Map<String, Double> all) {
    }

    static List<Row> measure(Path work) throws Exception {
        List<Case> cases = cases();
        Map<String, Object> input = Map.of("cases", cases.stream().map(c -> Map.of("problem", c.problem(),
                "d", c.d(), "target", c.target(), "budget", c.budget(), "starts", c.starts())).toList());
        Path file = work.resolve("efficiency-cases.json");
        Files.writeString(file, Python.json(input));
        JsonNode scipy = Python.run(Path.of("bench/python/scipy_efficiency.py"), file);
        List<Row> rows = new ArrayList<>();
        for (Case c : cases) {
            Problem p = problem(c.problem(), c.d());
            Map<String, Double> all = new LinkedHashMap<>();
            for (Method m : methods()) {
                Long[] evaluations = new Long[STARTS];
                for (int s = 0; s < STARTS; s++) {
                    evaluations[s] = m.reach().evaluations(p, c.starts()[s], c.target(), c.budget());
                }
                all.put(m.name(), median(evaluations));
            }
            Map<String, Double> baselines = new LinkedHashMap<>();
            for (String method : List.of("Nelder-Mead", "Powell", "COBYLA")) {
                Long[] evaluations = new Long[STARTS];
                for (JsonNode r : scipy.get("results")) {
                    if (r.get("problem").asText().equals(c.problem()) && r.get("d").asInt() == c.d()
                            && r.get("method").asText().equals(method)) {
                        JsonNode e = r.get("evaluations");
                        evaluations[r.get("start").asInt()] = e.isNull() ? null : e.asLong();
                    }
                }
                baselines.put("scipy " + method, median(evaluations));
            }
            var zerothBest = best(all);
            var scipyBest = best(baselines);
            all.putAll(baselines);
            rows.add(new Row(c.problem(), c.d(), c.target(), c.budget(), zerothBest.getKey(), zerothBest.getValue(),
                    scipyBest.getKey(), scipyBest.getValue(), all));
        }
        return rows;
    }

    /** Median over the starts, a start that missed the target counting as +∞ (so null when most missed). */
    static Double median(Long[] evaluations) {
        double[] values = Arrays.stream(evaluations)
                .mapToDouble(e -> e == null ? Double.POSITIVE_INFINITY : e).sorted().toArray();
        double m = values[values.length / 2];
        return Double.isInfinite(m) ? null : m;
    }

    /** The method with the fewest evaluations; (null, null) when none reached the target. */
    private static Map.Entry<String, Double> best(Map<String, Double> results) {
        return results.entrySet().stream().filter(e -> e.getValue() != null)
                .min(Map.Entry.comparingByValue()).orElse(new AbstractMap.SimpleEntry<>(null, null));
    }
}
