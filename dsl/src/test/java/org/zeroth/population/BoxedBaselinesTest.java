package org.zeroth.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;
import static org.zeroth.population.Traces.assertRowPerEvaluation;
import static org.zeroth.population.Traces.assertSameRun;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.PowellOptimizer;
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

    private static final List<String> CLASSIC = List.of("cma-es", "nelder-mead", "powell", "bobyqa", "direct-search");

    private static Run classic(String method, Counted f, double... start) {
        return switch (method) {
            case "cma-es" -> zo.cmaes(f.f).from(start).within(f.lo, f.hi).seed(1).progress(false).run();
            case "nelder-mead" -> zo.nelderMead(f.f).from(start).within(f.lo, f.hi).progress(false).run();
            case "powell" -> zo.powell(f.f).from(start).within(f.lo, f.hi).progress(false).run();
            case "bobyqa" -> zo.bobyqa(f.f).from(start).within(f.lo, f.hi).progress(false).run();
            default -> zo.directSearch(f.f).from(start).within(f.lo, f.hi).seed(1).progress(false).run();
        };
    }

    @Test
    void aCoordinateTheBoxFixesStaysAndTheOthersAreSearched() {
        // f = Σ (xᵢ − cᵢ)² with x₁ fixed at 0.5: the least value in the box is (0.5 − c₁)² = 6.25.
        double[] c = {1.5, -2, -0.75, 2.5};
        for (String method : CLASSIC) {
            Counted f = new Counted(new double[] {-5, 0.5, -5, -5}, new double[] {5, 0.5, 5, 5}, x -> {
                double v = 0;
                for (int i = 0; i < x.length; i++) {
                    v += (x[i] - c[i]) * (x[i] - c[i]);
                }
                return v;
            });
            Run run = f.check(classic(method, f, 3, 0.5, -2, 1));
            assertEquals(StopReason.CONVERGED, run.stopReason(), method);
            assertEquals(6.25, run.bestValue(), 1e-6, method);
            if (!method.equals("direct-search")) { // it polls the free coordinates; the others search a subspace
                assertEquals("1 of 4 (lo = hi)", run.config().get("fixed"), method);
            }
        }
    }

    @Test
    void aMethodTheFreeCoordinatesAreTooFewForSaysTheBoxLeftThem() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> zo.bobyqa(
                org.zeroth.problems.Problems.sphere(3)).within(new double[] {0.2, 0.5, -1}, new double[] {0.2, 0.5, 1})
                .progress(false).steps(200));
        assertTrue(e.getMessage().contains("(within(lo, hi) fixes 2 of 3 (lo = hi): 1 left to search)"), e.getMessage());
    }

    @Test
    void aBoxThatIsOnePointIsEvaluatedOnce() {
        for (String method : CLASSIC) {
            Counted f = new Counted(new double[] {0.5, -1}, new double[] {0.5, -1}, x -> x[0] * x[0] + x[1]);
            Run run = f.check(classic(method, f, 3, 3));
            assertEquals(1, run.evaluations(), method);
            assertEquals(-0.75, run.bestValue(), 0.0, method);
            assertEquals(StopReason.CONVERGED, run.stopReason(), method);
        }
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

    /** Rosenbrock's minimum over [−2, 2] × [−2, 0.64], from 100 seeded starts in the box and with its budget. */
    private static final double[] FACE_LO = {-2, -2};
    private static final double[] FACE_HI = {2, 0.64};

    private static Counted rosenbrockBelowTheFace() {
        return new Counted(FACE_LO, FACE_HI, x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2));
    }

    @Test
    void powellRestartsWhereItsDirectionsDegenerateAlongACurvedFace() {
        // The valley y = x² leaves the box through the face y = 0.64, so the minimum is on that face: where
        // |x| < 0.8, f ≥ (1 − x)² > 0.04; elsewhere the best y is 0.64 and f = g(x) = 100(x² − 0.64)² + (1 − x)²,
        // g'(0.8) = −0.4, so min g over x ≥ 0.8 (unimodal there: ternary search) is below 0.04, and x ≤ −0.8 gives
        // f ≥ 3.24. Without restarts Powell stopped short, CONVERGED up to 0.004 above it, from 13 of these starts.
        DoubleUnaryOperator g = x -> 100 * (x * x - 0.64) * (x * x - 0.64) + (1 - x) * (1 - x);
        double a = 0.8;
        double b = 1;
        for (int i = 0; i < 200; i++) {
            double m1 = a + (b - a) / 3;
            double m2 = b - (b - a) / 3;
            if (g.applyAsDouble(m1) < g.applyAsDouble(m2)) {
                b = m2;
            } else {
                a = m1;
            }
        }
        double fMin = g.applyAsDouble((a + b) / 2);
        assertTrue(fMin < 0.04 && fMin > 0.0398, "f* = " + fMin);
        java.util.Random starts = new java.util.Random(42);
        int stoppedShort = 0;
        StringBuilder where = new StringBuilder();
        for (int k = 0; k < 100; k++) {
            double[] start = {-2 + 4 * starts.nextDouble(), -2 + 2.64 * starts.nextDouble()};
            Run r = run("powell", rosenbrockBelowTheFace(), start);
            if (!(r.bestValue() - fMin <= 1e-6) || r.stopReason() != StopReason.CONVERGED) {
                stoppedShort++;
                where.append(java.util.Arrays.toString(start)).append(" → ").append(r.bestValue()).append(" ")
                        .append(r.stopReason()).append("; ");
            }
        }
        assertEquals(0, stoppedShort, "stopped short from " + where);
    }

    @Test
    void powellEvaluatesThePointsHipparchusAsksForLessTheRepeats() {
        // Hipparchus' Powell asks f again at each line search's origin and at its bracket's middle. Zeroth's first
        // phase (before any restart) must evaluate exactly the points Hipparchus asks for, less those among the
        // last eight evaluated, and so end where Hipparchus ends.
        for (double[] start : new double[][] {{-1.2, 1}, {1.7, -1}, {0.3, 0.3, 0.3}}) {
            List<double[]> asked = new ArrayList<>();
            PointValuePair hipparchus = new PowellOptimizer(1e-10, 1e-14, 1e-5, 1e-7).optimize(
                    new ObjectiveFunction(x -> {
                        asked.add(x.clone());
                        return rosenbrock(x);
                    }), GoalType.MINIMIZE, new InitialGuess(start), MaxEval.unlimited(), MaxIter.unlimited());
            List<double[]> expected = new ArrayList<>();
            for (double[] p : asked) {
                if (expected.subList(Math.max(0, expected.size() - 8), expected.size()).stream()
                        .noneMatch(q -> Arrays.equals(p, q))) {
                    expected.add(p);
                }
            }
            List<double[]> evaluated = new ArrayList<>();
            Run run = zo.powell(x -> {
                double[] p = Tensors.toArray(x);
                evaluated.add(p);
                return rosenbrock(p);
            }).from(start).progress(false).maxEvaluations(20_000).run();
            String where = Arrays.toString(start);
            assertEquals(StopReason.CONVERGED, run.stopReason(), run::toString);
            assertEquals(evaluated.size(), run.evaluations(), where);
            assertTrue(expected.size() < asked.size() * 0.9, where + ": " + asked.size() + " asked, "
                    + expected.size() + " new");
            assertTrue(evaluated.size() >= expected.size(), where);
            for (int k = 0; k < expected.size(); k++) {
                assertArrayEquals(expected.get(k), evaluated.get(k), where + ": evaluation " + (k + 1));
            }
            assertTrue(run.bestValue() <= hipparchus.getValue(), where + ": restarts only go lower");
        }
    }

    private static double rosenbrock(double[] p) {
        double f = 0;
        for (int i = 0; i + 1 < p.length; i++) {
            f += 100 * Math.pow(p[i + 1] - p[i] * p[i], 2) + Math.pow(1 - p[i], 2);
        }
        return f;
    }

    @Test
    void powellsRestartsStayWithinTheBudget() {
        // The run's last restart only confirms the minimum; a budget one evaluation short ends the run there.
        Run full = run("powell", rosenbrockBelowTheFace(), 1.7, -1);
        assertEquals(StopReason.CONVERGED, full.stopReason(), full::toString);
        for (long budget : new long[] {full.evaluations() - 1, full.evaluations() / 2, 1}) {
            Counted f = rosenbrockBelowTheFace();
            Run r = f.check(zo.powell(f.f).from(1.7, -1).within(FACE_LO, FACE_HI).progress(false)
                    .maxEvaluations(budget).run());
            assertEquals(StopReason.MAX_EVALUATIONS, r.stopReason(), r::toString);
            assertEquals(budget, r.evaluations(), r::toString);
            Counted h = rosenbrockBelowTheFace();
            Run s = h.check(zo.powell(h.f).from(1.7, -1).within(FACE_LO, FACE_HI).progress(false).steps(budget));
            assertEquals(StopReason.STEPS, s.stopReason(), s::toString);
            assertEquals(budget, s.evaluations(), s::toString);
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
