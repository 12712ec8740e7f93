package org.zeroth.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.RunFailedException;
import org.zeroth.StopReason;

/** Each mistake gets an error that says what to do, and the run so far is kept. */
class SparkBadInputTest {

    @Test
    void anUnreachableMasterFailsTheRunAtOnceSayingWhatToCheck() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "spark://127.0.0.1:" + port;
        RunFailedException e = assertThrows(RunFailedException.class, () -> zo.cbo(Runs::rastrigin).from(1.0, 2.0)
                .particles(4).progress(false).on(Spark.master(url)).steps(3));
        assertTrue(e.getMessage().contains("cannot reach the Spark master at " + url), e.getMessage());
        assertTrue(e.getMessage().contains("start it"), e.getMessage());
        assertEquals(StopReason.FAILED, e.run().stopReason());
        assertEquals("Spark " + url, e.run().config().get("backend"), "the failed run keeps its configuration");
    }

    /**
     * What answers there is not a master: a server of another protocol that waits for more (as the master's web UI,
     * on 8080 by default, waits for the end of a request line; here a socket whose connections are never read) and
     * Spark's RPC without a Master (the running driver's own port, as a worker's would be). Spark alone retried for a
     * minute.
     */
    @Test
    void anAddressThatAnswersButIsNotAMasterFailsTheRunSayingWhatToGive() throws IOException {
        org.apache.spark.SparkContext running = TestSpark.use("local[2]").context().sc();
        try (ServerSocket other = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) { // the OS accepts
            String otherUrl = "spark://127.0.0.1:" + other.getLocalPort();
            String driverUrl = "spark://127.0.0.1:" + running.getConf().get("spark.driver.port");
            for (String url : List.of(otherUrl, driverUrl)) {
                RunFailedException e = assertThrows(RunFailedException.class, () -> zo.cbo(Runs::rastrigin)
                        .from(1.0, 2.0).particles(4).progress(false).on(Spark.master(url)).steps(1));
                assertTrue(e.getMessage().contains("what answers at " + url + " is not a Spark master ("
                        + (url.equals(otherUrl) ? "no answer in Spark's protocol within 15 s"
                        : "Spark answers there, but as a worker or a driver") + ")")
                        && e.getMessage().contains("spark://host:7077"), e.getMessage());
                assertEquals(0, e.run().evaluations());
                assertTrue(!running.isStopped(), url + " stopped the running context");
            }
        }
    }

    @Test
    void aMistypedMasterUrlIsRefusedBeforeAnythingStops() {
        SparkBackend running = TestSpark.use("local[2]");
        for (String typo : List.of("sprak://localhost:7077", "localhost:7077", "local[x]", "local 2")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Spark.master(typo), typo);
            assertTrue(e.getMessage().contains("is not a Spark master URL") && e.getMessage().contains(
                    "spark://host:7077"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Spark.master("localhost:7077")).getMessage()
                .contains("did you mean spark://localhost:7077?"));
        for (String url : List.of("local", "local[4]", "local[*]", "local[2, 3]", "local-cluster[2, 1, 512]",
                "spark://h1:7077,h2:7077", "yarn", "k8s://https://10.0.0.1:6443")) {
            Spark.master(url); // a backend, not started: nothing runs until a run uses it
        }
        Run after = zo.cbo(Runs::rastrigin).from(1.0, 2.0).particles(4).seed(1).progress(false).on(running).steps(2);
        assertEquals(StopReason.STEPS, after.stopReason(), "the context in use still runs");
    }

    @Test
    void aMasterThatCannotStartHereIsRefusedBeforeTheRunningContextStops() {
        org.apache.spark.SparkContext running = TestSpark.use("local[2]").context().sc();
        for (String url : List.of("yarn", "k8s://https://127.0.0.1:1")) { // their cluster managers are not here
            RunFailedException e = assertThrows(RunFailedException.class, () -> zo.cbo(Runs::rastrigin).from(1.0, 2.0)
                    .particles(4).progress(false).on(Spark.master(url)).steps(1));
            assertTrue(e.getMessage().contains("on the class path") && e.getMessage().contains("spark-submit --master "
                    + url), e.getMessage());
            assertTrue(!running.isStopped(), url + " stopped the running context");
        }
        var none = assertThrows(IllegalArgumentException.class, () -> Spark.master("local[0]"));
        assertTrue(none.getMessage().contains("give local[n] with n ≥ 1"), none.getMessage());
        var mesos = assertThrows(IllegalArgumentException.class, () -> Spark.master("mesos://127.0.0.1:5050"));
        assertTrue(mesos.getMessage().contains("Spark 4 has no Mesos support"), mesos.getMessage());
    }

    @Test
    void aNonSerializableObjectiveSaysWhatItCapturesAndWhatToDo() {
        SparkBackend spark = TestSpark.use("local[2]");
        Thread notSerializable = Thread.currentThread();
        Objective f = x -> Runs.rastrigin(x) + (notSerializable.isAlive() ? 0 : 1);
        RunFailedException e = assertThrows(RunFailedException.class, () -> zo.minimize(f).from(1.0, 2.0)
                .progress(false).on(spark).steps(3));
        assertTrue(e.getMessage().contains("java.lang.Thread, which is not Serializable"), e.getMessage());
        assertTrue(e.getMessage().contains("Thread is the JDK's: capture what you need of it, or create it inside"
                + " the lambda"), e.getMessage());
        assertEquals(0, e.run().evaluations());
        Holder holder = new Holder();
        Objective g = x -> Runs.rastrigin(x) + holder.offset;
        RunFailedException held = assertThrows(RunFailedException.class, () -> zo.minimize(g).from(1.0, 2.0)
                .progress(false).on(spark).steps(3));
        assertTrue(held.getMessage().contains("java.lang.Object (in field lock)"), "the field to change: "
                + held.getMessage());
        Plain plain = new Plain();
        Objective h = x -> Runs.rastrigin(x) + plain.offset;
        RunFailedException users = assertThrows(RunFailedException.class, () -> zo.minimize(h).from(1.0, 2.0)
                .progress(false).on(spark).steps(3));
        assertTrue(users.getMessage().contains("make SparkBadInputTest$Plain implement java.io.Serializable"),
                users.getMessage());
    }

    /** A class of the user's own, not Serializable: the message says to make it so. */
    static final class Plain {
        final double offset = 0;
    }

    /** Serializable but for one field: the message names it. */
    static final class Holder implements java.io.Serializable {
        final double offset = 0;
        final Object lock = new Object();
    }

    @Test
    void aPointThatFailsOnAnExecutorCountsTheBatchBeforeItAsTheSequentialRunDoes() {
        SparkBackend spark = TestSpark.use("local[2]");
        Objective f = x -> {
            if (x.getDouble(0) > 2.5) {
                throw new IllegalStateException("simulator diverged at x0 = " + x.getDouble(0));
            }
            return Runs.rastrigin(x);
        };
        RunFailedException here = assertThrows(RunFailedException.class, () -> zo.cbo(f).within(-3, 3)
                .from(0.0, 0.0).particles(16).seed(2).progress(false).steps(5));
        RunFailedException there = assertThrows(RunFailedException.class, () -> zo.cbo(f).within(-3, 3)
                .from(0.0, 0.0).particles(16).seed(2).progress(false).on(spark).steps(5));
        assertTrue(there.getMessage().contains("simulator diverged"), there.getMessage());
        assertEquals(here.run().evaluations(), there.run().evaluations(), "the values before the failing point");
        assertEquals(here.run().steps(), there.run().steps());
        assertEquals(here.getMessage(), there.getMessage());
    }

    @Test
    void aShardedRunThatShipsThetaRefusesOnSparkSayingToDropIt() {
        SparkBackend spark = TestSpark.use("local[2]");
        var shards = Spark.shards(spark.context().parallelize(Runs.shards(3, 4, 3), 2));
        RunFailedException e = assertThrows(RunFailedException.class, () -> zo.minimizeSharded(shards, Runs::mse)
                .from(new double[3]).withGaussianDirections(1e-3).seed(1).progress(false).on(spark).steps(2));
        assertTrue(e.getMessage().contains("already evaluates on Spark") && e.getMessage().contains("drop .on(Spark"
                + " local[2])"), e.getMessage());
        assertEquals(0, e.run().evaluations());
    }

    @Test
    void aNanFromAShardNamesThePerturbedPointAsTheLocalRunDoes() {
        SparkBackend spark = TestSpark.use("local[2]");
        List<Runs.Batch> data = Runs.shards(2, 4, 3);
        org.zeroth.ShardLoss<Runs.Batch> nanAway = (b, t) -> t.getDouble(0) < 0 ? Double.NaN : Runs.mse(b, t);
        for (boolean central : new boolean[] {true, false}) {
            java.util.function.Function<org.zeroth.Shards<Runs.Batch>, RunFailedException> run = shards ->
                    assertThrows(RunFailedException.class, () -> {
                        var m = zo.minimizeSharded(shards, nanAway).from(org.nd4j.linalg.factory.Nd4j.createFromArray(
                                new float[3])).inPlace().withGaussianDirections(1e-3).queries(3).sgd(1e-2).seed(4)
                                .progress(false);
                        (central ? m.central() : m.forward()).steps(10);
                    });
            RunFailedException local = run.apply(org.zeroth.Shards.local(data));
            RunFailedException there = run.apply(Spark.shards(spark.context().parallelize(data, 2)));
            assertTrue(local.getMessage().contains("returned NaN"), local.getMessage());
            assertEquals(local.getMessage(), there.getMessage());
            assertEquals(local.run().evaluations(), there.run().evaluations());
        }
    }

    @Test
    void aShardLossThatThrowsFailsTheRunInOneLineNamingTheShard() {
        SparkBackend spark = TestSpark.use("local[2]");
        // Five shards on two partitions (0–1 and 2–4); only the fourth is short. It is named by its place in the
        // user's list, not in its partition (where it is the second): in place (replicas of θ) and shipping θ.
        List<double[]> shards = List.of(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6},
                new double[] {7}, new double[] {8, 9});
        var sharded = zo.minimizeSharded(Spark.shards(spark.context().parallelize(shards, 2)),
                (double[] s, org.nd4j.linalg.api.ndarray.INDArray t) -> t.getDouble(0) + s[1]);
        for (boolean inPlace : new boolean[] {true, false}) {
            RunFailedException e = assertThrows(RunFailedException.class, () -> (inPlace
                    ? sharded.from(org.nd4j.linalg.factory.Nd4j.createFromArray(new float[4])).inPlace()
                    : sharded.from(0.0, 0.0)).withGaussianDirections(1e-3).sgd(1e-2).progress(false).steps(3));
            assertTrue(e.getMessage().contains("the shard loss threw java.lang.ArrayIndexOutOfBoundsException: Index 1"
                    + " out of bounds for length 1 on shard 3 (counting from 0 in the RDD's order); fix the loss for"
                    + " that shard"), e.getMessage());
            assertTrue(!e.getMessage().contains("Job aborted") && !e.getMessage().contains("DAGScheduler")
                    && e.getMessage().lines().count() == 1, e.getMessage());
            assertEquals(StopReason.FAILED, e.run().stopReason());
            // the call that threw counts, as when the loss throws on local shards: in place the step's first
            var local = zo.minimizeSharded(org.zeroth.Shards.local(shards),
                    (double[] s, org.nd4j.linalg.api.ndarray.INDArray t) -> t.getDouble(0) + s[1]);
            RunFailedException here = assertThrows(RunFailedException.class, () -> (inPlace
                    ? local.from(org.nd4j.linalg.factory.Nd4j.createFromArray(new float[4])).inPlace()
                    : local.from(0.0, 0.0)).withGaussianDirections(1e-3).sgd(1e-2).progress(false).steps(3));
            assertEquals(1, here.run().evaluations(), here.getMessage());
            assertEquals(1, e.run().evaluations(), "in place: " + inPlace);
        }
    }

    /** Whether the RDD below gives each shard twice (as a recomputation that differs would). */
    private static volatile boolean twice;

    @Test
    void shardsThatComeBackOtherwiseWhenRecomputedFailTheRunSayingSo() {
        SparkBackend spark = TestSpark.use("local[2]");
        List<Runs.Batch> data = Runs.shards(4, 8, 5);
        var shards = (SparkShards<Runs.Batch>) Spark.shards(spark.context().parallelize(data, 2)
                .flatMap(b -> (twice ? List.of(b, b) : List.of(b)).iterator()));
        assertEquals(4, shards.count());
        twice = true;
        try {
            shards.rdd().unpersist(true); // as if the cache were lost: the RDD is computed again
            var sharded = zo.minimizeSharded(shards, Runs::mse);
            for (boolean inPlace : new boolean[] {true, false}) {
                RunFailedException e = assertThrows(RunFailedException.class, () -> (inPlace
                        ? sharded.from(org.nd4j.linalg.factory.Nd4j.createFromArray(new float[5])).inPlace()
                        : sharded.from(new double[5])).withGaussianDirections(1e-3).sgd(1e-2).progress(false)
                        .steps(3));
                assertTrue(e.getMessage().contains("the job saw 8 shards, the RDD has 4: an RDD given to"
                        + " Spark.shards must give the same elements each time it is computed"), e.getMessage());
            }
        } finally {
            twice = false;
        }
    }

    @Test
    void withoutSparkOnTheClassPathTheErrorNamesTheDependency() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.contains("/org/apache/spark/"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
        String out = probe(classPath, List.of());
        assertTrue(out.contains("Apache Spark is not on the class path") && out.contains(Spark.COORDINATES), out);
    }

    @Test
    void withoutTheAddOpensFlagTheErrorNamesIt() throws Exception {
        String out = probe(System.getProperty("java.class.path"), List.of("-Dorg.bytedeco.javacpp.maxphysicalbytes=0"));
        assertTrue(out.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), out);
        assertTrue(out.startsWith("FAILED org.zeroth.RunFailedException"), out);
    }

    /** Runs {@link SparkProbe} in a JVM of its own; returns the line it printed. */
    private static String probe(String classPath, List<String> options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        if (Runtime.version().feature() >= 23) {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-cp", classPath, SparkProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> l.startsWith("FAILED") || l.startsWith("RAN")).findFirst().orElse(out);
    }
}
