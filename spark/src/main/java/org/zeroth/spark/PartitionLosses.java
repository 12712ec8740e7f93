package org.zeroth.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One partition's answer to a job over the shards: losses[probe][shard] of its shards in order, or stale when its
 * replica of θ needs the log, or the failure of the loss on one of its shards — as text, since a user's exception
 * class may not exist where the driver reads it, with that shard's place in the partition.
 */
record PartitionLosses(boolean stale, double[][] losses, String failure, int failedShard) implements Serializable {

    /** A shard's loss threw; the message names the shard. */
    static final class ShardFailed extends IllegalStateException {
        ShardFailed(String message) {
            super(message);
        }
    }

    static PartitionLosses of(double[][] losses) {
        return new PartitionLosses(false, losses, null, -1);
    }

    static PartitionLosses behind() {
        return new PartitionLosses(true, new double[0][], null, -1);
    }

    static PartitionLosses failed(Throwable e, int shard) {
        return new PartitionLosses(false, null, "the shard loss threw " + e, shard);
    }

    private int shards() {
        return losses == null || losses.length == 0 ? 0 : losses[0].length;
    }

    /**
     * Each probe's sum over all shards, partitions in order and shards in order within each (the shards' order, as
     * {@code Shards.local} sums them). A failure is said in one line naming the shard by its place in the RDD.
     */
    static double[] sums(List<PartitionLosses> partitions, int probes, int count) {
        double[] sums = new double[probes];
        int shardsSeen = 0;
        for (PartitionLosses p : partitions) {
            if (p.failure != null) {
                throw new ShardFailed(p.failure + " on shard " + (shardsSeen + p.failedShard)
                        + " (counting from 0 in the RDD's order); fix the loss for that shard");
            }
            for (int k = 0; k < p.shards(); k++) {
                for (int j = 0; j < probes; j++) {
                    sums[j] += p.losses[j][k];
                }
                shardsSeen++;
            }
        }
        if (shardsSeen != count) {
            throw new IllegalStateException("the job saw " + shardsSeen + " shards, the RDD has " + count
                    + ": an RDD given to Spark.shards must give the same elements each time it is computed");
        }
        return sums;
    }
}
