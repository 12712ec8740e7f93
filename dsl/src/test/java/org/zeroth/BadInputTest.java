package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.zeroth.problems.Problems;

/** Bad input fails fast with a message that says what to change; a run that cannot go on keeps its trace. */
class BadInputTest {

    @Test
    void aBadSettingIsRejectedWhenItIsGiven() {
        var sphere = zo.minimize(Problems.sphere(3));
        expect(() -> sphere.withGaussianDirections(0), "smoothing radius h must be a positive number");
        expect(() -> sphere.withSphereDirections(-1e-3), "smoothing radius h must be a positive number");
        expect(() -> sphere.withRademacherDirections(Double.NaN), "smoothing radius h must be a positive number");
        expect(() -> sphere.queries(0), "queries(q) needs q ≥ 1");
        expect(() -> sphere.steps(-1), "steps(n) needs n ≥ 0");
        expect(() -> sphere.within(1, -1), "lo > hi at coordinate 0");
        expect(() -> sphere.within(-1e308, 1e308), "the width hi − lo at coordinate 0 (1.0E308 − -1.0E308) overflows");
        expect(() -> sphere.sgd(0), "learning rate must be a positive number");
        expect(() -> sphere.adam(1e-3, 1.0, 0.999, 1e-8), "Adam beta1 must lie in [0, 1)");
        expect(() -> sphere.maxEvaluations(0), "maxEvaluations(n) needs n ≥ 1");
        expect(() -> sphere.parallelism(0), "parallelism(k) needs k ≥ 1");
        expect(() -> sphere.timeLimit(Duration.ZERO), "timeLimit(d) needs a positive duration");
        expect(() -> zo.minimize(null), "the objective is null");
        expect(() -> zo.minimize(Problems.sphere(3)).withCoordinateDifferences(1e-3).singlePoint().steps(1),
                "coordinate differences have no single-point scheme");
    }

    @Test
    void aStartOfTheWrongDimensionSaysWhichIsRight() {
        expect(() -> zo.minimize(Problems.rosenbrock(2)).from(1, 2, 3).steps(1),
                "the start point has dimension 3 but rosenbrock(2) is defined in dimension 2");
        expect(() -> zo.minimize(x -> x.getDouble(0)).steps(1), "give one with from(x0)");
        expect(() -> zo.minimize(x -> x.getDouble(0)).within(-1, 1).steps(1), "give one with from(x0)");
        Run boxed = zo.randomSearch(x -> x.getDouble(0) + x.getDouble(1))
                .within(new double[] {1, -2}, new double[] {2, 2}).steps(50);
        assertEquals(50, boxed.evaluations(), "per-coordinate bounds fix the dimension: no start needed");
        expect(() -> zo.minimize(Problems.sphere(2)).from(1, Double.NaN).steps(1), "non-finite entry");
        expect(() -> zo.minimize(Problems.sphere(2)).from(0, 0).within(new double[] {0, 0, 0}, new double[] {1, 1, 1}).steps(1),
                "within(lo, hi) has dimension 3 but the start point has dimension 2");
    }

    @Test
    void aNaNValueFailsTheRunAndKeepsItsTrace() {
        int[] calls = {0};
        Objective breaksLater = x -> ++calls[0] > 25 ? Double.NaN : x.getDouble(0) * x.getDouble(0);
        var failure = assertThrows(RunFailedException.class,
                () -> zo.minimize(breaksLater).from(1.0).withGaussianDirections(1e-3).queries(4).steps(100));

        assertTrue(failure.getMessage().contains("returned NaN at evaluation 26"), failure.getMessage());
        assertTrue(failure.getMessage().contains("must be finite"), failure.getMessage());
        Run partial = failure.run();
        assertEquals(StopReason.FAILED, partial.stopReason());
        assertEquals(5, partial.steps(), "five whole steps of q + 1 = 5 evaluations came before the NaN");
        assertEquals(5, partial.trace().rowCount());
        assertEquals(26, partial.evaluations());
    }

    @Test
    void anInfiniteValueFailsTheRunToo() {
        var failure = assertThrows(RunFailedException.class,
                () -> zo.minimize(x -> Double.POSITIVE_INFINITY).from(1.0).steps(3));
        assertTrue(failure.getMessage().contains("returned Infinity"), failure.getMessage());
    }

    @Test
    void anObjectiveThatThrowsFailsTheRunWithItsCause() {
        int[] calls = {0};
        Objective throwsLater = x -> {
            if (++calls[0] > 12) {
                throw new IllegalStateException("simulator crashed");
            }
            return x.getDouble(0) * x.getDouble(0);
        };
        var failure = assertThrows(RunFailedException.class,
                () -> zo.minimize(throwsLater).from(1.0).central().steps(100));
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertTrue(failure.getMessage().contains("simulator crashed"), failure.getMessage());
        assertEquals(6, failure.run().steps(), "six central steps of 2 evaluations each completed");
    }

    @Test
    void anInterruptReturnsThePartialRun() {
        int[] calls = {0};
        Objective interruptsItself = x -> {
            if (++calls[0] == 100) {
                Thread.currentThread().interrupt();
            }
            return x.getDouble(0) * x.getDouble(0);
        };
        Run run = zo.minimize(interruptsItself).from(1.0).queries(4).steps(1000);
        assertTrue(Thread.interrupted(), "the interrupt flag is kept for the caller (and cleared here)");
        assertEquals(StopReason.INTERRUPTED, run.stopReason());
        assertEquals(20, run.steps(), "steps 1..20 completed; the interrupt came during step 20's last query");
        assertEquals(100, run.evaluations());
    }

    @Test
    void theBudgetIsNeverExceeded() {
        Run run = zo.minimize(Problems.sphere(4)).withGaussianDirections(1e-3).queries(4).maxEvaluations(103).steps(1000);
        assertEquals(StopReason.MAX_EVALUATIONS, run.stopReason());
        assertEquals(100, run.evaluations(), "20 whole steps of 5 evaluations; a 21st would exceed 103");
    }

    @Test
    void aTimeLimitEndsTheRun() {
        Objective slow = x -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return x.getDouble(0) * x.getDouble(0);
        };
        Run run = zo.minimize(slow).from(1.0).timeLimit(Duration.ofMillis(50)).steps(1_000_000);
        assertEquals(StopReason.TIME_LIMIT, run.stopReason());
        assertTrue(run.steps() < 1_000_000);
    }

    @Test
    void noPointOutsideTheBoundsIsEverEvaluated() {
        boolean[] outside = {false};
        Objective watched = x -> {
            for (double v : x.toDoubleVector()) {
                outside[0] |= v < 0.5 || v > 2;
            }
            return Problems.sphere(3).value(x);
        };
        // The minimum of the sphere over [0.5, 2]^3 is at the corner (0.5, 0.5, 0.5): the search presses
        // against the bounds, and central perturbations of size 0.1 would cross them without projection.
        Run run = zo.minimize(watched).from(1, 1, 1).within(0.5, 2).withRademacherDirections(0.1).central()
                .sgd(0.05).steps(200);
        assertFalse(outside[0], "an evaluated point left the box");
        assertEquals(0.75, run.bestValue(), 1e-9);
        assertEquals("[0.5, 2.0] per coordinate", String.valueOf(run.config().get("bounds")));
        assertEquals("[0.5, 2.0]^3", new Bounds(new double[] {0.5, 0.5, 0.5}, new double[] {2, 2, 2}).toString());
        // Branin's box reads as a box, not as two vectors ([[-5, 0], [10, 15]] read as x₁ ∈ [-5, 0])
        assertEquals("[-5.0, 10.0] × [0.0, 15.0]", new Bounds(new double[] {-5, 0}, new double[] {10, 15}).toString());
    }

    @Test
    void aClassicMethodThatRunsOffToInfinitySaysFMayBeUnbounded() {
        // f = −x₀ − x₁ has no minimum: the simplex grows until its points are infinite.
        var e = assertThrows(RunFailedException.class, () -> zo.nelderMead(Objective.ofArray(x -> -x[0] - x[1])).from(0, 0)
                .progress(false).run());
        assertTrue(e.getMessage().contains("or f is unbounded below there: bound the search with within(lo, hi)"),
                e.getMessage());
        // A step whose length overflows says so for the classic methods, which have no learning rate.
        var stepped = assertThrows(RunFailedException.class, () -> zo.randomSearch(Objective.ofArray(x -> x[0]))
                .gaussian(1e308).from(0, 0).seed(1).progress(false).steps(50));
        assertTrue(stepped.getMessage().contains("the points evaluated ran off to infinity, so f may be unbounded"
                + " below: bound the search with within(lo, hi)"), stepped.getMessage());
    }

    @Test
    void aBoxGivenPerCoordinateFixesTheDimensionOneToo() {
        List<Double> seen = new ArrayList<>();
        Run run = zo.randomSearch(Objective.ofArray(x -> {
            seen.add(x[0]);
            return x[0] * x[0];
        })).within(new double[] {-1}, new double[] {3}).seed(2).progress(false).steps(20);
        assertEquals(20, run.evaluations());
        assertEquals(1, run.bestPoint().length());
        assertTrue(seen.stream().allMatch(v -> v >= -1 && v <= 3), seen::toString);
        expect(() -> zo.randomSearch(Objective.ofArray(x -> x[0])).within(-1, 3).steps(5),
                "no start point"); // one interval for every coordinate: the dimension is still to be given
    }

    @Test
    void aStartOutsideTheBoxIsMovedIntoItWithAWarning() {
        String moved = Captured.stderrOf(() -> {
            Run r = zo.nelderMead(Problems.sphere(3)).from(0.5, 7, -9).within(-1, 1).progress(false).steps(0);
            assertArrayEquals(new double[] {0.5, 1, -1}, r.finalPoint().toDoubleVector(), "the nearest point of the box");
        });
        assertTrue(moved.startsWith("warning: the start lies outside within(lo, hi) in 2 of 3 coordinates"
                + " (x[1] = 7.0 > hi = 1.0); the run starts from the nearest point of the box"), moved);
        assertEquals("", Captured.stderrOf(() -> zo.powell(Problems.rosenbrock(2)).within(-2, 2).progress(false).steps(0)),
                "rosenbrock's usual start (−1.2, 1) lies inside");
        assertEquals("", Captured.stderrOf(() -> zo.powell(Problems.rosenbrock(2)).within(0, 2).progress(false).steps(0)),
                "a problem's usual start (−1.2, 1) serves any box: the user did not choose it");
        assertEquals("", Captured.stderrOf(() -> zo.cbo(x -> x.getDouble(0)).within(new double[] {1, 1}, new double[] {2, 2})
                .progress(false).steps(0)), "the origin taken for a box's start is clamped silently");
        assertEquals("", Captured.stderrOf(() -> zo.nelderMead(Problems.sphere(2)).from(1, -1).within(-1, 1)
                .progress(false).steps(0)), "a start on the box's faces is inside");
        // BOBYQA searches a problem's domain without within(lo, hi): a start outside it is moved in, not refused
        // by Hipparchus as a setting.
        Run[] bobyqa = new Run[1];
        String domain = Captured.stderrOf(() -> bobyqa[0] = zo.bobyqa(Problems.sphere(2)).from(10, 10).progress(false).run());
        assertTrue(domain.startsWith("warning: the start lies outside sphere(2)'s domain [-5.12, 5.12]^2 in 2 of 2"
                + " coordinates (x[0] = 10.0 > hi = 5.12)"), domain);
        assertEquals(0, bobyqa[0].bestValue(), 1e-8);
    }

    private static void expect(Executable call, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(messagePart), () -> "message was: " + e.getMessage());
    }
}
