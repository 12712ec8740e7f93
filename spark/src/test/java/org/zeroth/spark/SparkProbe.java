package org.zeroth.spark;

import static org.zeroth.Zo.zo;

/** Run in a JVM of its own by {@link SparkBadInputTest}: uses Spark and prints what went wrong. */
public final class SparkProbe {
    private SparkProbe() {
    }

    public static void main(String[] args) {
        try {
            SparkBackend spark = Spark.local(1).conf("spark.driver.host", "127.0.0.1")
                    .conf("spark.driver.bindAddress", "127.0.0.1");
            zo.cbo(Runs::rastrigin).from(1.0, 2.0).particles(4).progress(false).on(spark).steps(1);
            System.out.println("RAN");
        } catch (RuntimeException | Error e) {
            System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
