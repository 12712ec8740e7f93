package org.zeroth;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The loss of the parameters θ on one shard of the data, for {@code zo.minimizeSharded(shards, (shard, theta) -> …)}.
 * Serializable, so a cluster ({@code Spark.shards(rdd)}) can ship it to the shards; it must not modify θ.
 */
@FunctionalInterface
public interface ShardLoss<S> extends Serializable {
    double loss(S shard, INDArray theta);
}
