package org.zeroth.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;
import static org.zeroth.population.Traces.assertRowPerEvaluation;
import static org.zeroth.population.Traces.assertSameRun;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.StopReason;
import org.zeroth.tensor.Tensors;

/**
 * Nelder–Mead and Powell within(lo, hi) find the minimum over the box (Hipparchus' versions take no bounds). They
 * once minimized f(clamp(x)), flat outside the box: a simplex or line search stepping past a face stopped there.
 */
class BoxedBaselinesTest {

    /** An objective that counts its calls and checks that every point it is asked lies in the box. */
    private static final class Counted {
        final double[] lo;
        final double[] hi;
        final Objective f;
        long calls;

        Counted(double[] lo, double[] hi, Function<double[], Double> g) {
            this.lo = lo;
            this.hi = hi;
            this.f = x -> {
                calls++;
                double[] p = Tensors.toArray(x);
                for (int i = 0; i < p.length; i++) {
                    assertTrue(lo[i] <= p[i] && p[i] <= hi[i], () -> "evaluated outside the box: "
                            + java.util.Arrays.toString(p));
                }
                return g.apply(p);
            };
        }

        /** Checks the run against the calls counted here, and its final point against the box. */
        Run check(Run run) {
            assertEquals(calls, run.evaluations(), run::toString);
            assertRowPerEvaluation(run);
            double[] end = Tensors.toArray(run.finalPoint());
            for (int i = 0; i < end.length; i++) {
                assertTrue(lo[i] <= end[i] && end[i] <= hi[i], run::toString);
            }
            return run;
        }
    }

    private static double[] filled(int d, double v) {
        double[] a = new double[d];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static Run run(String method, Counted f, double... start) {
        Baseline<?> b = method.equals("nelder-mead") ? zo.nelderMead(f.f) : zo.powell(f.f);
        return f.check(b.from(start).within(f.lo, f.hi).progress(false).seed(1).maxEvaluations(5_000).run());
    }

    @Test
    void sphereIsSolvedFromEveryStartOfAGridOverTheBoxAndFromOutside() {
        // 21 × 21 starts on [−5, 5]² (faces and corners included) and starts outside; the minimum is 0 at the origin.
        double[][] outside = {{20, -30}, {-7, 9}, {6, 6}, {5, 50}};
        for (String method : new String[] {"nelder-mead", "powell"}) {
            int failed = 0;
            StringBuilder where = new StringBuilder();
            for (int k = 0; k < 441 + outside.length; k++) {
                double[] start = k < 441 ? new double[] {-5 + 0.5 * (k / 21), -5 + 0.5 * (k % 21)} : outside[k - 441];
                Counted sphere = new Counted(filled(2, -5), filled(2, 5), x -> x[0] * x[0] + x[1] * x[1]);
                Run r = run(method, sphere, start);
                if (!(r.bestValue() < 1e-8) || r.stopReason() != StopReason.CONVERGED) {
                    failed++;
                    where.append(java.util.Arrays.toString(start)).append(" → ").append(r.bestValue()).append("; ");
                }
            }
            assertEquals(0, failed, method + " failed from " + where);
        }
    }

    @Test
    void aMinimumOutsideTheBoxEndsAtItsProjectionOntoTheBox() {
        // f = Σ wᵢ (xᵢ − cᵢ)² is separable, so its minimum over a box is c clamped into the box, and f there is
        // Σ wᵢ (clamp(cᵢ) − cᵢ)². Here c = (7, −2, −9, 0.5) in [−5, 5] × [−1, 3] × [−4, 4] × [0, 1]: the minimum
        // is on an upper face, two lower faces and inside along the last coordinate.
        double[] lo = {-5, -1, -4, 0};
        double[] hi = {5, 3, 4, 1};
        double[] c = {7, -2, -9, 0.5};
        double[] w = {1, 3, 0.5, 2};
        double[] expected = {5, -1, -4, 0.5};
        double fMin = 1 * 4 + 3 * 1 + 0.5 * 25;
        for (String method : new String[] {"nelder-mead", "powell"}) {
            for (double[] start : new double[][] {{0, 0, 0, 0.5}, {5, 3, 4, 1}, {-5, -1, -4, 0}, {4, 2, 3, 0.9}}) {
                Counted f = new Counted(lo, hi, x -> {
                    double s = 0;
                    for (int i = 0; i < x.length; i++) {
                        s += w[i] * (x[i] - c[i]) * (x[i] - c[i]);
                    }
                    return s;
                });
                Run r = run(method, f, start);
                String at = method + " from " + java.util.Arrays.toString(start) + ": " + r;
                assertEquals(StopReason.CONVERGED, r.stopReason(), at);
                assertEquals(fMin, r.bestValue(), 1e-6, at);
                for (int i = 0; i < 4; i++) {
                    assertEquals(expected[i], r.bestPoint().getDouble(i), 1e-3, at);
                    assertEquals(expected[i], r.finalPoint().getDouble(i), 1e-3, at);
                }
            }
        }
    }

    @Test
    void aMinimumBeyondACornerEndsAtTheCorner() {
        // (x − 8)² + (y + 8)² + x·y/4 is convex; on [−5, 5]² its gradient at (5, −5) is (−7.25, 7.25): descent
        // leaves the box through both faces there, so the corner is the minimum over the box, f = 9 + 9 − 6.25.
        for (String method : new String[] {"nelder-mead", "powell"}) {
            for (double[] start : new double[][] {{-5, 5}, {0, 0}, {5, 5}, {-5, -5}}) {
                Counted f = new Counted(filled(2, -5), filled(2, 5),
                        x -> (x[0] - 8) * (x[0] - 8) + (x[1] + 8) * (x[1] + 8) + x[0] * x[1] / 4);
                Run r = run(method, f, start);
                assertEquals(11.75, r.bestValue(), 1e-9, r::toString);
                assertEquals(5, r.finalPoint().getDouble(0), 1e-6, r::toString);
                assertEquals(-5, r.finalPoint().getDouble(1), 1e-6, r::toString);
            }
        }
    }

    @Test
    void aBoxedRunRepeatsItself() {
        for (String method : new String[] {"nelder-mead", "powell"}) {
            Counted a = new Counted(filled(3, -2), filled(3, 2), x -> Math.pow(x[0] - 3, 2) + x[1] * x[1] + x[2]);
            Counted b = new Counted(filled(3, -2), filled(3, 2), x -> Math.pow(x[0] - 3, 2) + x[1] * x[1] + x[2]);
            assertSameRun(run(method, a, 2, 2, 2), run(method, b, 2, 2, 2));
        }
    }
}
