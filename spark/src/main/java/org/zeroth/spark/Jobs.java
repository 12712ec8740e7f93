package org.zeroth.spark;

import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;

/**
 * Spark jobs that an interrupt of the calling thread ends on the executors too. Spark stops waiting for a job
 * when the driver's thread is interrupted but leaves its tasks running, and the next run's tasks queue behind them.
 */
final class Jobs {
    /** The thread's local properties that setJobGroup sets. */
    private static final String[] GROUP = {"spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel"};

    private Jobs() {
    }

    /** Runs {@code job} (an action such as collect) in a job group of its own, cancelled if the thread is interrupted. */
    static <T> T interruptible(SparkContext sc, Supplier<T> job) throws InterruptedException {
        String[] previous = new String[GROUP.length]; // the caller's own job group, put back after ours
        for (int i = 0; i < GROUP.length; i++) {
            previous[i] = sc.getLocalProperty(GROUP[i]);
        }
        String group = "zeroth-" + UUID.randomUUID();
        sc.setJobGroup(group, "a Zeroth run's batch", true); // true: cancelling interrupts the tasks' threads
        try {
            return job.get();
        } catch (Exception e) { // Scala throws InterruptedException (and SparkException) undeclared
            if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                sc.cancelJobGroup(group);
            }
            if (e instanceof InterruptedException i) {
                throw i;
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        } finally {
            for (int i = 0; i < GROUP.length; i++) {
                sc.setLocalProperty(GROUP[i], previous[i]); // null removes it, as clearJobGroup does
            }
        }
    }

    /**
     * {@link #interruptible} where InterruptedException cannot be thrown (a step, an objective's value): the flag is
     * set again and the interrupt is the cause of what is thrown, so the run ends interrupted, not failed.
     */
    static <T> T interruptibleUnchecked(SparkContext sc, Supplier<T> job) {
        try {
            return interruptible(sc, job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the Spark job was interrupted", e);
        }
    }
}
