package org.zeroth.bench;

import static org.zeroth.Zo.zo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeroth.Run;
import org.zeroth.problems.Problem;
import org.zeroth.problems.Problems;
import tech.tablesaw.api.Table;

/**
 * Section "bayes": Zeroth's Bayesian optimization (defaults: 2(d + 1) Latin hypercube points, log-EI) against
 * optuna's TPE sampler and random search — median simple regret f(best) − f* over seeds at 20, 50 and 100
 * evaluations — and the time of one acquisition at n = 50 and 200 observations against a scikit-learn GP-EI loop.
 */
final class BayesBench {
    static final Path SCRIPT = Path.of("bench/python/bo_baselines.py");
    static final int[] BUDGETS = {20, 50, 100};
    static final int SEEDS = 10;

    private BayesBench() {
    }

    /** problem → method → budget → median regret. */
    static Map<String, Map<String, double[]>> regrets() {
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        for (Problem p : List.of(Problems.branin(), Problems.hartmann6(), Problems.levy(5))) {
            int budget = BUDGETS[BUDGETS.length - 1];
            List<double[]> bo = new ArrayList<>();
            List<double[]> random = new ArrayList<>();
            List<double[]> tpe = new ArrayList<>();
            int n0 = 2 * (p.dimension() + 1);
            for (int seed = 0; seed < SEEDS; seed++) {
                System.err.println("[bench] bayes " + p.name() + " seed " + seed);
                bo.add(curve(zo.bayesian(p).seed(seed).progress(false).steps(budget - n0), budget));
                random.add(curve(zo.randomSearch(p).seed(seed).progress(false).steps(budget), budget));
            }
            JsonNode curves = Python.run(SCRIPT, "tpe", p.name(), SEEDS, budget).get("best");
            for (JsonNode c : curves) {
                double[] v = new double[budget];
                for (int i = 0; i < budget; i++) {
                    v[i] = c.get(i).asDouble();
                }
                tpe.add(v);
            }
            Map<String, double[]> methods = new LinkedHashMap<>();
            methods.put("bo", medians(bo, p.optimalValue()));
            methods.put("tpe", medians(tpe, p.optimalValue()));
            methods.put("random", medians(random, p.optimalValue()));
            out.put(p.name(), methods);
        }
        return out;
    }

    /** Best value so far after each of the first n evaluations. */
    private static double[] curve(Run run, int n) {
        Table trace = run.trace();
        double[] best = trace.doubleColumn("best").asDoubleArray();
        if (best.length < n) {
            throw new IllegalStateException(run.method() + " made " + best.length + " evaluations, not " + n);
        }
        return Arrays.copyOf(best, n);
    }

    private static double[] medians(List<double[]> curves, double optimum) {
        double[] m = new double[BUDGETS.length];
        for (int b = 0; b < BUDGETS.length; b++) {
            double[] at = new double[curves.size()];
            for (int s = 0; s < at.length; s++) {
                at[s] = curves.get(s)[BUDGETS[b] - 1] - optimum;
            }
            Arrays.sort(at);
            m[b] = at.length % 2 == 1 ? at[at.length / 2] : (at[at.length / 2 - 1] + at[at.length / 2]) / 2;
        }
        return m;
    }

    /**
     * Seconds per acquisition with n observations on Hartmann6: a run with an n-point initial design and 4
     * acquisitions; the median of the last three step intervals of its trace (the first fit is a cold start).
     */
    static double secondsPerAcquisition(int n) {
        Run run = zo.bayesian(Problems.hartmann6()).initialPoints(n).seed(1).progress(false).steps(4);
        double[] seconds = run.trace().doubleColumn("seconds").asDoubleArray();
        double[] steps = {seconds[n + 1] - seconds[n], seconds[n + 2] - seconds[n + 1], seconds[n + 3] - seconds[n + 2]};
        Arrays.sort(steps);
        return steps[1];
    }

    static double sklearnSecondsPerAcquisition(int n) {
        return Python.run(SCRIPT, "gp-ei", n, 3).get("seconds_per_acquisition").asDouble();
    }
}
