package org.zeroth.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Run;
import org.zeroth.RunFailedException;
import org.zeroth.population.Cbo;

/**
 * Spark allows one SparkContext per JVM. Backends written inline (a notebook's {@code .on(Spark.local(2))} in cell
 * after cell) share the one Zeroth started, one with other settings replaces it, and a context Zeroth did not start
 * is left running with an error that says what to write instead.
 */
class SparkContextsTest {

    private static Cbo cbo() {
        return zo.cbo(Runs::rastrigin).from(1.5, -0.7, 2.2).particles(8).seed(1).progress(false);
    }

    @Test
    void inlineBackendsWithTheSameSettingsShareTheContextZerothStarted() throws IOException {
        Run sequential = cbo().steps(3);
        Runs.assertSameRun(sequential, cbo().on(Spark.local(2)).steps(3));
        SparkBackend handle = Spark.local(2); // one more, only to see (and at the end stop) the shared context
        SparkContext first = handle.context().sc();
        Runs.assertSameRun(sequential, cbo().on(Spark.local(2)).steps(3));
        assertSame(first, Spark.local(2).context().sc(), "the same master and settings reuse the running context");
        assertFalse(first.isStopped());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        SparkBackend unreachable = Spark.master("spark://127.0.0.1:" + port);
        assertThrows(IllegalStateException.class, unreachable::context);
        assertFalse(first.isStopped(), "a master that cannot be reached does not cost the running context");
        handle.close();
        assertTrue(first.isStopped(), "close() stops the context Zeroth started");
        // A backend that never started a context of its own stops the shared one of its settings too, and only that
        SparkContext second = Spark.local(2).context().sc();
        Spark.local(2).conf("spark.zeroth.test", "other").close();
        assertFalse(second.isStopped(), "another backend's settings: not its context");
        Spark.local(2).close();
        assertTrue(second.isStopped(), "Spark.local(2).close() stops the local[2] that inline runs shared");
    }

    @Test
    void otherSettingsReplaceTheContextZerothStartedAndAnOldBackendRestartsItsOwn() {
        Run sequential = cbo().steps(3);
        SparkBackend two = Spark.local(2);
        SparkBackend one = Spark.local(1);
        SparkBackend tuned = Spark.local(1).conf("spark.task.maxFailures", "2");
        try {
            Runs.assertSameRun(sequential, cbo().on(two).steps(3));
            SparkContext first = two.context().sc();
            var shardsOnFirst = Spark.shards(two.context().parallelize(List.of(1.0, 2.0), 2));
            String said = stderrOf(() -> Runs.assertSameRun(sequential, cbo().on(one).steps(3)));
            assertTrue(first.isStopped(), "local[2] was stopped for local[1]");
            IllegalStateException stale = assertThrows(IllegalStateException.class, () -> zo.minimizeSharded(
                    shardsOnFirst, (Double s, INDArray theta) -> s).from(1.0).progress(false).steps(1));
            assertTrue(stale.getMessage().contains("belongs to the Spark local[2] that has been stopped")
                    && stale.getMessage().contains("make the RDD again"), stale.getMessage());
            assertEquals("local[1]", one.context().master());
            assertEquals(1, said.lines().filter(l -> l.startsWith("zeroth: stopped the Spark local[2] that Zeroth"
                    + " started, to start local[1] (Spark allows one SparkContext per JVM)")).count(), said);

            said = stderrOf(() -> Runs.assertSameRun(sequential, cbo().on(tuned).steps(3)));
            assertEquals("2", tuned.context().getConf().get("spark.task.maxFailures"), "the setting is applied");
            assertTrue(said.contains("zeroth: stopped the Spark local[1] that Zeroth started, to start local[1] with"
                    + " other settings (spark.task.maxFailures)"), said);

            SparkContext last = tuned.context().sc();
            Runs.assertSameRun(sequential, cbo().on(two).steps(3)); // its context was stopped: it starts its own
            assertEquals("local[2]", two.context().master());
            assertTrue(last.isStopped());
        } finally {
            two.close();
        }
    }

    @Test
    void aContextZerothDidNotStartIsLeftRunningAndTheErrorSaysWhatToWrite() {
        TestSpark.close(); // the user's context must be the only one
        JavaSparkContext users = new JavaSparkContext(new SparkConf().setMaster("local[1]").setAppName("users-own")
                .set("spark.ui.enabled", "false"));
        try {
            SparkBackend inline = Spark.local(2);
            RunFailedException e = assertThrows(RunFailedException.class, () -> cbo().on(inline).steps(3));
            String message = e.getMessage();
            assertTrue(message.contains("one that Zeroth did not start is running"), message);
            assertTrue(message.contains(".on(Spark.context(sc))") && message.contains(".on(Spark.session(spark))"),
                    message);
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(t.getClass().getName().startsWith("org.apache.spark"), "Spark's own exception: " + t);
            }
            IllegalStateException direct = assertThrows(IllegalStateException.class, inline::context);
            assertTrue(direct.getMessage().startsWith("Spark allows one SparkContext per JVM"), direct.getMessage());
            inline.close();
            assertFalse(users.sc().isStopped(), "Zeroth never stops a context it did not start");
            SparkBackend given = Spark.context(users); // what the message says to write
            Runs.assertSameRun(cbo().steps(3), cbo().on(given).steps(3));
            given.close();
            assertFalse(users.sc().isStopped(), "nor one it was given");
        } finally {
            users.stop();
        }
    }

    /** What {@code r} printed on System.err (Spark's log4j keeps the stream it started with). */
    private static String stderrOf(Runnable r) {
        PrintStream before = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(before);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
