package org.zeroth.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;
import static org.zeroth.population.Traces.assertRowPerEvaluation;
import static org.zeroth.population.Traces.assertSameRun;
import static org.zeroth.population.Traces.column;
import static org.zeroth.population.Traces.expect;

import org.junit.jupiter.api.Test;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.RunFailedException;
import org.zeroth.StopReason;
import org.zeroth.problems.Problems;

/** CMA-ES, Nelder–Mead, Powell and BOBYQA through Hipparchus, counted and traced like every other method. */
class BaselinesTest {

    @Test
    void cmaesSolvesRosenbrock10() {
        // Measured (stopAt 1e-8, default σ = 1, λ = 10): target reached after 5,054–6,193 evaluations for seeds 1–5;
        // seed 0 converges to Rosenbrock's local minimum near (−1, 1, …, 1), f ≈ 3.99. Budget 10,000.
        Run run = zo.cmaes(Problems.rosenbrock(10)).seed(1).stopAt(1e-8).maxEvaluations(10_000).run();
        assertEquals(StopReason.TARGET_REACHED, run.stopReason(), run::toString);
        assertTrue(run.bestValue() < 1e-8);
        assertEquals(1.0, run.bestPoint().getDouble(9), 1e-3);
        assertRowPerEvaluation(run);
    }

    @Test
    void cmaesConvergesOnItsOwnCriteria() {
        // Measured: CONVERGED after 6,901 evaluations at f = 1.1e-15 (seed 1, within the problem's domain).
        Run run = zo.cmaes(Problems.rosenbrock(10)).seed(1).within(-5, 10).run();
        assertEquals(StopReason.CONVERGED, run.stopReason());
        assertTrue(run.bestValue() < 1e-12, run::toString);
        assertEquals(1.0, run.finalPoint().getDouble(0), 1e-5);
    }

    @Test
    void nelderMeadPowellAndBobyqaSolveRosenbrock2() {
        // Measured with the defaults (tolerance 1e-10/1e-14; BOBYQA radius 1 → 1e-8 in the domain [−5, 10]²):
        // Nelder–Mead f = 1.0e-15 after 173 evaluations, Powell 5.0e-17 after 635 (restarts included), BOBYQA 1.2e-19
        // after 201.
        for (Run run : new Run[] {zo.nelderMead(Problems.rosenbrock(2)).run(), zo.powell(Problems.rosenbrock(2)).run(),
                zo.bobyqa(Problems.rosenbrock(2)).run()}) {
            assertEquals(StopReason.CONVERGED, run.stopReason(), run::toString);
            assertTrue(run.bestValue() < 1e-12, run::toString);
            assertEquals(1.0, run.bestPoint().getDouble(0), 1e-5, run::toString);
            assertEquals(1.0, run.bestPoint().getDouble(1), 1e-5, run::toString);
            assertTrue(run.evaluations() < 1_000, run::toString);
            assertRowPerEvaluation(run);
        }
    }

    @Test
    void theLocalBaselinesSolveSphere5() {
        // Measured: Nelder–Mead 1.7e-14 after 338 evaluations, Powell 8e-68 after 128, BOBYQA 0 after 38.
        for (Run run : new Run[] {zo.nelderMead(Problems.sphere(5)).run(), zo.powell(Problems.sphere(5)).run(),
                zo.bobyqa(Problems.sphere(5)).run()}) {
            assertTrue(run.bestValue() < 1e-10, run::toString);
            assertTrue(run.evaluations() < 500, run::toString);
        }
    }

    @Test
    void theTraceIsTheHistoryOfEvaluations() {
        Run run = zo.nelderMead(Problems.sphere(3)).steps(50);
        assertEquals(StopReason.STEPS, run.stopReason());
        assertEquals(50, run.evaluations());
        double[] value = column(run, "value");
        double[] best = column(run, "best");
        assertEquals(3.0, value[0], 0, "the first evaluation is the start (1, 1, 1)");
        double least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < value.length; i++) {
            least = Math.min(least, value[i]);
            assertEquals(least, best[i], 0, "best is the least value evaluated so far");
        }
        assertEquals(least, run.bestValue(), 0);
    }

    @Test
    void maxEvaluationsIsNeverExceeded() {
        for (Run run : new Run[] {zo.cmaes(Problems.rosenbrock(10)).maxEvaluations(500).run(),
                zo.nelderMead(Problems.rosenbrock(10)).maxEvaluations(500).run(),
                zo.powell(Problems.rosenbrock(10)).maxEvaluations(500).run(),
                zo.bobyqa(Problems.rosenbrock(10)).maxEvaluations(500).run()}) {
            assertEquals(StopReason.MAX_EVALUATIONS, run.stopReason(), run::toString);
            assertEquals(500, run.evaluations(), run::toString);
            assertRowPerEvaluation(run);
            assertEquals(run.bestValue(), Problems.rosenbrock(10).value(run.finalPoint()), 0,
                    "a stopped run ends at the best point evaluated");
        }
    }

    @Test
    void stopAtEndsTheRunAtTheEvaluationThatReachesTheTarget() {
        Run run = zo.bobyqa(Problems.sphere(4)).stopAt(1e-3).run();
        assertEquals(StopReason.TARGET_REACHED, run.stopReason());
        double[] value = column(run, "value");
        assertTrue(value[value.length - 1] <= 1e-3, "the last row is the evaluation that reached the target");
        for (int i = 0; i < value.length - 1; i++) {
            assertTrue(value[i] > 1e-3, "no earlier evaluation reached it");
        }
    }

    @Test
    void cmaesWithTheSameSeedRepeatsItself() {
        assertSameRun(zo.cmaes(Problems.rastrigin(4)).seed(7).steps(600), zo.cmaes(Problems.rastrigin(4)).seed(7).steps(600));
        assertNotEquals(zo.cmaes(Problems.rastrigin(4)).seed(7).steps(600).bestValue(),
                zo.cmaes(Problems.rastrigin(4)).seed(8).steps(600).bestValue());
    }

    @Test
    void anObjectiveThatThrowsFailsTheRunAndKeepsItsTrace() {
        int[] calls = {0};
        Objective breaks = x -> {
            if (++calls[0] > 40) {
                throw new IllegalStateException("simulator crashed");
            }
            return Problems.rosenbrock(2).value(x);
        };
        // Each method needs well over 40 evaluations on Rosenbrock's function (see above).
        for (var method : new java.util.function.Supplier<?>[] {() -> zo.cmaes(breaks).from(-1.2, 1).run(),
                () -> zo.nelderMead(breaks).from(-1.2, 1).run(), () -> zo.powell(breaks).from(-1.2, 1).run(),
                () -> zo.bobyqa(breaks).from(-1.2, 1).run()}) {
            calls[0] = 0;
            var failure = assertThrows(RunFailedException.class, method::get);
            assertTrue(failure.getMessage().contains("simulator crashed"), failure.getMessage());
            Run partial = failure.run();
            assertEquals(StopReason.FAILED, partial.stopReason());
            assertEquals(41, partial.evaluations(), "the failing call counts, as a NaN's does");
            assertEquals(40, partial.steps(), "the 40 good evaluations are in the trace");
        }
    }

    @Test
    void badOptionsSayWhatToChange() {
        expect(() -> zo.bobyqa(Objective.ofArray(x -> x[0] * x[0])).from(1.0).run(), "BOBYQA needs dimension d ≥ 2");
        expect(() -> zo.bobyqa(Problems.sphere(3)).interpolationPoints(20).run(), "must lie in [d + 2, (d + 1)(d + 2)/2] = [5, 10]");
        expect(() -> zo.bobyqa(Problems.sphere(3)).interpolationPoints(2), "interpolationPoints(m) needs m ≥ d + 2");
        expect(() -> zo.bobyqa(Problems.sphere(3)).within(-1, 1).trustRegion(2, 1e-8).run(),
                "box width ≥ 2 × the initial trust region radius");
        expect(() -> zo.bobyqa(Problems.sphere(3)).trustRegion(1e-3, 1e-2), "needs stopping ≤ initial");
        expect(() -> zo.cmaes(Problems.sphere(3)).populationSize(1), "needs λ ≥ 2");
        expect(() -> zo.cmaes(Problems.sphere(3)).sigma(0), "initial step size, must be a positive number");
        expect(() -> zo.cmaes(Problems.sphere(3)).within(-1, 1).sigma(5).run(), "wider than the box");
        expect(() -> zo.nelderMead(Problems.sphere(3)).simplexSize(-1), "simplexSize(side) must be a positive number");
        expect(() -> zo.nelderMead(Problems.sphere(3)).tolerance(0, 0), "not both 0");
        expect(() -> zo.powell(Problems.sphere(3)).tolerance(1e-20, 1e-12), "Powell needs relative ≥ 4.4e-16");
        expect(() -> zo.powell(Problems.sphere(3)).steps(-1), "steps(n) needs n ≥ 0");
    }
}
