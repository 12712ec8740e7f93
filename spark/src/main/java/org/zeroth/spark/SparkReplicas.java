package org.zeroth.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Backend;
import org.zeroth.Interrupts;
import org.zeroth.Replicas;
import org.zeroth.ShardLoss;
import org.zeroth.Shards;
import org.zeroth.optimize.MezoStep;
import org.zeroth.spark.Points.Point;

/**
 * The driver's side of a data-parallel MeZO run: θ₀ and the step's settings (a mask) are broadcast once; each step
 * is one Spark job over the shards' partitions that carries the step number, its seeds and the previous update (a
 * few dozen bytes whatever d), and brings the losses back. A partition whose replica is missing or behind (a new
 * executor, a recomputed partition) answers "stale"; the step is then asked again with the log of updates, from
 * which it rebuilds θ.
 */
final class SparkReplicas<S> implements Replicas {
    private final JavaRDD<S> shards;
    private final int count;
    private final ShardLoss<S> loss;
    private final MezoStep mezo;
    private final String run = UUID.randomUUID().toString();
    private final Broadcast<Point> theta0;
    private final Broadcast<MezoStep> shippedMezo;
    /** The shards' cache, held for the run. */
    private final Shards.Use held;
    private final List<Update> log = new ArrayList<>();
    /** Whether the log holds updates that no replica was sent (a resumed run's replayed steps). */
    private boolean behind;
    /** Steps of this JVM's runs that had to send the log (some replica was missing or behind). */
    static final AtomicLong STALE_STEPS = new AtomicLong();

    SparkReplicas(JavaRDD<S> shards, int count, ShardLoss<S> loss, INDArray theta0, MezoStep mezo, Shards.Use held) {
        this.shards = shards;
        this.held = held;
        this.count = count;
        this.loss = loss;
        this.mezo = mezo;
        this.theta0 = shards.context().broadcast(Point.of(0, theta0),
                scala.reflect.ClassTag$.MODULE$.apply(Point.class));
        this.shippedMezo = shards.context().broadcast(mezo, scala.reflect.ClassTag$.MODULE$.apply(MezoStep.class));
    }

    @Override
    public double[] step(long t, long[] keys, Update previous) {
        if (previous != null && (log.isEmpty() || log.get(log.size() - 1).step() < previous.step())) {
            log.add(previous); // else replayed() logged it
        }
        // After replayed steps no replica has them: send the log at once rather than hear "stale" first
        List<PartitionLosses> results = job(task(t, keys, previous, behind ? List.copyOf(log) : null));
        behind = false;
        if (results.stream().anyMatch(PartitionLosses::stale)) {
            STALE_STEPS.incrementAndGet();
            results = job(task(t, keys, previous, List.copyOf(log)));
        }
        double[] sums;
        try {
            sums = PartitionLosses.sums(results, mezo.evaluations(), count);
        } catch (PartitionLosses.ShardFailed e) {
            // Each value sums every shard: none of the step's is known, so its first evaluation is the one that failed
            throw new Backend.PointFailed(0, new double[0], e);
        }
        for (int j = 0; j < sums.length; j++) {
            sums[j] /= count;
        }
        return sums;
    }

    /** Seeds only, on the driver: the first step() after it sends the log, from which each replica rebuilds θ. */
    @Override
    public void replayed(Update update) {
        log.add(update);
        behind = true;
    }

    /** Step t's task: seeds and the previous update (or the log); θ₀ and the step's settings are broadcast. */
    ReplicaTask<S> task(long t, long[] keys, Update previous, List<Update> log) {
        return new ReplicaTask<>(run, t, keys, previous, log, theta0, loss, shippedMezo);
    }

    private List<PartitionLosses> job(ReplicaTask<S> task) {
        return Jobs.interruptibleUnchecked(shards.context(), () -> shards.mapPartitionsWithIndex(task, true).collect());
    }

    /** Drops the replicas on the executors, even when the run ends by an interrupt (best effort: gone ones hold none). */
    @Override
    public void close() {
        String id = run;
        Interrupts.holdingBack(() -> {
            try {
                shards.mapPartitions(it -> {
                    ReplicaTask.drop(id);
                    return java.util.Collections.emptyIterator();
                }).count();
            } catch (Exception e) { // Scala's checked exceptions come undeclared
                // executors that are gone hold nothing
            } finally {
                try {
                    theta0.destroy();
                    shippedMezo.destroy();
                } finally {
                    held.close();
                }
            }
        });
    }
}
