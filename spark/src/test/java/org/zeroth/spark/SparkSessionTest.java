package org.zeroth.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.zeroth.Zo.zo;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.Shards;

/**
 * Spark.session on a real SparkSession (spark-sql), as spark-submit or a notebook gives one: runs equal their
 * sequential runs, shards can come from a Dataset, and Zeroth never stops the session it was given.
 */
class SparkSessionTest {

    @Test
    void runsOnAGivenSessionEqualTheirSequentialRunsAndLeaveItRunning() {
        TestSpark.close(); // one SparkContext per JVM: the session's is the only one
        SparkSession session = SparkSession.builder().master("local[2]").appName("zeroth-session-test")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            SparkBackend spark = Spark.session(session);
            LongAccumulator calls = session.sparkContext().longAccumulator();
            Objective counted = x -> {
                calls.add(1);
                return Runs.rastrigin(x);
            };
            double[] x0 = {0.8, -1.4, 2.1};
            Run zoRun = zo.minimize(counted).from(x0).withGaussianDirections(1e-3).queries(3).adam(1e-2).seed(21)
                    .progress(false).on(spark).steps(4);
            Runs.assertSameRun(zo.minimize(Runs::rastrigin).from(x0).withGaussianDirections(1e-3).queries(3)
                    .adam(1e-2).seed(21).progress(false).steps(4), zoRun);
            Run cbo = zo.cbo(counted).from(x0).particles(6).seed(22).progress(false).on(spark).steps(3);
            Runs.assertSameRun(zo.cbo(Runs::rastrigin).from(x0).particles(6).seed(22).progress(false).steps(3), cbo);
            assertEquals(4 * 4 + 6 * 3, calls.value(), "every evaluation ran once, in a task of the session");

            // Shards from a Dataset (what a session's data usually is): the same shards, in the RDD's order.
            List<Runs.Batch> data = Runs.shards(4, 8, 6);
            List<Integer> ids = new ArrayList<>(List.of(0, 1, 2, 3));
            Dataset<Integer> rows = session.createDataset(ids, Encoders.INT()).repartition(2);
            JavaRDD<Runs.Batch> shards = rows.javaRDD().map(data::get);
            INDArray here = Nd4j.createFromArray(new float[6]);
            INDArray there = Nd4j.createFromArray(new float[6]);
            Run local = zo.minimizeSharded(Shards.local(shards.collect()), Runs::mse).from(here)
                    .inPlace().withGaussianDirections(1e-3).queries(2).central().sgd(1e-2).seed(23).progress(false)
                    .steps(5);
            Run spread = zo.minimizeSharded(Spark.shards(shards), Runs::mse).from(there).inPlace()
                    .withGaussianDirections(1e-3).queries(2).central().sgd(1e-2).seed(23).progress(false).steps(5);
            Runs.assertSameRun(local, spread);

            spark.close();
            assertFalse(session.sparkContext().isStopped(), "a session given to Zeroth is the caller's to stop");
        } finally {
            session.stop();
        }
    }
}
