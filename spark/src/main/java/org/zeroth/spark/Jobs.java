package org.zeroth.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import scala.Function1;
import scala.Function2;
import scala.runtime.BoxedUnit;

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
     * Collects {@code rdd} in one {@link #interruptible} job, each partition's elements into {@code parts} as it
     * arrives: after an interrupt, {@code parts} holds those of the partitions that had finished (a batch keeps the
     * values it made).
     */
    static <T> void collect(JavaRDD<T> rdd, AtomicReferenceArray<List<T>> parts) throws InterruptedException {
        Function1<scala.collection.Iterator<T>, List<T>> elements = (Function1<scala.collection.Iterator<T>, List<T>>
                & Serializable) it -> {
            List<T> list = new ArrayList<>();
            it.foreach(list::add);
            return list;
        };
        Function2<Object, List<T>, BoxedUnit> arrived = (partition, list) -> {
            parts.set((Integer) partition, list);
            return BoxedUnit.UNIT;
        };
        interruptible(rdd.context(), () -> {
            rdd.context().runJob(rdd.rdd(), elements, arrived, scala.reflect.ClassTag$.MODULE$.apply(List.class));
            return null;
        });
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
