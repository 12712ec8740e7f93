package org.zeroth.population;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.RunFailedException;
import org.zeroth.StopReason;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;

/** Direct search converges on nonsmooth functions where compass search and gradient estimates stall. */
class DirectSearchTest {
    /** |x₁ − x₂| + ½|x₁ + x₂|: from (1, 1) every coordinate move goes up, but (−1, −1) goes down to 0. */
    private static final Objective KINK = x -> Math.abs(x.getDouble(0) - x.getDouble(1))
            + 0.5 * Math.abs(x.getDouble(0) + x.getDouble(1));
    private static final Objective L1 = Objective.ofArray(x -> Arrays.stream(x).map(Math::abs).sum());

    @Test
    void randomOrthogonalPollsConvergeAtAKinkWhereCompassSearchStalls() {
        // Measured: 294–366 evaluations to Δ < 1e-9 (f ≈ 1e-9) for seeds 0–4; compass search stops at f = 1.
        for (long seed = 0; seed < 5; seed++) {
            Run orthogonal = zo.directSearch(KINK).from(1, 1).seed(seed).maxEvaluations(10_000).progress(false).run();
            Run compass = zo.directSearch(KINK).from(1, 1).coordinates().seed(seed).maxEvaluations(10_000)
                    .progress(false).run();
            assertEquals(StopReason.CONVERGED, orthogonal.stopReason(), orthogonal::toString);
            assertTrue(KINK.value(orthogonal.finalPoint()) < 1e-8, orthogonal::toString);
            assertTrue(orthogonal.evaluations() < 1_000, orthogonal::toString);
            assertEquals(StopReason.CONVERGED, compass.stopReason());
            assertEquals(1.0, compass.bestValue(), 0.0, "no coordinate direction descends from (1, 1)");
        }
    }

    @Test
    void reachesTheL1TargetWhereZeroOrderDescentStallsAtTheSameBudget() {
        double[] ones = new double[10];
        Arrays.fill(ones, 1);
        // Measured: 3,715–4,019 evaluations to f < 1e-6 for seeds 0–2.
        for (long seed = 0; seed < 3; seed++) {
            Run direct = zo.directSearch(L1).from(ones).seed(seed).stopAt(1e-6).maxEvaluations(5_000)
                    .progress(false).run();
            assertEquals(StopReason.TARGET_REACHED, direct.stopReason(), direct::toString);
        }
        // ZO-Adam at 4× that budget ends in a band ∝ lr around the kink: 1.6e-3 at best over this grid (seed 0).
        for (double lr : new double[] {1e-1, 1e-2, 1e-3}) {
            Run descent = zo.minimize(L1).from(ones).withGaussianDirections(1e-6).queries(4).adam(lr)
                    .maxEvaluations(20_000).progress(false).steps(1_000_000);
            assertTrue(descent.bestValue() > 1e-3, descent::toString);
        }
    }

    @Test
    void convergesOnSmoothProblemsToo() {
        // Measured: 2,612 evaluations to 1e-8 on sphere(10) from the problem's start (f = 10).
        Run run = zo.directSearch(Problems.sphere(10)).seed(1).stopAt(1e-8).maxEvaluations(4_000).progress(false)
                .run();
        assertEquals(StopReason.TARGET_REACHED, run.stopReason(), run::toString);
    }

    @Test
    void everyCallIsCountedAndTheBudgetHolds() {
        AtomicLong calls = new AtomicLong();
        Objective counted = x -> {
            calls.incrementAndGet();
            return KINK.value(x);
        };
        Run run = zo.directSearch(counted).from(1, 1).maxEvaluations(100).progress(false).run();
        assertEquals(100, calls.get());
        assertEquals(100, run.evaluations());
        assertEquals(100, run.trace().rowCount(), "one trace row per evaluation");
        calls.set(0);
        Run converged = zo.directSearch(counted).from(1, 1).progress(false).run();
        assertEquals(calls.get(), converged.evaluations());
        assertEquals(StopReason.CONVERGED, converged.stopReason());
    }

    @Test
    void neverEvaluatesOutsideTheBoxAndEndsAtTheBoxOptimum() {
        List<double[]> points = new ArrayList<>();
        Objective recorded = x -> {
            points.add(Tensors.toArray(x));
            return KINK.value(x);
        };
        Run run = zo.directSearch(recorded).from(1, 1.5).within(0.5, 2).maxEvaluations(10_000).progress(false).run();
        for (double[] p : points) {
            for (double v : p) {
                assertTrue(v >= 0.5 && v <= 2, () -> Arrays.toString(p) + " left the box");
            }
        }
        // On [0.5, 2]² the minimum is at the corner (0.5, 0.5), f = 0.5.
        assertEquals(0.5, run.bestValue(), 1e-7);
        assertArrayEquals(new double[] {0.5, 0.5}, Tensors.toArray(run.bestPoint()), 1e-7);
    }

    @Test
    void aSearchStepCandidateWithEnoughDecreaseIsTakenBeforeThePoll() {
        List<double[]> seen = new ArrayList<>();
        Run run = zo.directSearch(KINK).from(1, 1).search(x -> {
            seen.add(Tensors.toArray(x));
            return List.of(Tensors.vector(0.5, 0.5), Tensors.vector(0, 0));
        }).stopAt(0).maxEvaluations(100).progress(false).run();
        double[] values = run.trace().doubleColumn("value").asDoubleArray();
        // Start f(1, 1) = 1; search 1 takes (½, ½) = 0.5; search 2 re-tries (½, ½), then takes (0, 0): no poll between.
        assertArrayEquals(new double[] {1, 0.5, 0.5, 0}, values, 1e-15);
        assertArrayEquals(new double[] {1, 1}, seen.get(0));
        assertArrayEquals(new double[] {0.5, 0.5}, seen.get(1), "the second search starts at the accepted candidate");
        assertEquals(StopReason.TARGET_REACHED, run.stopReason());
    }

    /** A candidate is taken only if it improves on the incumbent by c·Δ² (the convergence theory needs it). */
    @Test
    void aCandidateIsTakenOnlyOnSufficientDecrease() {
        List<double[]> seen = new ArrayList<>();
        List<List<INDArray>> offered = List.of(List.of(Tensors.vector(0.95, 0.95)), List.of(Tensors.vector(0.85, 0.85)),
                List.of());
        Run run = zo.directSearch(KINK).from(1, 1).coordinates().pollSize(1).sufficientDecrease(0.1).search(x -> {
            seen.add(Tensors.toArray(x));
            return offered.get(Math.min(seen.size() - 1, 2));
        }).maxEvaluations(8).progress(false).run();
        // f(t, t) = |t|. Δ = 1: 0.95 misses 1 − 0.1 (rejected; the compass poll from (1, 1) fails too); Δ = ½: 0.85
        // beats 1 − 0.1/4 and is taken; Δ doubles to 1 and the poll tries (1.85, 0.85).
        assertArrayEquals(new double[] {1, 0.95, 2.5, 1.5, 2.5, 1.5, 0.85, 2.35}, run.trace().doubleColumn("value")
                .asDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1, 1}, seen.get(1), "0.95 improved by less than c·Δ²: not taken");
        assertArrayEquals(new double[] {0.85, 0.85}, seen.get(2), "0.85 improved by more than c·Δ²/4: taken");
    }

    @Test
    void theHeuristicGetsACopyOfTheIncumbent() {
        Run run = zo.directSearch(KINK).from(1, 1).search(x -> {
            x.putScalar(0, 99);
            return List.of();
        }).maxEvaluations(2).progress(false).run();
        // The first poll point lies Δ₀ = 1 from the start (a unit Householder column), not from (99, 1).
        assertEquals(1.0, run.trace().doubleColumn("step_norm").get(1), 1e-12);
    }

    @Test
    void pollPointsOutsideTheBoxAreNotEvaluated() {
        // From the corner (½, ½) of [½, 2]², compass search polls ±Δeⱼ: only the two + points are inside. Δ runs from
        // 0.45 (0.3 × width) down past 1e-9 in 29 halvings: 1 + 29 × 2 evaluations (clamping the − points: 1 + 29 × 4).
        Run run = zo.directSearch(KINK).from(0.5, 0.5).within(0.5, 2).coordinates().progress(false).run();
        assertEquals(StopReason.CONVERGED, run.stopReason());
        assertEquals(59, run.evaluations());
    }

    @Test
    void sameSeedSameRunAnotherSeedAnotherRun() {
        var a = zo.directSearch(KINK).from(1, 1).seed(3).progress(false).run();
        var b = zo.directSearch(KINK).from(1, 1).seed(3).progress(false).run();
        var c = zo.directSearch(KINK).from(1, 1).seed(4).progress(false).run();
        assertArrayEquals(a.trace().doubleColumn("value").asDoubleArray(), b.trace().doubleColumn("value").asDoubleArray());
        assertFalse(Arrays.equals(a.trace().doubleColumn("value").asDoubleArray(),
                c.trace().doubleColumn("value").asDoubleArray()));
        assertEquals("direct-search", a.config().method());
        assertEquals("orthogonal", a.config().get("poll"));
    }

    @Test
    void badOptionsAndCandidatesSayWhatToChange() {
        var search = zo.directSearch(KINK);
        assertThrows(IllegalArgumentException.class, () -> search.pollSize(0));
        assertThrows(IllegalArgumentException.class, () -> search.minPollSize(-1));
        assertThrows(IllegalArgumentException.class, () -> search.expansion(0.5));
        assertThrows(IllegalArgumentException.class, () -> search.sufficientDecrease(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> search.search(null));
        var failed = assertThrows(RunFailedException.class, () -> search.from(1, 1)
                .search(x -> List.of(Tensors.vector(1, 2, 3))).progress(false).run());
        assertTrue(failed.getMessage().contains("return points of the objective's dimension"), failed.getMessage());
        assertEquals(1, failed.run().evaluations(), "the start's value is kept");
    }
}
