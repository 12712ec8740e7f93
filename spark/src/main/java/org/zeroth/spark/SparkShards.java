package org.zeroth.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Interrupts;
import org.zeroth.Objective;
import org.zeroth.Replicas;
import org.zeroth.ShardLoss;
import org.zeroth.Shards;
import org.zeroth.optimize.MezoStep;
import org.zeroth.spark.Points.Point;

/**
 * Shards on a cluster: one RDD element per shard, cached where it was computed while runs use it (an RDD the
 * caller persisted is left as it is). f(θ) ships θ to them (one broadcast per evaluation); an in-place run keeps
 * {@link SparkReplicas replicas} of θ next to them instead.
 */
final class SparkShards<S> implements Shards<S> {
    private final JavaRDD<S> rdd;
    private int count = -1;
    /** Runs using the RDD now, and whether this object cached it (then it unpersists it after the last). */
    private int runs;
    private boolean cachedHere;

    SparkShards(JavaRDD<S> rdd) {
        this.rdd = rdd;
    }

    /** Caches the RDD for the run unless it is persisted already; closing it drops the cache after the last run. */
    @Override
    public synchronized Use use() {
        if (runs++ == 0 && !rdd.context().isStopped() && rdd.getStorageLevel().equals(StorageLevel.NONE())) {
            rdd.cache();
            cachedHere = true;
        }
        boolean[] closed = {false};
        return () -> release(closed);
    }

    private synchronized void release(boolean[] closed) {
        if (closed[0]) {
            return;
        }
        closed[0] = true;
        if (--runs == 0 && cachedHere) {
            cachedHere = false;
            // Asks the driver's block manager master (an RPC an interrupt would abandon); executors drop the blocks
            Interrupts.holdingBack(() -> {
                try {
                    rdd.unpersist(false);
                } catch (RuntimeException e) {
                    // a stopped context holds no cache
                }
            });
        }
    }

    @Override
    public synchronized int count() {
        requireRunning();
        if (count < 0) {
            long n = rdd.count();
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Spark.shards(rdd) needs between 1 and 2^31−1 shards, the RDD has "
                        + n);
            }
            count = (int) n;
        }
        return count;
    }

    @Override
    public Objective objective(ShardLoss<S> loss) {
        return new ShippedTheta<>(this, loss);
    }

    /** An RDD lives and dies with its context: one Zeroth (or the user) stopped cannot compute it again. */
    private void requireRunning() {
        if (rdd.context().isStopped()) {
            throw new IllegalStateException("the RDD given to Spark.shards(rdd) belongs to the Spark "
                    + rdd.context().master() + " that has been stopped (Zeroth stops the Spark it started when a run"
                    + " asks for another master or other settings, and close() stops it): make the RDD again from"
                    + " the running Spark, e.g. spark.context().parallelize(list)");
        }
    }

    @Override
    public Replicas replicas(ShardLoss<S> loss, INDArray theta0, MezoStep step) {
        Points.requireSerializable(loss, "the shard loss");
        Use held = use(); // the replicas' shards stay cached from step to step (SparkBackend's one-shard RDD too)
        try {
            return new SparkReplicas<>(rdd, count(), loss, theta0, step, held);
        } catch (RuntimeException | Error e) {
            held.close();
            throw e;
        }
    }

    JavaRDD<S> rdd() {
        return rdd;
    }

    @Override
    public String toString() {
        return rdd.getNumPartitions() + " partitions on Spark " + rdd.context().master();
    }

    /** f(θ) = mean loss over the shards, θ broadcast to them; evaluated on the driver only (it is not shipped). */
    static final class ShippedTheta<S> implements Objective {
        private final transient SparkShards<S> shards;
        private final transient ShardLoss<S> loss;

        ShippedTheta(SparkShards<S> shards, ShardLoss<S> loss) {
            this.shards = shards;
            this.loss = loss;
        }

        @Override
        public double value(INDArray theta) {
            Points.requireSerializable(loss, "the shard loss");
            Broadcast<Point> shipped = shards.rdd.context().broadcast(Point.of(0, theta),
                    scala.reflect.ClassTag$.MODULE$.apply(Point.class));
            try {
                ShardLoss<S> f = loss;
                List<PartitionLosses> losses = Jobs.interruptibleUnchecked(shards.rdd.context(),
                        () -> shards.rdd.mapPartitions(local -> lossesOf(local, f, shipped.value().array())).collect());
                int count = shards.count();
                return PartitionLosses.sums(losses, 1, count)[0] / count;
            } finally {
                // Spark waits for the driver's answer even when not blocking: an interrupt would make the
                // interrupted run throw InterruptedException instead of returning
                Interrupts.holdingBack(() -> shipped.destroy(false));
            }
        }

        /** The loss on each of a partition's shards, in order, or the first failure with the shard's place. */
        private static <S> Iterator<PartitionLosses> lossesOf(Iterator<S> local, ShardLoss<S> f, INDArray theta) {
            List<Double> losses = new ArrayList<>();
            while (local.hasNext()) {
                S shard = local.next();
                try {
                    losses.add(f.loss(shard, theta));
                } catch (RuntimeException | Error e) {
                    return List.of(PartitionLosses.failed(e, losses.size())).iterator();
                }
            }
            double[] row = losses.stream().mapToDouble(Double::doubleValue).toArray();
            return List.of(PartitionLosses.of(new double[][] {row})).iterator();
        }

        @Override
        public String name() {
            return Shards.meanLoss(shards.count());
        }
    }
}
