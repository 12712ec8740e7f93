package org.zeroth.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.RunObserver;
import org.zeroth.RunFailedException;
import org.zeroth.ShardLoss;
import org.zeroth.Shards;
import org.zeroth.StopReason;
import org.zeroth.Zo;
import org.zeroth.optimize.Minimizer;

/**
 * A real cluster on loopback: a standalone Master and two Workers in their own JVMs, each Worker running one
 * executor JVM. Runs equal their sequential runs; a Worker killed with SIGKILL mid-run changes nothing.
 */
@TestMethodOrder(OrderAnnotation.class)
class SparkClusterTest {
    private static LoopbackCluster cluster;
    private static SparkBackend spark;
    private static JavaSparkContext sc;
    private static String[] settings;

    @BeforeAll
    static void start() throws Exception {
        cluster = LoopbackCluster.start(2, 1);
        List<String> conf = new java.util.ArrayList<>();
        cluster.driverConf().forEach((k, v) -> {
            conf.add(k);
            conf.add(v);
        });
        settings = conf.toArray(String[]::new);
        long probes = Spark.MASTER_PROBES.get();
        spark = TestSpark.use(cluster.masterUrl(), settings);
        assertEquals(probes + 1, Spark.MASTER_PROBES.get(), "the master was probed before its context started");
        sc = spark.context();
        // both executors up before the runs, so their tasks really run in two other JVMs
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (sc.sc().statusTracker().getExecutorInfos().length < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(3, sc.sc().statusTracker().getExecutorInfos().length, "the driver and two executors");
    }

    @AfterAll
    static void stop() {
        TestSpark.close();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aBackendSharingTheRunningContextDoesNotProbeTheMasterAgain() {
        long probes = Spark.MASTER_PROBES.get();
        SparkBackend again = TestSpark.backend(cluster.masterUrl(), settings); // as a notebook cell writes it again
        assertSame(sc.sc(), again.context().sc());
        assertEquals(probes, Spark.MASTER_PROBES.get());
    }

    @Test
    @Order(1)
    void populationMethodsAndZoEqualTheirSequentialRuns() {
        LongAccumulator calls = sc.sc().longAccumulator();
        Objective counted = x -> {
            calls.add(1);
            return Runs.rastrigin(x);
        };
        double[] x0 = {1.5, -0.7, 2.2};
        Run cbo = zo.cbo(counted).from(x0).particles(10).seed(3).progress(false).on(spark).steps(4);
        Runs.assertSameRun(zo.cbo(Runs::rastrigin).from(x0).particles(10).seed(3).progress(false).steps(4), cbo);
        assertEquals(40, calls.value(), "every evaluation ran once, in an executor");

        long centres = SparkBackend.CENTRES_SHIPPED.get();
        Run zoRun = zo.minimize(counted).from(x0).withGaussianDirections(1e-3).queries(3).central().sgd(1e-3).seed(4)
                .progress(false).on(spark).steps(3);
        Runs.assertSameRun(zo.minimize(Runs::rastrigin).from(x0).withGaussianDirections(1e-3).queries(3).central()
                .sgd(1e-3).seed(4).progress(false).steps(3), zoRun);
        assertEquals(3, SparkBackend.CENTRES_SHIPPED.get() - centres, "queries rebuilt from seeds on the executors");

        Run random = zo.randomSearch(counted).within(-3, 3).from(x0).seed(5).progress(false).on(spark).steps(3);
        Runs.assertSameRun(zo.randomSearch(Runs::rastrigin).within(-3, 3).from(x0).seed(5).progress(false).steps(3),
                random);
        Run cmaes = zo.cmaes(counted).from(x0).seed(6).progress(false).on(spark).steps(4);
        Runs.assertSameRun(zo.cmaes(Runs::rastrigin).from(x0).seed(6).progress(false).steps(4), cmaes);
        assertEquals(40 + 18 + 3 + 4, calls.value());

        // MeZO in place: θ lives on an executor (another JVM), which applies each step from its seeds.
        long vectors = SparkBackend.VECTORS_SHIPPED.get();
        INDArray here = Nd4j.createFromArray(new float[] {1.5f, -0.7f, 2.2f});
        INDArray there = here.dup();
        Run mezo = zo.minimize(counted).from(there).withGaussianDirections(1e-3).central().sgd(1e-3).inPlace()
                .seed(7).progress(false).on(spark).steps(5);
        Runs.assertSameRun(zo.minimize(Runs::rastrigin).from(here).withGaussianDirections(1e-3).central().sgd(1e-3)
                .inPlace().seed(7).progress(false).steps(5), mezo);
        assertArrayEquals(here.toFloatVector(), there.toFloatVector());
        assertEquals(40 + 18 + 3 + 4 + 10, calls.value(), "MeZO's 2 evaluations per step, in an executor");
        assertEquals(vectors, SparkBackend.VECTORS_SHIPPED.get(), "θ never travelled with an evaluation");
    }

    @Test
    @Order(2)
    void dataParallelMezoOverFourShardsEqualsTheSingleJvmRun() {
        long stale = SparkReplicas.STALE_STEPS.get();
        assertSameMezo(-1);
        assertEquals(stale, SparkReplicas.STALE_STEPS.get(), "the replicas lived on the executors from step to step");
    }

    @Test
    @Order(3)
    void aResumedDataParallelRunEvaluatesOnlyTheStepsItHadNotMade(@TempDir Path dir) {
        List<Runs.Batch> data = Runs.shards(4, 16, 20);
        LongAccumulator losses = sc.sc().longAccumulator();
        ShardLoss<Runs.Batch> counted = (b, theta) -> {
            losses.add(1);
            return Runs.mse(b, theta);
        };
        Function<INDArray, Minimizer> mezo = theta -> zo.minimizeSharded(Spark.shards(sc.parallelize(data, 4)), counted)
                .from(theta).inPlace().withGaussianDirections(1e-3).queries(2).central().sgd(1e-2).seed(9)
                .progress(false);
        INDArray wholeTheta = Nd4j.createFromArray(new float[20]);
        Run whole = mezo.apply(wholeTheta).steps(8);
        assertEquals(8 * 4 * 4, losses.value(), "4 probes (central, q = 2) on 4 shards a step");

        Path file = dir.resolve("sharded.ckpt");
        RunObserver interruptAt3 = p -> {
            if (p.step() == 3) {
                Thread.currentThread().interrupt();
            }
        };
        Run saved = mezo.apply(Nd4j.createFromArray(new float[20])).checkpointEvery(1, file).observe(interruptAt3)
                .steps(8);
        Thread.interrupted();
        assertEquals(StopReason.INTERRUPTED, saved.stopReason());
        assertEquals(3, saved.steps());
        losses.reset();
        INDArray theta = Nd4j.createFromArray(new float[20]);
        Run resumed = Zo.resume(file, mezo.apply(theta)).finish();
        Runs.assertSameRun(whole, resumed);
        assertArrayEquals(wholeTheta.toFloatVector(), theta.toFloatVector(), "θ bit for bit");
        assertEquals(5 * 4 * 4, losses.value(), "steps 4–8 only: the saved steps' losses come from the checkpoint");
    }

    @Test
    @Order(4)
    void aResumedRunWhoseTimeWasUsedUpStopsAfterItsReplay(@TempDir Path dir) {
        // MeZO on .on(spark) (θ on one executor); the saved run outlasts its limit at step 3, as the local path's test
        LongAccumulator calls = sc.sc().longAccumulator();
        Objective counted = x -> {
            calls.add(1);
            return Runs.rastrigin(x);
        };
        Duration limit = Duration.ofSeconds(5);
        RunObserver outlastTheLimit = p -> {
            if (p.step() == 3) {
                try { // past the limit whatever the machine: the run's clock started before p.seconds() was read
                    Thread.sleep(Math.max(0, limit.toMillis() - (long) (p.seconds() * 1000)) + 100);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Function<INDArray, Minimizer> mezo = theta -> zo.minimize(counted).from(theta).withGaussianDirections(1e-3)
                .central().sgd(1e-3).inPlace().seed(7).timeLimit(limit).progress(false).on(spark);
        Path file = dir.resolve("timed.ckpt");
        Run saved = mezo.apply(Nd4j.createFromArray(new float[] {1.5f, -0.7f, 2.2f})).checkpointEvery(1, file)
                .observe(outlastTheLimit).steps(20);
        assertEquals(StopReason.TIME_LIMIT, saved.stopReason());
        calls.reset();
        Run resumed = Zo.resume(file, mezo.apply(Nd4j.createFromArray(new float[] {1.5f, -0.7f, 2.2f}))).finish();
        assertEquals(StopReason.TIME_LIMIT, resumed.stopReason(), "its time was used up before the resume");
        Runs.assertSameRun(saved, resumed);
        assertEquals(0, calls.value(), "nothing more to evaluate: the saved steps' values come from the checkpoint");
    }

    @Test
    @Order(5)
    void everyRunUnpersistsTheShardsItCached() {
        // Spark's map of persisted RDDs holds them weakly: the test keeps every RDD it checks reachable
        List<Runs.Batch> data = Runs.shards(4, 8, 5);
        JavaRDD<Runs.Batch> rdd = sc.parallelize(data, 4);
        Map<Integer, JavaRDD<?>> seen = new HashMap<>();
        RunObserver look = p -> seen.putAll(sc.getPersistentRDDs());
        Function<ShardLoss<Runs.Batch>, Minimizer> sharded = loss -> zo.minimizeSharded(Spark.shards(rdd), loss)
                .withGaussianDirections(1e-3).central().sgd(1e-2).seed(4).progress(false).observe(look);
        sharded.apply(Runs::mse).from(Nd4j.createFromArray(new float[5])).inPlace().steps(3);
        assertTrue(seen.containsKey(rdd.id()), "the shards were cached while the run used them");
        assertFalse(sc.getPersistentRDDs().containsKey(rdd.id()), "an in-place run that finished");
        sharded.apply(Runs::mse).from(new double[5]).steps(2);
        assertFalse(sc.getPersistentRDDs().containsKey(rdd.id()), "a run that shipped θ with each evaluation");
        assertThrows(RunFailedException.class, () -> sharded.apply((b, theta) -> {
            throw new IllegalStateException("boom");
        }).from(Nd4j.createFromArray(new float[5])).inPlace().steps(3));
        assertFalse(sc.getPersistentRDDs().containsKey(rdd.id()), "a run whose loss threw");
        Run interrupted = sharded.apply(Runs::mse).from(Nd4j.createFromArray(new float[5])).inPlace()
                .observe(p -> Thread.currentThread().interrupt()).steps(5);
        Thread.interrupted();
        assertEquals(StopReason.INTERRUPTED, interrupted.stopReason());
        assertFalse(sc.getPersistentRDDs().containsKey(rdd.id()), "an interrupted run");

        Set<Integer> before = new HashSet<>(sc.getPersistentRDDs().keySet());
        seen.clear();
        zo.minimize(Runs::rastrigin).from(Nd4j.createFromArray(new float[] {1, 2})).inPlace()
                .withGaussianDirections(1e-3).central().sgd(1e-3).seed(1).progress(false).observe(look).on(spark)
                .steps(2);
        Set<Integer> cached = new HashSet<>(seen.keySet());
        cached.removeAll(before);
        assertEquals(1, cached.size(), "MeZO on .on(spark) caches its one-shard RDD for the run: " + cached);
        cached.forEach(id -> assertFalse(sc.getPersistentRDDs().containsKey(id), "and drops it after"));

        rdd.cache(); // the caller's own cache is the caller's to drop
        sharded.apply(Runs::mse).from(Nd4j.createFromArray(new float[5])).inPlace().steps(2);
        assertTrue(sc.getPersistentRDDs().containsKey(rdd.id()), "an RDD the caller persisted stays persisted");
        rdd.unpersist();
    }

    @Test
    @Order(10)
    void aWorkerKilledMidRunLeavesTheRunUnchanged() {
        long stale = SparkReplicas.STALE_STEPS.get();
        assertSameMezo(3);
        assertTrue(SparkReplicas.STALE_STEPS.get() > stale, "the lost executor's replicas were rebuilt from the log");
        assertFalse(cluster.workers().get(0).isAlive());
    }

    /** Sharded MeZO on the cluster against Shards.local; kills Worker 0 after step {@code killAfter} (−1: none). */
    private static void assertSameMezo(int killAfter) {
        List<Runs.Batch> data = Runs.shards(4, 16, 20);
        INDArray here = Nd4j.createFromArray(new float[20]);
        INDArray there = Nd4j.createFromArray(new float[20]);
        RunObserver killer = p -> {
            if (p.step() == killAfter) {
                try {
                    cluster.kill(0);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Run local = zo.minimizeSharded(Shards.local(data), Runs::mse).from(here).inPlace()
                .withGaussianDirections(1e-3).queries(2).central().sgd(1e-2).seed(9).progress(false).steps(6);
        Run spread = zo.minimizeSharded(Spark.shards(sc.parallelize(data, 4)), Runs::mse).from(there).inPlace()
                .withGaussianDirections(1e-3).queries(2).central().sgd(1e-2).seed(9).progress(false).observe(killer)
                .steps(6);
        Runs.assertSameRun(local, spread);
        assertArrayEquals(here.toFloatVector(), there.toFloatVector());
    }
}
