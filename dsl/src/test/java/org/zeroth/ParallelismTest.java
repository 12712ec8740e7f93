package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.population.Traces;
import org.zeroth.tensor.Tensors;

/**
 * parallelism(k) really evaluates on several threads, and stops (target, failure, interrupt) work under it. The
 * proof of overlap is deterministic: the objective's first calls wait until two calls are in flight at once,
 * which a sequential oracle can never arrange (it then fails after a generous timeout instead of hanging).
 */
class ParallelismTest {
    private static final double[] X0 = {1, -2, 0.5, 3, -1, 2};

    /** A quadratic that records its threads and whose calls wait until two are in flight together. */
    static final class Overlapping implements Objective {
        final Set<Long> threads = ConcurrentHashMap.newKeySet();
        final AtomicLong calls = new AtomicLong();
        private final CountDownLatch twoInFlight = new CountDownLatch(2);

        @Override
        public double value(INDArray x) {
            threads.add(Thread.currentThread().getId());
            calls.incrementAndGet();
            twoInFlight.countDown();
            try {
                if (!twoInFlight.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no second evaluation ran while this one waited:"
                            + " the points were not evaluated in parallel");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a second evaluation", e);
            }
            return sphere(x);
        }
    }

    static double sphere(INDArray x) {
        double s = 0;
        for (double v : Tensors.toArray(x)) {
            s += v * v;
        }
        return s;
    }

    @Test
    void randomDirectionsAreEvaluatedOnSeveralThreadsAndGiveTheSequentialRun() {
        Overlapping f = new Overlapping();
        Run parallel = zo.minimize(f).from(X0).withGaussianDirections(1e-3).queries(4).central().sgd(1e-2)
                .parallelism(2).progress(false).steps(30);
        assertTrue(f.threads.size() > 1, "threads used: " + f.threads);
        assertEquals(f.calls.get(), parallel.evaluations());
        Run sequential = zo.minimize(ParallelismTest::sphere).from(X0).withGaussianDirections(1e-3).queries(4)
                .central().sgd(1e-2).progress(false).steps(30);
        Traces.assertSameRun(sequential, parallel);
    }

    @Test
    void coordinateDifferencesAndCboAreEvaluatedOnSeveralThreads() {
        Overlapping f = new Overlapping();
        Run coordinates = zo.minimize(f).from(X0).withCoordinateDifferences(1e-4).central().adam(1e-2).parallelism(3)
                .progress(false).steps(10);
        assertTrue(f.threads.size() > 1, "threads used: " + f.threads);
        Traces.assertSameRun(zo.minimize(ParallelismTest::sphere).from(X0).withCoordinateDifferences(1e-4)
                .central().adam(1e-2).progress(false).steps(10), coordinates);

        Overlapping g = new Overlapping();
        Run cbo = zo.cbo(g).from(X0).particles(12).seed(4).parallelism(2).progress(false).steps(10);
        assertTrue(g.threads.size() > 1, "threads used: " + g.threads);
        Traces.assertSameRun(zo.cbo(ParallelismTest::sphere).from(X0).particles(12).seed(4).progress(false)
                .steps(10), cbo);
    }

    @Test
    void aTargetStopsAParallelRunWhereItStopsTheSequentialOne() {
        Overlapping f = new Overlapping();
        Run parallel = zo.minimize(f).from(X0).withGaussianDirections(1e-4).queries(4).central().sgd(0.05)
                .stopAt(1e-3).parallelism(2).progress(false).steps(10_000);
        assertEquals(StopReason.TARGET_REACHED, parallel.stopReason(), parallel::toString);
        assertTrue(parallel.bestValue() <= 1e-3);
        assertTrue(f.threads.size() > 1, "threads used: " + f.threads);
        Run sequential = zo.minimize(ParallelismTest::sphere).from(X0).withGaussianDirections(1e-4).queries(4)
                .central().sgd(0.05).stopAt(1e-3).progress(false).steps(10_000);
        Traces.assertSameRun(sequential, parallel);

        var swarm = zo.cbo(ParallelismTest::sphere).from(X0).within(-5, 5).particles(50).seed(1).stopAt(1e-1);
        Run cbo = swarm.parallelism(2).progress(false).steps(10_000);
        assertEquals(StopReason.TARGET_REACHED, cbo.stopReason(), cbo::toString);
        Traces.assertSameRun(swarm.progress(false).steps(10_000), cbo);
    }

    @Test
    void aFailureInAParallelBatchEndsTheRunAsInTheSequentialOne() {
        // f fails at every point with x₀ < 0.3 (a property of the point, not of the call order); the runs walk
        // x₀ from 1 towards 0, so both fail in the same step, at the same point of its batch.
        for (boolean nan : new boolean[] {true, false}) {
            Objective breaks = x -> {
                if (x.getDouble(0) < 0.3) {
                    if (nan) {
                        return Double.NaN;
                    }
                    throw new ArithmeticException("outside the model's range");
                }
                return sphere(x);
            };
            RunFailedException sequential = assertThrows(RunFailedException.class, () -> zo.minimize(breaks).from(X0)
                    .withGaussianDirections(1e-2).queries(6).central().sgd(0.02).progress(false).steps(1_000));
            RunFailedException parallel = assertThrows(RunFailedException.class, () -> zo.minimize(breaks).from(X0)
                    .withGaussianDirections(1e-2).queries(6).central().sgd(0.02).parallelism(3).progress(false)
                    .steps(1_000));
            assertEquals(StopReason.FAILED, parallel.run().stopReason());
            assertTrue(parallel.run().steps() > 0, "the run so far is kept");
            Traces.assertSameRun(sequential.run(), parallel.run());
            assertEquals(sequential.getMessage(), parallel.getMessage(), "the message names the same evaluation");
        }
    }

    @Test
    void anInterruptStopsAParallelRunAndKeepsWhatItHas() {
        // The run's thread is interrupted from a worker while it waits for a batch; repeated at many points
        // of the run, so that the interrupt lands in every phase of a step. A step is 8 calls in batches of 4:
        // call c belongs to step ⌈c/8⌉, which may still complete if its batch was already done.
        Thread runner = Thread.currentThread();
        for (int at = 5; at <= 125; at += 5) {
            long interruptAt = at;
            AtomicLong calls = new AtomicLong();
            Objective f = x -> {
                if (calls.incrementAndGet() == interruptAt) {
                    runner.interrupt();
                }
                return sphere(x);
            };
            Run run = zo.minimize(f).from(X0).withGaussianDirections(1e-3).queries(4).central().sgd(1e-2)
                    .parallelism(2).progress(false).steps(1_000);
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller (call " + at + ")");
            assertEquals(StopReason.INTERRUPTED, run.stopReason(), "call " + at + ": " + run);
            long step = (at + 7) / 8;
            assertTrue(run.steps() == step - 1 || run.steps() == step, "call " + at + ": " + run.steps() + " steps");
            assertEquals(8 * run.steps(), lastEvaluations(run), "the trace ends at the last whole step");
            assertTrue(run.evaluations() <= calls.get(), "call " + at + ": " + run.evaluations() + " counted");
            assertTrue(Double.isFinite(run.bestValue()) || run.evaluations() == 0);
        }
    }

    @Test
    void anInterruptKeepsTheValuesOfTheBatchMadeBeforeIt() throws Exception {
        // CBO, 8 particles on 2 threads. The 12th call to start (some point j of the second batch) blocks; once
        // the other 15 have ended, the run's thread is interrupted while it waits for point j. Every value made is
        // kept: the whole first batch and the second's but point j's. j is found on the sequential run, which
        // evaluates the same points in their order.
        for (int trial = 0; trial < 10; trial++) {
            long seed = trial;
            List<double[]> points = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            zo.cbo(x -> {
                points.add(Tensors.toArray(x));
                values.add(sphere(x));
                return sphere(x);
            }).from(X0).within(-2, 2).particles(8).seed(seed).progress(false).steps(2);

            AtomicLong started = new AtomicLong();
            AtomicLong ended = new AtomicLong();
            double[][] blocked = new double[1][];
            CountDownLatch othersEnded = new CountDownLatch(1);
            Objective f = x -> {
                if (started.incrementAndGet() == 12) {
                    blocked[0] = Tensors.toArray(x);
                    try {
                        new CountDownLatch(1).await(); // until the run is interrupted and cancels it
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("cancelled", e);
                    }
                }
                if (ended.incrementAndGet() == 15) {
                    othersEnded.countDown();
                }
                return sphere(x);
            };
            Run[] run = new Run[1];
            Thread runner = new Thread(() -> run[0] = zo.cbo(f).from(X0).within(-2, 2).particles(8).seed(seed)
                    .parallelism(2).progress(false).steps(100));
            java.util.Set<Thread> earlier = evaluationThreads();
            runner.start();
            assertTrue(othersEnded.await(60, TimeUnit.SECONDS), "the other 15 calls end");
            awaitWaiting(earlier); // the 15th call has returned and its value is in its future
            runner.interrupt();
            runner.join();

            int j = -1;
            for (int i = 8; i < 16; i++) {
                j = Arrays.equals(points.get(i), blocked[0]) ? i - 8 : j;
            }
            assertTrue(j >= 0, "the blocked point is one of the second batch");
            assertEquals(StopReason.INTERRUPTED, run[0].stopReason());
            assertEquals(15, run[0].evaluations(), "a whole batch and the values on both sides of the missing one");
            List<Double> made = new ArrayList<>(values.subList(0, 16));
            made.remove(8 + j);
            assertEquals(Collections.min(made), run[0].bestValue(), "the best value kept");
        }
    }

    private static java.util.Set<Thread> evaluationThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("zeroth-evaluation"))
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Until this run's evaluation threads (not those of {@code earlier} runs) wait: one blocked, one for a task. */
    private static void awaitWaiting(java.util.Set<Thread> earlier) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // against a hang, not a measure
        while (evaluationThreads().stream()
                .anyMatch(t -> !earlier.contains(t) && t.getState() == Thread.State.RUNNABLE)) {
            assertTrue(System.nanoTime() < deadline, "the evaluation threads settle");
            Thread.yield();
        }
    }

    private static long lastEvaluations(Run run) {
        var column = run.trace().longColumn("evaluations");
        return column.isEmpty() ? 0 : column.getLong(column.size() - 1);
    }
}
