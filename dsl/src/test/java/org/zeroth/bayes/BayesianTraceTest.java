package org.zeroth.bayes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Objective;
import org.zeroth.RunObserver;
import org.zeroth.population.Traces;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;

/**
 * A user audit: the initial design's trace rows all showed its last evaluation count and its best value, and
 * surrogate(k) counted acquisitions while the trace, steps() and the progress display counted evaluations. Here
 * every call of f is recorded by f itself, in order (one thread), and the trace is checked against that record.
 */
class BayesianTraceTest {
    private static final double[] LO = {-5, 0};
    private static final double[] HI = {10, 15};

    /** Branin, recording every call: its point, its value, and how many calls had been made after it. */
    private static final class Calls implements Objective {
        final List<double[]> points = new ArrayList<>();
        final List<Double> values = new ArrayList<>();

        @Override
        public double value(INDArray x) {
            double v = Problems.branin().value(x);
            points.add(Tensors.toArray(x));
            values.add(v);
            return v;
        }
    }

    @Test
    void eachRowShowsTheEvaluationsAndTheBestAfterIt() {
        Calls f = new Calls();
        List<RunObserver.Progress> shown = new ArrayList<>();
        BayesianRun run = zo.bayesian(f).within(LO, HI).seed(1).progress(false).observe(shown::add).steps(20);
        int n = f.values.size();
        assertEquals(6 + 20, n);
        assertEquals(n, run.steps(), "one step per evaluation");
        double[] evaluations = Traces.column(run, "evaluations");
        double[] best = Traces.column(run, "best");
        double runningMin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            runningMin = Math.min(runningMin, f.values.get(i));
            assertEquals(i + 1, evaluations[i], "row " + (i + 1) + ": evaluations so far");
            assertEquals(f.values.get(i), Traces.column(run, "value")[i], 0, "row " + (i + 1));
            assertEquals(runningMin, best[i], 0, "row " + (i + 1) + ": the best value so far");
            assertEquals(i + 1, shown.get(i).step());
            assertEquals(n, shown.get(i).totalSteps(), "the progress display counts the same steps");
            assertEquals(i + 1, shown.get(i).evaluations());
            assertEquals(runningMin, shown.get(i).best(), 0);
        }
        assertEquals(n, shown.size());
    }

    /** resample(2): a row is one point, made of two calls; batches of 3 come back at once, as the design does. */
    @Test
    void rowsOfABatchCountTheCallsBehindEachPoint() {
        Calls f = new Calls();
        BayesianRun run = zo.bayesian(f).within(LO, HI).initialPoints(4).batch(3).resample(2).seed(2).progress(false)
                .steps(3);
        assertEquals(2 * (4 + 3 * 3), f.values.size());
        double[] evaluations = Traces.column(run, "evaluations");
        double[] best = Traces.column(run, "best");
        double runningMin = Double.POSITIVE_INFINITY;
        for (int row = 0; row < evaluations.length; row++) {
            runningMin = Math.min(runningMin, (f.values.get(2 * row) + f.values.get(2 * row + 1)) / 2);
            assertEquals(2 * (row + 1), evaluations[row], "row " + (row + 1) + ": both calls of each point so far");
            assertEquals(runningMin, best[row], 0, "row " + (row + 1));
        }
    }

    @Test
    void surrogateTakesTheTraceStepOfThePointItsModelChose() {
        Calls f = new Calls();
        BayesianRun run = zo.bayesian(f).within(LO, HI).seed(1).progress(false).steps(20);
        for (int step = 7; step <= 26; step++) {
            Surrogate s = run.surrogate(step);
            assertEquals(step, s.step());
            assertEquals(step - 1, s.observed().length, "the model knew the steps before it");
            assertArrayEquals(f.points.get(step - 1), s.chosen()[0], 1e-9, "step " + step + " evaluated what it chose");
            assertArrayEquals(f.points.get(step - 2), s.observed()[step - 2], 1e-9);
        }
        assertEquals(26, run.surrogate().step());
        for (int outside : new int[] {0, 6, 27}) {
            String message = assertThrows(IllegalArgumentException.class, () -> run.surrogate(outside)).getMessage();
            assertTrue(message.contains("7 ≤ step ≤ 26") && message.contains("steps 1–6 are the initial design")
                    && message.contains("got " + outside), message);
        }

        Calls g = new Calls();
        BayesianRun batches = zo.bayesian(g).within(LO, HI).initialPoints(4).batch(3).seed(3).progress(false).steps(2);
        for (int step = 5; step <= 10; step++) {
            Surrogate s = batches.surrogate(step);
            int first = step <= 7 ? 5 : 8;
            assertEquals(first, s.step(), "a batch's steps share its model");
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(g.points.get(first - 1 + i), s.chosen()[i], 1e-9);
            }
        }
        BayesianRun designOnly = zo.bayesian(new Calls()).within(LO, HI).seed(1).progress(false).steps(0);
        String none = assertThrows(IllegalArgumentException.class, () -> designOnly.surrogate(6)).getMessage();
        assertTrue(none.contains("initial design of 6 steps"), none);
    }
}
