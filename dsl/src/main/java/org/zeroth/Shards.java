package org.zeroth;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.optimize.MezoStep;

/**
 * The shards of a data set for data-parallel ZO ({@code zo.minimizeSharded(shards, loss)}): the objective is the
 * mean of the shards' losses, f(θ) = (1/K) Σₖ loss(shardₖ, θ), summed in shard order. {@link #local} keeps them
 * in this JVM (the embedded default); zeroth-spark's {@code Spark.shards(rdd)} keeps them on a cluster, where each
 * holder of shards also keeps a replica of θ, so an in-place (MeZO) step ships seeds out and losses back.
 */
public interface Shards<S> {

    /** Shards held in this JVM, in the list's order. */
    static <S> Shards<S> local(List<S> shards) {
        if (shards == null || shards.isEmpty()) {
            throw new IllegalArgumentException("Shards.local(list) needs at least one shard, got "
                    + (shards == null ? "null" : "an empty list"));
        }
        List<S> copy = List.copyOf(shards);
        return new Shards<>() {
            @Override
            public int count() {
                return copy.size();
            }

            @Override
            public Objective objective(ShardLoss<S> loss) {
                return Objective.of(0, Shards.meanLoss(copy.size()), theta -> {
                    double sum = 0;
                    for (S shard : copy) {
                        sum += loss.loss(shard, theta);
                    }
                    return sum / copy.size();
                });
            }

            @Override
            public String toString() {
                return copy.size() + " local shards";
            }
        };
    }

    /** The number of shards K. */
    int count();

    /**
     * The name of f over K shards, wherever they are: a run's label and its checkpoint's plan name the data, not its
     * layout, so a run on local shards and on Spark partitions are the same run.
     */
    static String meanLoss(int shards) {
        return "mean loss over " + shards + " shards";
    }

    /** f(θ) = (1/K) Σₖ loss(shardₖ, θ) in shard order, evaluated where the shards are. */
    Objective objective(ShardLoss<S> loss);

    /**
     * Called when a run over the shards starts; the run closes what it returns when it ends, however it ends. Shards
     * on a cluster cache their data for the run's jobs and drop the cache then; local shards hold nothing.
     */
    default Use use() {
        return () -> { };
    }

    /** What one run holds of the shards while it runs. */
    interface Use extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Replicas of θ₀ next to the shards for an in-place (MeZO) run, or null (the default) when the objective is
     * evaluated in this JVM.
     */
    default Replicas replicas(ShardLoss<S> loss, INDArray theta0, MezoStep step) {
        return null;
    }
}
