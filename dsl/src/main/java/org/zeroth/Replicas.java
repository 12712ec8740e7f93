package org.zeroth;

import java.io.Serializable;

/**
 * Replicas of the parameters θ kept next to the shards of a data-parallel MeZO run (zeroth-spark). A step sends
 * its direction seeds and the previous step's update (seeds and scalars) and gets the losses back: nothing
 * d-sized travels. Every replica applies the same floating-point operations as the driver ({@link
 * org.zeroth.optimize.MezoStep}), so all copies of θ stay bit-identical; a replica that is missing or behind is
 * rebuilt from θ₀ and the log of updates. Steps are keyed by number, so a retried step is answered again.
 */
public interface Replicas extends AutoCloseable {

    /**
     * Step t: each replica first applies {@code previous} (null at t = 1), then probes the directions with these
     * keys. Returns f in probe order — f(θ) for a forward step, then f(θ + εzᵢ) (and f(θ − εzᵢ) for central) per
     * direction — each the mean loss over all shards in shard order. A loss that threw is a
     * {@link Backend.PointFailed} at the first probe whose value is not known, with the values before it.
     */
    double[] step(long t, long[] keys, Update previous);

    /**
     * Step {@code update.step()} was made before: a resumed run takes its values from its checkpoint, and the
     * replicas only take its update, as a step() would have (seeds and scalars; nothing is evaluated). The next
     * step() passes this update again as its {@code previous}: it is applied once.
     */
    void replayed(Update update);

    /** Drops the replicas (best effort); called when the run ends. */
    @Override
    void close();

    /**
     * The update of step t: θ ← θ − (Σᵢ cᵢ zᵢ + decay·θ), zᵢ regenerated from {@code keys[i]}.
     */
    record Update(long step, long[] keys, double[] coefficients, double decay) implements Serializable {
    }
}
