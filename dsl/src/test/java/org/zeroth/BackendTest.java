package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.population.Traces;

/** A run's batches go to the backend given with on(b); the oracle still counts and checks, in the points' order. */
class BackendTest {
    private static final double[] X0 = {1, -2, 0.5, 3, -1, 2};

    /** Evaluates each batch last point first, as a cluster may finish tasks, and records the batch sizes. */
    static final class Reversed implements Backend {
        final List<Integer> batches = new ArrayList<>();
        int failAt = -1;

        @Override
        public double[] evaluate(Objective f, List<INDArray> points) {
            batches.add(points.size());
            double[] out = new double[points.size()];
            for (int i = out.length - 1; i >= 0; i--) {
                out[i] = f.value(points.get(i));
            }
            if (failAt >= 0 && failAt < out.length) {
                throw new PointFailed(failAt, Arrays.copyOf(out, failAt), new IllegalStateException("node lost"));
            }
            return out;
        }
    }

    @Test
    void everyBatchGoesToTheBackendAndTheRunIsTheSequentialOne() {
        Reversed backend = new Reversed();
        long[] calls = {0};
        Objective counted = x -> {
            calls[0]++;
            return ParallelismTest.sphere(x);
        };
        Run on = zo.minimize(counted).from(X0).withGaussianDirections(1e-3).queries(4).central().adam(1e-2)
                .seed(3).on(backend).progress(false).steps(25);
        Run here = zo.minimize(ParallelismTest::sphere).from(X0).withGaussianDirections(1e-3).queries(4).central()
                .adam(1e-2).seed(3).progress(false).steps(25);
        Traces.assertSameRun(here, on);
        assertEquals(calls[0], on.evaluations());
        assertEquals(on.evaluations(), backend.batches.stream().mapToLong(Integer::longValue).sum(),
                "every evaluation, the start's included, went through the backend");
        assertTrue(backend.batches.contains(8), "a central step's 2q = 8 queries travel as one batch: " + backend.batches);
        assertEquals(backend.toString(), on.config().get("backend"));
    }

    @Test
    void singleEvaluationsOfClassicMethodsGoToAChosenBackendToo() {
        Reversed backend = new Reversed();
        Run run = zo.nelderMead(ParallelismTest::sphere).from(X0).on(backend).progress(false).steps(40);
        assertEquals(run.evaluations(), backend.batches.size());
        Traces.assertSameRun(zo.nelderMead(ParallelismTest::sphere).from(X0).progress(false).steps(40), run);
    }

    @Test
    void aFailedPointCountsTheValuesBeforeItAndItselfAndNamesItsEvaluation() {
        Reversed backend = new Reversed();
        backend.failAt = 3;
        RunFailedException e = assertThrows(RunFailedException.class, () -> zo.cbo(ParallelismTest::sphere)
                .from(X0).particles(10).seed(1).on(backend).progress(false).steps(5));
        assertEquals(4, e.run().evaluations(), "the 3 values made before the failing point and its call are counted");
        assertTrue(e.getMessage().contains("node lost") && e.getMessage().contains("evaluation 4"), e.getMessage());
    }

    /**
     * Scala code (Spark) throws checked exceptions it does not declare: a failed job must still fail the run with its
     * first line, keeping the run so far, not escape the run's loop raw.
     */
    @Test
    void aCheckedExceptionFromTheBackendFailsTheRunAndKeepsIt() {
        Backend aborting = new Backend() {
            int batches;

            @Override
            public double[] evaluate(Objective f, List<INDArray> points) {
                if (++batches == 3) {
                    throw BackendTest.<RuntimeException>sneaky(new Exception("Job aborted due to stage failure: Task 0"
                            + " failed 4 times\n\tat org.apache.spark.scheduler.DAGScheduler.failJob(...)"));
                }
                double[] out = new double[points.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = f.value(points.get(i));
                }
                return out;
            }
        };
        RunFailedException e = assertThrows(RunFailedException.class, () -> zo.cbo(ParallelismTest::sphere)
                .from(X0).particles(10).seed(1).on(aborting).progress(false).steps(5));
        assertEquals(20, e.run().evaluations(), "the two batches before the failed job are kept");
        assertTrue(e.getMessage().contains("failed: Job aborted due to stage failure: Task 0 failed 4 times [")
                && !e.getMessage().contains("DAGScheduler"), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
