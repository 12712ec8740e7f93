package org.zeroth.population;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;
import static org.zeroth.population.Traces.assertRowPerEvaluation;
import static org.zeroth.population.Traces.assertSameRun;
import static org.zeroth.population.Traces.expect;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.StopReason;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;

class RandomSearchTest {

    @Test
    void improvesOnSphere2AndUsesExactlyItsBudget() {
        // A uniform sample of [−5.12, 5.12]² has f < 0.5 with probability π·0.5/10.24² ≈ 1.5%, so 1,000 samples
        // all miss with probability 0.985^1000 ≈ 3e-7; the start's value is 2 and the box's mean value 17.5.
        // Measured (seed 0): best 6.2e-4.
        Run run = zo.randomSearch(Problems.sphere(2)).maxEvaluations(1_000).steps(5_000);
        assertEquals(StopReason.MAX_EVALUATIONS, run.stopReason());
        assertEquals(1_000, run.evaluations());
        assertRowPerEvaluation(run);
        assertTrue(run.bestValue() < 0.5, run::toString);
        assertEquals(run.bestValue(), Problems.sphere(2).value(run.finalPoint()), 0, "it ends at the best sample");

        Run exact = zo.randomSearch(Problems.sphere(2)).steps(777);
        assertEquals(StopReason.STEPS, exact.stopReason());
        assertEquals(777, exact.evaluations());
    }

    @Test
    void samplesStayInTheBoxAndGaussianSamplesAroundTheStart() {
        double[] seen = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        Objective watch = x -> {
            for (double v : Tensors.toArray(x)) {
                seen[0] = Math.min(seen[0], v);
                seen[1] = Math.max(seen[1], v);
            }
            return Tensors.dot(x, x);
        };
        zo.randomSearch(watch).from(0, 0, 0).within(2, 3).steps(500);
        assertTrue(seen[0] >= 2 && seen[1] <= 3, "uniform in [2, 3]^3");
        assertTrue(seen[0] < 2.01 && seen[1] > 2.99, "and filling it");

        Run around = zo.randomSearch(x -> Math.pow(x.getDouble(0) - 3, 2)).from(3.0).gaussian(0.01).steps(200);
        assertTrue(around.bestValue() < 1e-6, around::toString);
        assertEquals("gaussian", around.config().get("sampling"));
    }

    @Test
    void aStartGivenIsTheFirstSampleAndTheOthersAreAsWithoutIt() {
        // scikit-optimize's x0: a default to beat, evaluated first; without from(x0) every sample is drawn.
        List<double[]> given = new ArrayList<>();
        List<double[]> drawn = new ArrayList<>();
        zo.randomSearch(recording(given)).from(0.25, -0.5).within(-1, 1).seed(2).progress(false).steps(5);
        zo.randomSearch(recording(drawn)).within(new double[] {-1, -1}, new double[] {1, 1}).seed(2).progress(false)
                .steps(5);
        assertArrayEquals(new double[] {0.25, -0.5}, given.get(0));
        for (int i = 1; i < 5; i++) {
            assertArrayEquals(drawn.get(i), given.get(i), "sample " + (i + 1) + " is the same draw");
        }
        assertTrue(drawn.get(0)[0] != 0.25 && drawn.get(0)[0] != 0, "the first sample drawn: " + drawn.get(0)[0]);
    }

    private static Objective recording(List<double[]> points) {
        return x -> {
            points.add(Tensors.toArray(x));
            return Tensors.dot(x, x);
        };
    }

    @Test
    void stopAtEndsAtTheSampleThatReachesIt() {
        Run run = zo.randomSearch(Problems.sphere(2)).stopAt(1.0).steps(10_000);
        assertEquals(StopReason.TARGET_REACHED, run.stopReason());
        assertTrue(run.bestValue() <= 1.0);
        assertEquals(run.bestValue(), Traces.column(run, "value")[(int) run.steps() - 1], 0);
    }

    @Test
    void sameSeedSameRun() {
        assertSameRun(zo.randomSearch(Problems.ackley(3)).seed(3).steps(300), zo.randomSearch(Problems.ackley(3)).seed(3).steps(300));
    }

    @Test
    void uniformSearchNeedsAFiniteBox() {
        expect(() -> zo.randomSearch(x -> x.getDouble(0)).from(1.0).steps(10), "needs a finite box");
        expect(() -> zo.randomSearch(Problems.linear(1, 2)).steps(10), "needs a finite box");
        expect(() -> zo.randomSearch(Problems.sphere(2)).gaussian(0), "sampling radius, must be a positive number");
    }
}
