package org.zeroth.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Replicas.Update;
import org.zeroth.ShardLoss;
import org.zeroth.optimize.MezoStep;
import org.zeroth.spark.Points.Point;
import org.zeroth.tensor.RandomStream;

/**
 * One step of a data-parallel MeZO run on one partition, run by the executor that holds it. The partition's
 * replica of θ lives in this JVM (a static map keyed by run and partition); the step first brings it to θ_{t−1}
 * (apply the previous update, or rebuild from θ₀ and the log), then probes step t's directions on every shard.
 * A retried step finds its answer cached; a replica in an unknown state is dropped and rebuilt.
 */
final class ReplicaTask<S> implements Function2<Integer, Iterator<S>, Iterator<PartitionLosses>> {
    private static final Map<String, Replica> REPLICAS = new ConcurrentHashMap<>();
    /** Replicas rebuilt from the log in this JVM (tests read it in local mode). */
    static final AtomicLong REBUILDS = new AtomicLong();

    private final String run;
    private final long step;
    private final long[] keys;
    private final Update previous;
    /** Null on the first try of a step; the updates of steps 1 … t−1 when a replica must be rebuilt. */
    private final List<Update> log;
    private final Broadcast<Point> theta0;
    private final ShardLoss<S> loss;
    /** Broadcast once per run: a mask (withMask) is d-sized. */
    private final Broadcast<MezoStep> mezo;

    ReplicaTask(String run, long step, long[] keys, Update previous, List<Update> log, Broadcast<Point> theta0,
                ShardLoss<S> loss, Broadcast<MezoStep> mezo) {
        this.run = run;
        this.step = step;
        this.keys = keys;
        this.previous = previous;
        this.log = log;
        this.theta0 = theta0;
        this.loss = loss;
        this.mezo = mezo;
    }

    static void drop(String run) {
        REPLICAS.keySet().removeIf(key -> key.startsWith(run + "/"));
    }

    /** Replicas held by this JVM (tests read it in local mode). */
    static int held() {
        return REPLICAS.size();
    }

    /** Drops every replica of this JVM, as a replaced executor would have none (tests). */
    static void dropAll() {
        REPLICAS.clear();
    }

    @Override
    public Iterator<PartitionLosses> call(Integer partition, Iterator<S> shards) {
        List<S> local = new ArrayList<>();
        shards.forEachRemaining(local::add);
        String key = run + "/" + partition;
        Replica replica = REPLICAS.get(key);
        if (replica != null && replica.probed == step) {
            return List.of(PartitionLosses.of(replica.answer)).iterator(); // a retried step
        }
        if (replica != null && replica.probed == step - 1 && previous != null && previous.step() == step - 1) {
            apply(replica.theta, previous);
            replica.probed = -1;
            replica.applied = step - 1;
        }
        if (replica == null || replica.applied != step - 1) {
            List<Update> updates = log != null ? log : step == 1 ? List.of() : null;
            if (updates == null) {
                return List.of(PartitionLosses.behind()).iterator();
            }
            replica = rebuild(updates);
            REPLICAS.put(key, replica);
        }
        int[] shard = {-1};
        try {
            double[][] losses = probe(replica.theta, local, shard);
            replica.answer = losses;
            replica.probed = step;
            return List.of(PartitionLosses.of(losses)).iterator();
        } catch (RuntimeException | Error e) {
            REPLICAS.remove(key); // θ was restored approximately: rebuild it exactly if the step is retried
            if (shard[0] < 0) {
                throw e; // not the user's loss: Spark reports it
            }
            // The user's loss: said in one line by the driver, not as a failed Spark job with its stack traces
            return List.of(PartitionLosses.failed(e, shard[0])).iterator();
        }
    }

    /** losses[probe][shard] of step t: f(θ) first for forward, then θ + εzᵢ (and θ − εzᵢ) per direction. */
    private double[][] probe(INDArray theta, List<S> local, int[] shard) {
        double[][] losses = new double[mezo.value().evaluations()][];
        int[] next = {0};
        java.util.function.ToDoubleFunction<INDArray> f = x -> {
            double[] row = new double[local.size()];
            for (int k = 0; k < row.length; k++) {
                shard[0] = k;
                row[k] = loss.loss(local.get(k), x);
            }
            shard[0] = -1;
            losses[next[0]++] = row;
            return 0; // the driver combines the shards' losses
        };
        if (!mezo.value().central()) {
            f.applyAsDouble(theta);
        }
        for (long k : keys) {
            mezo.value().probe(theta, RandomStream.ofKey(k), f, false);
        }
        return losses;
    }

    /** θ₀ with the updates of steps 1 … t−1, through the same perturbations as the driver's θ. */
    private Replica rebuild(List<Update> updates) {
        Replica replica = new Replica(theta0.value().array());
        if (!updates.isEmpty()) {
            REBUILDS.incrementAndGet();
        }
        for (Update u : updates) {
            if (u.step() >= step) {
                break;
            }
            if (u.step() != replica.applied + 1) { // a lost update would leave θ silently wrong
                throw new IllegalStateException("the log of updates goes from step " + replica.applied + " to step "
                        + u.step());
            }
            for (long k : u.keys()) {
                mezo.value().probe(replica.theta, RandomStream.ofKey(k), null, false);
            }
            apply(replica.theta, u);
            replica.applied = u.step();
        }
        if (replica.applied != step - 1) {
            throw new IllegalStateException("the log of updates ends at step " + replica.applied + ", step " + step
                    + " needs " + (step - 1));
        }
        return replica;
    }

    private void apply(INDArray theta, Update u) {
        RandomStream[] z = new RandomStream[u.keys().length];
        for (int i = 0; i < z.length; i++) {
            z[i] = RandomStream.ofKey(u.keys()[i]);
        }
        mezo.value().update(theta, z, u.coefficients(), u.decay(), false);
    }

    /** θ of one partition: at θ_applied, or (probed = t) restored after probing step t, awaiting its update. */
    private static final class Replica {
        final INDArray theta;
        long applied;
        long probed = -1;
        double[][] answer;

        Replica(INDArray theta0) {
            this.theta = theta0;
        }
    }
}
