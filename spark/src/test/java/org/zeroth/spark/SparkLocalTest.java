package org.zeroth.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.RunObserver;
import org.zeroth.Shards;
import org.zeroth.optimize.Minimizer;
import org.zeroth.tensor.Tensors;

/** On local[2] (an embedded Spark, tasks serialized as on a cluster): every run equals its sequential run. */
class SparkLocalTest {
    private static SparkBackend spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = TestSpark.use("local[2]");
        sc = spark.context();
    }

    /** f counted by a Spark accumulator: calls made in tasks, wherever they run. */
    private static Objective counted(LongAccumulator calls) {
        return x -> {
            calls.add(1);
            return Runs.rastrigin(x);
        };
    }

    @Test
    void populationMethodsAndZoEqualTheirSequentialRuns() {
        LongAccumulator calls = sc.sc().longAccumulator();
        double[] x0 = {1.5, -0.7, 2.2, 0.3};
        Run cbo = zo.cbo(counted(calls)).from(x0).particles(12).seed(3).progress(false).on(spark).steps(6);
        Runs.assertSameRun(zo.cbo(Runs::rastrigin).from(x0).particles(12).seed(3).progress(false).steps(6), cbo);
        assertEquals(72, cbo.evaluations());
        assertEquals(cbo.evaluations(), calls.value(), "every evaluation ran in a Spark task, once");
        assertEquals("Spark local[2]", cbo.config().get("backend"));

        calls.reset();
        long vectors = SparkBackend.VECTORS_SHIPPED.get();
        long centres = SparkBackend.CENTRES_SHIPPED.get();
        Run zoRun = zo.minimize(counted(calls)).from(x0).withGaussianDirections(1e-3).queries(4).adam(1e-2).seed(4)
                .progress(false).on(spark).steps(5);
        Runs.assertSameRun(zo.minimize(Runs::rastrigin).from(x0).withGaussianDirections(1e-3).queries(4).adam(1e-2)
                .seed(4).progress(false).steps(5), zoRun);
        assertEquals(25, zoRun.evaluations(), "q + 1 = 5 per step");
        assertEquals(zoRun.evaluations(), calls.value());
        assertEquals(5, SparkBackend.CENTRES_SHIPPED.get() - centres, "each step: one centre and seeds");
        assertEquals(0, SparkBackend.VECTORS_SHIPPED.get() - vectors, "no query travelled as a vector");

        calls.reset();
        Run random = zo.randomSearch(counted(calls)).within(-3, 3).from(x0).seed(5).progress(false).on(spark).steps(5);
        Runs.assertSameRun(zo.randomSearch(Runs::rastrigin).within(-3, 3).from(x0).seed(5).progress(false).steps(5),
                random);
        assertEquals(5, calls.value());

        calls.reset();
        Run cmaes = zo.cmaes(counted(calls)).from(x0).seed(6).progress(false).on(spark).steps(8);
        Runs.assertSameRun(zo.cmaes(Runs::rastrigin).from(x0).seed(6).progress(false).steps(8), cmaes);
        assertEquals(8, calls.value());
    }

    @Test
    void queriesRebuiltOnExecutorsKeepFloatStartsAndBounds() {
        LongAccumulator calls = sc.sc().longAccumulator();
        INDArray start = Nd4j.createFromArray(new float[] {0.3f, -1.2f, 2.6f, 0.9f, -0.4f});
        Run remote = zo.minimize(counted(calls)).from(start).within(-1, 1).withGaussianDirections(0.4).queries(3)
                .central().sgd(0.05).seed(12).progress(false).on(spark).steps(6);
        Runs.assertSameRun(zo.minimize(Runs::rastrigin).from(start).within(-1, 1).withGaussianDirections(0.4)
                .queries(3).central().sgd(0.05).seed(12).progress(false).steps(6), remote);
        assertEquals(remote.evaluations(), calls.value());
    }

    @Test
    void dataParallelMezoEqualsTheSingleJvmRunAndRebuildsALostReplica() {
        // Dense, sparse, masked, Rademacher and sphere directions; each run loses its replicas after step 3.
        List<Runs.Batch> data = Runs.shards(4, 16, 20);
        long rebuildsBefore = ReplicaTask.REBUILDS.get();
        long staleBefore = SparkReplicas.STALE_STEPS.get();
        int[] dropAt = {3};
        RunObserver loseReplicas = p -> {
            if (p.step() == dropAt[0]) {
                ReplicaTask.dropAll(); // as if every executor were replaced after step 3
            }
        };
        double[] mask = new double[20];
        for (int j = 0; j < 20; j += 3) {
            mask[j] = 1;
        }
        List<UnaryOperator<Minimizer>> directions = List.of(m -> m.withGaussianDirections(1e-3),
                m -> m.withSparseDirections(1e-3, 0.3), m -> m.withGaussianDirections(1e-3).withMask(mask),
                m -> m.withRademacherDirections(1e-3), m -> m.withSphereDirections(1e-3).withMask(mask));
        for (UnaryOperator<Minimizer> direction : directions) {
            for (boolean central : new boolean[] {true, false}) {
                INDArray here = Nd4j.createFromArray(new float[20]);
                INDArray there = Nd4j.createFromArray(new float[20]);
                Run local = mezo(Shards.local(data), here, direction, central).steps(8);
                Run distributed = mezo(Spark.shards(sc.parallelize(data, 4)), there, direction, central)
                        .observe(loseReplicas).steps(8);
                Runs.assertSameRun(local, distributed);
                assertArrayEquals(here.toFloatVector(), there.toFloatVector(), "θ on the driver, bit for bit");
                assertTrue(local.bestValue() < Runs.mse(data.get(0), Nd4j.createFromArray(new float[20])) * 2);
            }
        }
        assertEquals(10 * 4, ReplicaTask.REBUILDS.get() - rebuildsBefore, "each run rebuilt its 4 replicas once");
        assertEquals(10, SparkReplicas.STALE_STEPS.get() - staleBefore, "one step of each run needed the log");
    }

    @Test
    void aCheckpointOnSparkResumesOnAnyLayoutOfTheSameShards(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // The run is the data's, not its layout's: 2 partitions, 4 partitions and local shards make the same run
        List<Runs.Batch> data = Runs.shards(4, 8, 5);
        java.util.function.Function<Shards<Runs.Batch>, Minimizer> mezo = shards -> zo.minimizeSharded(shards, Runs::mse)
                .from(Nd4j.createFromArray(new float[5])).inPlace().withGaussianDirections(1e-3).central().sgd(1e-2)
                .seed(4).progress(false);
        java.nio.file.Path file = dir.resolve("sharded.ckpt");
        Run whole = mezo.apply(Spark.shards(sc.parallelize(data, 2))).checkpointEvery(3, file).steps(7);
        assertEquals("mean loss over 4 shards", whole.config().get("objective"));
        for (Shards<Runs.Batch> layout : List.<Shards<Runs.Batch>>of(Spark.shards(sc.parallelize(data, 4)),
                Shards.local(data))) {
            Minimizer again = mezo.apply(layout);
            Run resumed = org.zeroth.Zo.resume(file, again).finish();
            Runs.assertSameRun(whole, resumed);
            assertEquals(whole.config().label(), resumed.config().label(), "one label for one run");
        }
    }

    /** Calls of a run's function so far; from call {@link #BLOCK_FROM} on, it blocks until its task is interrupted. */
    private static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();
    private static final int BLOCK_FROM = 30;
    private static volatile java.util.concurrent.CountDownLatch blocked;

    private static double blockingAfterAWhile(double value) {
        if (CALLS.incrementAndGet() >= BLOCK_FROM) {
            blocked.countDown();
            try {
                Thread.sleep(120_000); // a run that lost its interrupt keeps the task busy past the test's wait
            } catch (InterruptedException e) {
                throw new IllegalStateException("cancelled", e);
            }
        }
        return value;
    }

    @Test
    void anInterruptReturnsTheRunSoFarAndCancelsItsTasks() throws Exception {
        List<Runs.Batch> data = Runs.shards(2, 4, 3);
        List<java.util.function.Supplier<Run>> runs = List.of(
                () -> zo.minimizeSharded(Spark.shards(sc.parallelize(data, 2)),
                        (Runs.Batch b, INDArray theta) -> blockingAfterAWhile(Runs.mse(b, theta)))
                        .from(Nd4j.createFromArray(new float[3])).inPlace().withGaussianDirections(1e-3).central()
                        .sgd(1e-3).seed(1).progress(false).steps(1_000_000),
                () -> zo.cbo(x -> blockingAfterAWhile(Runs.rastrigin(x))).from(1.5, -0.7).particles(4).seed(2)
                        .progress(false).on(spark).steps(1_000_000),
                // a ZO step's centre is broadcast too
                () -> zo.minimize(x -> blockingAfterAWhile(Runs.rastrigin(x))).from(1.5, -0.7).queries(3).seed(2)
                        .progress(false).on(spark).steps(1_000_000),
                // θ shipped for each evaluation: its broadcast is destroyed while the thread is interrupted
                () -> zo.minimizeSharded(Spark.shards(sc.parallelize(data, 2)),
                        (Runs.Batch b, INDArray theta) -> blockingAfterAWhile(Runs.mse(b, theta)))
                        .from(new double[3]).withGaussianDirections(1e-3).seed(1).progress(false).steps(1_000_000));
        for (var make : runs) {
            CALLS.set(0);
            blocked = new java.util.concurrent.CountDownLatch(1);
            Run[] result = {null};
            Throwable[] thrown = {null};
            Thread runner = new Thread(() -> {
                try {
                    result[0] = make.get();
                } catch (Throwable t) {
                    thrown[0] = t;
                }
            });
            runner.start();
            blocked.await();
            runner.interrupt();
            runner.join();
            assertEquals(null, thrown[0], () -> "the run must come back, not " + thrown[0]);
            assertEquals(org.zeroth.StopReason.INTERRUPTED, result[0].stopReason());
            assertTrue(result[0].steps() >= 1, result[0]::toString);
            // Cancelled tasks end at once; a task left running would sleep 120 s
            for (int i = 0; i < 1200 && sc.sc().statusTracker().getActiveJobIds().length > 0; i++) {
                Thread.sleep(50);
            }
            assertEquals(0, sc.sc().statusTracker().getActiveJobIds().length, "the interrupted run's jobs ended");
        }
    }

    /** Values f returned before calls blocked (local mode: tasks run in this JVM). */
    private static final List<Double> RETURNED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Which calls of {@link #blockingSome} block (counting from 1). */
    private static volatile java.util.function.IntPredicate blocking;

    /** Rastrigin, but the calls that {@link #blocking} names block until their task is interrupted. */
    private static double blockingSome(INDArray x) {
        if (blocking.test(CALLS.incrementAndGet())) {
            blocked.countDown();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException("cancelled", e);
            }
        }
        double v = Runs.rastrigin(x);
        RETURNED.add(v);
        return v;
    }

    /** Successful task ends, and the jobs started, as the driver's listener bus tells them. */
    private static final class Progress extends org.apache.spark.scheduler.SparkListener {
        final java.util.concurrent.Semaphore succeeded = new java.util.concurrent.Semaphore(0);
        final java.util.concurrent.BlockingQueue<Integer> started = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
            if (e.reason() instanceof org.apache.spark.Success$) {
                succeeded.release();
            }
        }

        @Override
        public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
            started.add(e.jobId());
        }
    }

    @Test
    void anInterruptedBatchKeepsTheValuesOfItsFinishedPartitions() throws Exception {
        // 8 points, one task each on local[2]: 6 return, then 2 block; threads keep the 6 values, so must Spark
        List<java.util.function.Function<org.zeroth.Backend, Run>> runs = List.of(
                b -> zo.cbo(SparkLocalTest::blockingSome).from(1.5, -0.7).particles(8).seed(2).progress(false)
                        .on(b).steps(100),
                b -> zo.minimize(SparkLocalTest::blockingSome).from(1.5, -0.7).queries(7).seed(2).progress(false)
                        .on(b).steps(100)); // the queries travel as recipes
        for (var make : runs) {
            for (org.zeroth.Backend backend : List.of(org.zeroth.Backend.threads(2), spark)) {
                assertKeepsWhatReturned(make, backend, n -> n > 6, 6);
            }
        }
        // The first call blocks, one of the first two points: the 7 values past it are kept too
        assertKeepsWhatReturned(runs.get(0), spark, n -> n == 1, 7);
    }

    /** Runs {@code make} on {@code backend}, interrupted once {@code made} calls returned and the others block. */
    private static void assertKeepsWhatReturned(java.util.function.Function<org.zeroth.Backend, Run> make,
            org.zeroth.Backend backend, java.util.function.IntPredicate blocks, int made) throws Exception {
        blocking = blocks;
        CALLS.set(0);
        RETURNED.clear();
        blocked = new java.util.concurrent.CountDownLatch(8 - made);
        Progress progress = new Progress();
        sc.sc().addSparkListener(progress);
        Run[] result = {null};
        Thread runner = new Thread(() -> result[0] = make.apply(backend));
        runner.start();
        if (backend == spark) {
            // The driver takes a task's result right after posting its end, on the thread that starts jobs: a job
            // submitted once the last end is seen starts after that result was taken
            progress.succeeded.acquire(made);
            var barrier = sc.parallelize(List.of(1), 1).countAsync();
            int id = barrier.jobIds().get(0);
            while (progress.started.take() != id) {
                // a batch's job
            }
            runner.interrupt();
            runner.join();
            barrier.get();
        } else {
            blocked.await(); // both threads block: the values before them are made
            runner.interrupt();
            runner.join();
        }
        sc.sc().removeSparkListener(progress);
        assertEquals(org.zeroth.StopReason.INTERRUPTED, result[0].stopReason());
        assertEquals(made, RETURNED.size());
        assertEquals(made, result[0].evaluations(), backend + ": the values made are kept");
        assertEquals(RETURNED.stream().mapToDouble(v -> v).min().getAsDouble(), result[0].bestValue(),
                backend + ": the best of them");
    }

    /** Calls of the shard losses below (local mode: tasks run in this JVM). */
    private static final java.util.concurrent.atomic.AtomicInteger LOSSES = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void everyRunDropsItsReplicasFromTheExecutors() {
        // Local mode: the executors' replicas are this JVM's. 4 partitions of one shard, 8 losses a step.
        List<Runs.Batch> data = Runs.shards(4, 8, 5);
        java.util.function.Function<org.zeroth.ShardLoss<Runs.Batch>, Minimizer> mezo = loss -> zo.minimizeSharded(
                Spark.shards(sc.parallelize(data, 4)), loss).from(Nd4j.createFromArray(new float[5])).inPlace()
                .withGaussianDirections(1e-3).central().sgd(1e-2).seed(4).progress(false);
        int held = ReplicaTask.held();
        mezo.apply(Runs::mse).steps(3);
        assertEquals(held, ReplicaTask.held(), "a run that ended");
        // Call 20 (step 3) throws on one partition, or is NaN: the other replicas stay until the run drops them
        LOSSES.set(0);
        org.junit.jupiter.api.Assertions.assertThrows(org.zeroth.RunFailedException.class,
                () -> mezo.apply((b, theta) -> {
                    if (LOSSES.incrementAndGet() == 20) {
                        throw new IllegalStateException("boom");
                    }
                    return Runs.mse(b, theta);
                }).steps(10));
        assertEquals(held, ReplicaTask.held(), "a run whose loss threw");
        LOSSES.set(0);
        org.junit.jupiter.api.Assertions.assertThrows(org.zeroth.RunFailedException.class, () -> mezo.apply(
                (b, theta) -> LOSSES.incrementAndGet() == 20 ? Double.NaN : Runs.mse(b, theta)).steps(10));
        assertEquals(held, ReplicaTask.held(), "a run whose loss was NaN");
        zo.minimize(Runs::rastrigin).from(Nd4j.createFromArray(new float[] {1, 2})).inPlace()
                .withGaussianDirections(1e-3).central().sgd(1e-3).seed(1).progress(false).on(spark).steps(3);
        assertEquals(held, ReplicaTask.held(), "MeZO on .on(spark)");
    }

    @Test
    void aStepAskedAgainAfterItsLossThrewProbesTheExactTheta() throws Exception {
        // Forward differences: f(θ), then the loss throws at θ + εz. θ + εz − εz is θ only approximately (small
        // floats, a large ε), so the step asked again (a retried step) must rebuild θ₀ to give f(θ) bit for bit.
        float[] small = new float[20];
        for (int j = 0; j < small.length; j++) {
            small[j] = 1e-3f * (j + 1);
        }
        var theta0 = sc.broadcast(Points.Point.of(0, Nd4j.createFromArray(small)));
        var step = sc.broadcast(new org.zeroth.optimize.MezoStep(1, 1, false));
        List<Runs.Batch> shard = Runs.shards(1, 4, 20);
        int[] calls = {0};
        org.zeroth.ShardLoss<Runs.Batch> loss = (b, theta) -> {
            if (++calls[0] == 2) {
                throw new IllegalStateException("at θ + εz");
            }
            return Runs.mse(b, theta);
        };
        long[] keys = {org.zeroth.tensor.RandomStream.of(5).key()};
        String run = "retried-" + java.util.UUID.randomUUID();
        ReplicaTask<Runs.Batch> task = new ReplicaTask<>(run, 1, keys, null, null, theta0, loss, step);
        ReplicaTask<Runs.Batch> fresh = new ReplicaTask<>(run + "-fresh", 1, keys, null, null, theta0, loss, step);
        try {
            assertTrue(task.call(0, shard.iterator()).next().failure() != null);
            assertArrayEquals(fresh.call(0, shard.iterator()).next().losses(),
                    task.call(0, shard.iterator()).next().losses(), "the losses of a new replica, bit for bit");
        } finally {
            ReplicaTask.drop(run);
            ReplicaTask.drop(run + "-fresh");
        }
    }

    @Test
    void aPointTravelsWithItsValuesInRowMajorOrder() {
        INDArray m = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6},
                Points.Point.of(0, m.transpose()).array().reshape(6).toDoubleVector(), "a transpose");
        INDArray cube = Nd4j.createFromArray(new float[] {0, 1, 2, 3, 4, 5, 6, 7}).reshape(2, 2, 2);
        assertArrayEquals(new float[] {0, 2, 1, 3, 4, 6, 5, 7},
                Points.Point.of(0, cube.dup('c').permute(0, 2, 1)).array().reshape(8).toFloatVector(), "a permutation");
        assertArrayEquals(new long[] {2, 2, 2}, Points.Point.of(0, cube).array().shape(), "a reshape keeps its shape");
    }

    @Test
    void aReplicaRebuiltFromALogWithAGapRefusesIt() throws Exception {
        // A resumed run sends the log of its replayed steps; an update lost from it would leave θ silently wrong.
        var theta0 = sc.broadcast(Points.Point.of(0, Nd4j.createFromArray(new float[]{1, 2, 3, 4})));
        var step = sc.broadcast(new org.zeroth.optimize.MezoStep(1, 1, false));
        List<Runs.Batch> shard = Runs.shards(1, 4, 4);
        long[] keys = {org.zeroth.tensor.RandomStream.of(5).key()};
        java.util.function.LongFunction<org.zeroth.Replicas.Update> update =
                t -> new org.zeroth.Replicas.Update(t, keys, new double[]{0.01}, 0);
        String run = "gap-" + java.util.UUID.randomUUID();
        try {
            var whole = new ReplicaTask<>(run + "-whole", 4, keys, null,
                    List.of(update.apply(1), update.apply(2), update.apply(3)), theta0, Runs::mse, step);
            assertEquals(null, whole.call(0, shard.iterator()).next().failure(), "steps 1-3: θ rebuilt");
            var gap = new ReplicaTask<>(run, 4, keys, null, List.of(update.apply(1), update.apply(3)), theta0,
                    Runs::mse, step);
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> gap.call(0, shard.iterator()).next());
            assertTrue(refused.getMessage().contains("from step 1 to step 3"), refused.getMessage());
        } finally {
            ReplicaTask.drop(run);
            ReplicaTask.drop(run + "-whole");
        }
    }

    private static Minimizer mezo(Shards<Runs.Batch> shards, INDArray theta, UnaryOperator<Minimizer> direction,
                                  boolean central) {
        var m = direction.apply(zo.minimizeSharded(shards, Runs::mse).from(theta).inPlace()).queries(2)
                .sgd(1e-2).weightDecay(1e-3).seed(7).progress(false);
        return central ? m.central() : m.forward();
    }

    /** Evaluations of {@link #onExecutors} that ran on a thread that is not a Spark task's. */
    private static final java.util.concurrent.atomic.AtomicLong OUTSIDE_TASKS = new java.util.concurrent.atomic.AtomicLong();

    /** f counted, and checked to run in a Spark task (local mode: executors are threads of this JVM). */
    private static Objective onExecutors(LongAccumulator calls) {
        return x -> {
            if (!Thread.currentThread().getName().startsWith("Executor task launch")) {
                OUTSIDE_TASKS.incrementAndGet();
            }
            calls.add(1);
            return Runs.rastrigin(x);
        };
    }

    @Test
    void inPlaceOnSparkKeepsThetaOnAnExecutorAndShipsOnlySeeds() {
        double[] mask = {1, 1, 0, 1, 0, 1, 1, 0};
        List<UnaryOperator<Minimizer>> directions = List.of(m -> m.withGaussianDirections(1e-3),
                m -> m.withGaussianDirections(1e-3).withMask(mask));
        for (UnaryOperator<Minimizer> direction : directions) {
            LongAccumulator calls = sc.sc().longAccumulator();
            float[] start = {0.4f, -0.3f, 0.2f, 0.9f, -0.6f, 0.1f, 0.5f, -0.2f};
            INDArray here = Nd4j.createFromArray(start.clone());
            INDArray there = Nd4j.createFromArray(start.clone());
            Run local = direction.apply(zo.minimize(Runs::rastrigin).from(here)).queries(2).central().sgd(1e-3)
                    .weightDecay(1e-2).inPlace().seed(5).progress(false).steps(6);
            long vectors = SparkBackend.VECTORS_SHIPPED.get();
            long outside = OUTSIDE_TASKS.get();
            Run remote = direction.apply(zo.minimize(onExecutors(calls)).from(there)).queries(2).central().sgd(1e-3)
                    .weightDecay(1e-2).inPlace().seed(5).progress(false).on(spark).steps(6);
            Runs.assertSameRun(local, remote);
            assertArrayEquals(here.toFloatVector(), there.toFloatVector(), "θ on the driver, bit for bit");
            assertEquals(24, remote.evaluations(), "2q = 4 evaluations per step");
            assertEquals(remote.evaluations(), calls.value());
            assertEquals(outside, OUTSIDE_TASKS.get(), "every evaluation ran in a Spark task");
            assertEquals(vectors, SparkBackend.VECTORS_SHIPPED.get(), "θ never travelled with an evaluation");
        }
        // resample(k) asks k values of one point, which a replica does not give: θ travels with each evaluation.
        INDArray here = Nd4j.createFromArray(new float[] {0.4f, -0.3f, 0.2f});
        INDArray there = here.dup();
        Run local = zo.minimize(Runs::rastrigin).from(here).withGaussianDirections(1e-3).central().sgd(1e-3)
                .resample(2).inPlace().seed(5).progress(false).steps(3);
        Run remote = zo.minimize(Runs::rastrigin).from(there).withGaussianDirections(1e-3).central().sgd(1e-3)
                .resample(2).inPlace().seed(5).progress(false).on(spark).steps(3);
        Runs.assertSameRun(local, remote);
        assertEquals(3 * 2 * 2, remote.evaluations(), "2 probes a step, each evaluated twice");
        assertArrayEquals(here.toFloatVector(), there.toFloatVector());
    }

    @Test
    void aStepCarriesSeedsNotTheMask() throws Exception {
        int d = 1_000_000;
        int[] mask = new int[d / 2]; // withMask over half the coordinates: 2 MB of indices
        for (int i = 0; i < mask.length; i++) {
            mask[i] = 2 * i;
        }
        var masked = new org.zeroth.optimize.MezoStep(1e-3, 2, true, org.zeroth.estimate.Directions.GAUSSIAN, 1, mask);
        try (var replicas = new SparkReplicas<>(sc.parallelize(List.of(1, 2), 2), 2, (Integer k, INDArray t) -> 0.0,
                Nd4j.createFromArray(new float[4]), masked, () -> { })) {
            var previous = new org.zeroth.Replicas.Update(1, new long[] {1, 2}, new double[] {0.1, 0.2}, 0);
            int bytes = Points.requireSerializable(replicas.task(2, new long[] {5, 6}, previous, null), "a step");
            assertTrue(bytes < 4_000, "a step's task is " + bytes + " bytes");
        }
    }

    @Test
    void aRunLeavesTheCallersJobGroupAsItWas() {
        sc.setJobGroup("users-group", "my experiment", false);
        try {
            zo.cbo(Runs::rastrigin).from(1.0, 2.0).particles(4).seed(1).progress(false).on(spark).steps(1);
            assertEquals("users-group", sc.getLocalProperty("spark.jobGroup.id"));
            assertEquals("my experiment", sc.getLocalProperty("spark.job.description"));
            assertEquals("false", sc.getLocalProperty("spark.job.interruptOnCancel"));
        } finally {
            sc.clearJobGroup();
        }
        zo.cbo(Runs::rastrigin).from(1.0, 2.0).particles(4).seed(1).progress(false).on(spark).steps(1);
        assertEquals(null, sc.getLocalProperty("spark.jobGroup.id"), "none before, none after");
    }

    @Test
    void inPlaceOnSparkTakesThetaOfAnyShape() {
        // [1, n] is model.params()'s shape; the replica's θ must be an array of its own, not a reshaped view
        for (float[][] start : new float[][][] {{{0.4f, -0.3f, 0.2f, 0.9f}}, {{0.4f, -0.3f}, {0.2f, 0.9f}}}) {
            INDArray here = Nd4j.createFromArray(start);
            INDArray there = Nd4j.createFromArray(start);
            Run local = zo.minimize(Runs::rastrigin).from(here).inPlace().withGaussianDirections(1e-3).central()
                    .sgd(1e-3).seed(5).progress(false).steps(3);
            Run remote = zo.minimize(Runs::rastrigin).from(there).inPlace().withGaussianDirections(1e-3).central()
                    .sgd(1e-3).seed(5).progress(false).on(spark).steps(3);
            Runs.assertSameRun(local, remote);
            assertArrayEquals(here.shape(), there.shape());
            assertArrayEquals(here.data().asFloat(), there.data().asFloat(), "θ on the driver, bit for bit");
        }
    }

    @Test
    void aFiniteSumInPlaceOnSparkEqualsTheLocalRun() {
        // n component queries per point, or a mini-batch's: not what a replica's one value of f gives
        Objective sum = Objective.finiteSum(10, (org.zeroth.FiniteSum.Component & java.io.Serializable) (i, x) ->
                (x.getDouble(0) - i) * (x.getDouble(0) - i) + x.getDouble(1) * x.getDouble(1));
        for (int batch : new int[] {0, 2}) {
            INDArray here = Nd4j.createFromArray(new float[] {0.5f, 1f});
            INDArray there = here.dup();
            UnaryOperator<Minimizer> run = m -> {
                Minimizer r = m.inPlace().withGaussianDirections(1e-3).central().sgd(1e-2).seed(1).progress(false);
                return batch > 0 ? r.miniBatch(batch) : r;
            };
            Run local = run.apply(zo.minimize(sum).from(here)).steps(3);
            Run remote = run.apply(zo.minimize(sum).from(there)).on(spark).steps(3);
            Runs.assertSameRun(local, remote);
            assertArrayEquals(here.toFloatVector(), there.toFloatVector());
        }
    }

    @Test
    void shardedRunsThatShipThetaStillEqualTheLocalRun() {
        List<Runs.Batch> data = Runs.shards(3, 8, 6);
        Run local = zo.minimizeSharded(Shards.local(data), Runs::mse).from(new double[6]).withGaussianDirections(1e-3)
                .queries(2).adam(1e-2).seed(8).progress(false).steps(4);
        Run spread = zo.minimizeSharded(Spark.shards(sc.parallelize(data, 2)), Runs::mse).from(new double[6])
                .withGaussianDirections(1e-3).queries(2).adam(1e-2).seed(8).progress(false).steps(4);
        Runs.assertSameRun(local, spread);
        assertEquals(Tensors.toArray(local.finalPoint()).length, 6);
        // In place with resample(k): θ shipped, as without inPlace() (a replica answers one value per point).
        INDArray here = Nd4j.createFromArray(new float[6]);
        INDArray there = Nd4j.createFromArray(new float[6]);
        Runs.assertSameRun(zo.minimizeSharded(Shards.local(data), Runs::mse).from(here).inPlace()
                .withGaussianDirections(1e-3).central().sgd(1e-2).resample(2).seed(8).progress(false).steps(3),
                zo.minimizeSharded(Spark.shards(sc.parallelize(data, 2)), Runs::mse).from(there).inPlace()
                .withGaussianDirections(1e-3).central().sgd(1e-2).resample(2).seed(8).progress(false).steps(3));
        assertArrayEquals(here.toFloatVector(), there.toFloatVector());
    }
}
