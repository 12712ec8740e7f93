package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.zeroth.Zo.zo;

import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.optimize.MezoStep;
import org.zeroth.optimize.Minimizer;
import org.zeroth.population.Traces;
import org.zeroth.tensor.RandomStream;

/**
 * A resumed in-place run whose θ lives in replicas (zeroth-spark's executors; here in this JVM): the saved steps'
 * values come from the checkpoint and the replicas take only their updates, so nothing saved is evaluated again,
 * the time limit counts the saved run's time as a local run's does, and the run is the uninterrupted one.
 */
class ReplicasResumeTest {
    private static final float[] THETA0 = {0.5f, -0.5f, 0.4f, 1.2f, -0.8f, 0.3f};
    @TempDir
    Path dir;

    /** θ kept in this JVM as an executor keeps it, through the driver's own operations ({@link MezoStep}). */
    static final class LocalReplicas implements Backend {
        @Override
        public double[] evaluate(Objective f, List<INDArray> points) {
            throw new AssertionError("an in-place run asks its replicas");
        }

        @Override
        public Replicas replicas(Objective f, INDArray theta0, MezoStep mezo) {
            INDArray theta = theta0.dup();
            long[] applied = {0};
            return new Replicas() {
                @Override
                public double[] step(long t, long[] keys, Update previous) {
                    if (previous != null && previous.step() == applied[0] + 1) {
                        apply(previous);
                    }
                    assertEquals(t - 1, applied[0], "the replica holds every update before step " + t);
                    DoubleArrayList values = new DoubleArrayList();
                    ToDoubleFunction<INDArray> measured = x -> {
                        values.add(f.value(x));
                        return 0;
                    };
                    if (!mezo.central()) {
                        measured.applyAsDouble(theta);
                    }
                    for (long k : keys) {
                        mezo.probe(theta, RandomStream.ofKey(k), measured, false);
                    }
                    return values.toDoubleArray();
                }

                @Override
                public void replayed(Update u) {
                    assertEquals(applied[0] + 1, u.step(), "replayed steps come in order");
                    for (long k : u.keys()) {
                        mezo.probe(theta, RandomStream.ofKey(k), null, false); // the perturbations' rounding
                    }
                    apply(u);
                }

                private void apply(Update u) {
                    RandomStream[] z = new RandomStream[u.keys().length];
                    for (int i = 0; i < z.length; i++) {
                        z[i] = RandomStream.ofKey(u.keys()[i]);
                    }
                    mezo.update(theta, z, u.coefficients(), u.decay(), false);
                    applied[0] = u.step();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private static Minimizer mezo(Objective f, INDArray theta, boolean central, Backend on) {
        Minimizer m = zo.minimize(f).from(theta).withGaussianDirections(1e-3).queries(2).sgd(2e-2).inPlace().seed(5)
                .progress(false);
        m = central ? m.central() : m.forward();
        return on == null ? m : m.on(on);
    }

    private static INDArray theta0() {
        return Nd4j.createFromArray(THETA0.clone());
    }

    @Test
    void aResumeEvaluatesOnlyTheStepsTheCheckpointLacks() {
        for (boolean central : new boolean[] {true, false}) {
            int perStep = central ? 4 : 3;
            int[] calls = {0};
            Objective counted = x -> {
                calls[0]++;
                return ParallelismTest.sphere(x);
            };
            Run here = mezo(ParallelismTest::sphere, theta0(), central, null).steps(10);
            INDArray wholeTheta = theta0();
            Run whole = mezo(counted, wholeTheta, central, new LocalReplicas()).steps(10);
            Traces.assertSameRun(here, whole);
            assertEquals(10 * perStep, calls[0]);

            Path file = dir.resolve("mezo-" + central + ".ckpt");
            RunObserver interruptAt4 = p -> {
                if (p.step() == 4) {
                    Thread.currentThread().interrupt();
                }
            };
            Run saved = mezo(counted, theta0(), central, new LocalReplicas()).checkpointEvery(3, file)
                    .observe(interruptAt4).steps(10);
            Thread.interrupted();
            assertEquals(StopReason.INTERRUPTED, saved.stopReason());
            calls[0] = 0;
            INDArray theta = theta0();
            Run resumed = Zo.resume(file, mezo(counted, theta, central, new LocalReplicas())).finish();
            assertEquals(6 * perStep, calls[0], "steps 5–10 only");
            Traces.assertSameRun(whole, resumed);
            assertArrayEquals(wholeTheta.toFloatVector(), theta.toFloatVector(), "θ bit for bit");
        }
    }

    @Test
    void aResumeWhoseTimeWasUsedUpStopsAfterItsReplay() {
        int[] calls = {0};
        Objective counted = x -> {
            calls[0]++;
            return ParallelismTest.sphere(x);
        };
        Duration limit = Duration.ofSeconds(1);
        RunObserver outlastTheLimit = p -> {
            if (p.step() == 3) {
                try { // past the limit whatever the machine: the run's clock started before p.seconds() was read
                    Thread.sleep(Math.max(0, limit.toMillis() - (long) (p.seconds() * 1000)) + 50);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Path file = dir.resolve("timed.ckpt");
        Run saved = mezo(counted, theta0(), true, new LocalReplicas()).timeLimit(limit).checkpointEvery(1, file)
                .observe(outlastTheLimit).steps(50);
        assertEquals(StopReason.TIME_LIMIT, saved.stopReason());
        calls[0] = 0;
        Run resumed = Zo.resume(file, mezo(counted, theta0(), true, new LocalReplicas()).timeLimit(limit)).finish();
        assertEquals(StopReason.TIME_LIMIT, resumed.stopReason(), "the saved run had used up its time");
        assertEquals(0, calls[0]);
        Traces.assertSameRun(saved, resumed);
    }

    @Test
    void aCheckpointThatEndsInsideAStepGoesOnFromThatStep() {
        // The loss failed (NaN) at step 6's third value: the file holds its first two. The resume makes step 6 again
        // (replicas evaluate whole steps) and, f no longer failing, goes on as the run that never failed.
        int[] calls = {0};
        boolean[] failing = {true};
        Objective flaky = x -> ++calls[0] == 4 * 5 + 3 && failing[0] ? Double.NaN : ParallelismTest.sphere(x);
        Run whole = mezo(ParallelismTest::sphere, theta0(), true, new LocalReplicas()).steps(10);
        Path file = dir.resolve("failed.ckpt");
        RunFailedException e = assertThrows(RunFailedException.class, () -> mezo(flaky, theta0(), true,
                new LocalReplicas()).checkpointEvery(4, file).steps(10));
        assertEquals(4 * 5 + 3, e.run().evaluations());
        failing[0] = false;
        calls[0] = 0;
        INDArray theta = theta0();
        Run resumed = Zo.resume(file, mezo(flaky, theta, true, new LocalReplicas())).finish();
        assertEquals(5 * 4, calls[0], "steps 6–10, step 6 whole");
        Traces.assertSameRun(whole, resumed);
    }
}
