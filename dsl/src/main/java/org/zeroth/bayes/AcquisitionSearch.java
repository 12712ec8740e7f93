package org.zeroth.bayes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.zeroth.tensor.RandomStream;

/**
 * Maximizes an acquisition over the unit cube by multi-start local search: scores uniform candidates and
 * perturbations of the best observed points, then polishes the best few with Nelder–Mead (Hipparchus) on the
 * clamped point. Nelder–Mead compares values only, so the steep log-EI landscape far from the data (log EI ≈ −z²/2)
 * does not upset it as it would a quadratic model.
 */
final class AcquisitionSearch {
    private static final int LOCAL_STARTS = 3;

    private AcquisitionSearch() {
    }

    /** The point of [0, 1]^d that maximizes the acquisition under gp, given the incumbent best value. */
    static double[] maximize(GaussianProcess gp, Acquisition acquisition, double best, double[][] observed,
                             double[] values, RandomStream random) {
        int d = observed[0].length;
        List<double[]> candidates = new ArrayList<>();
        long draw = 0;
        for (int c = 0; c < 500 + 100 * d; c++) {
            double[] u = new double[d];
            for (int j = 0; j < d; j++) {
                u[j] = random.uniform(draw++);
            }
            candidates.add(u);
        }
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        for (int r = 0; r < Math.min(5, order.length); r++) { // exploit: around the best points seen
            for (int c = 0; c < 20; c++) {
                double[] u = observed[order[r]].clone();
                double scale = c < 10 ? 0.01 : 0.1;
                for (int j = 0; j < d; j++) {
                    u[j] = clamp(u[j] + scale * random.gaussian(draw++));
                }
                candidates.add(u);
            }
        }
        double[] scores = new double[candidates.size()];
        Integer[] ranked = new Integer[scores.length];
        for (int c = 0; c < scores.length; c++) {
            scores[c] = score(gp, acquisition, best, candidates.get(c));
            ranked[c] = c;
        }
        Arrays.sort(ranked, Comparator.comparingDouble(c -> -scores[c]));
        double[] bestPoint = candidates.get(ranked[0]);
        double bestScore = scores[ranked[0]];
        for (int s = 0; s < Math.min(LOCAL_STARTS, ranked.length); s++) {
            double[] start = candidates.get(ranked[s]);
            if (!(scores[ranked[s]] > Double.NEGATIVE_INFINITY)) {
                break;
            }
            PointValuePair local = polish(gp, acquisition, best, start);
            if (local != null && local.getValue() > bestScore) {
                bestScore = local.getValue();
                bestPoint = local.getPoint();
            }
        }
        return bestPoint;
    }

    /** Nelder–Mead from start; the best point it evaluated (also when it runs out of evaluations). */
    private static PointValuePair polish(GaussianProcess gp, Acquisition acquisition, double best, double[] start) {
        int d = start.length;
        PointValuePair[] seen = {null};
        ObjectiveFunction f = new ObjectiveFunction(u -> {
            double[] c = clamped(u);
            double s = Math.max(score(gp, acquisition, best, c), -1e300); // comparable where EI is exactly 0
            if (seen[0] == null || s > seen[0].getValue()) {
                seen[0] = new PointValuePair(c, s);
            }
            return s;
        });
        try {
            new SimplexOptimizer(new SimpleValueChecker(1e-10, 1e-12)).optimize(new MaxEval(60 + 40 * d), f,
                    GoalType.MAXIMIZE, new InitialGuess(start), new NelderMeadSimplex(d, 0.02));
        } catch (MathIllegalStateException e) {
            // out of evaluations: the best point seen so far stands
        }
        return seen[0];
    }

    private static double score(GaussianProcess gp, Acquisition acquisition, double best, double[] u) {
        double[] p = gp.predict(u);
        return acquisition.score(p[0], p[1], best);
    }

    private static double[] clamped(double[] u) {
        double[] c = new double[u.length];
        for (int j = 0; j < u.length; j++) {
            c[j] = clamp(u[j]);
        }
        return c;
    }

    private static double clamp(double v) {
        return Math.min(1, Math.max(0, v));
    }
}
