package org.zeroth.optimize;

import java.io.Serializable;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.estimate.SparseDirections;
import org.zeroth.tensor.Draw;
import org.zeroth.tensor.InPlace;
import org.zeroth.tensor.MaskedInPlace;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.SparseInPlace;

/**
 * The arithmetic of one MeZO step (Malladi et al., NeurIPS 2023) on a parameter array, in one place: the in-place
 * loop, its replay and the replicas of a data-parallel run (zeroth-spark) all call these methods, so every copy of
 * θ goes through the same floating-point operations and stays bit-identical.
 *
 * @param epsilon the perturbation radius ε
 * @param queries directions per step q
 * @param central θ ± εz (else forward: θ and θ + εz)
 * @param draw    what a direction's coordinates are: Gaussian (MeZO) or Rademacher (SPSA's ±1)
 * @param density the fraction of coordinates a sparse direction moves (1: dense Gaussian); the update scales by
 *                1/density, which keeps the sparse estimate unbiased; sparse directions are Gaussian
 * @param mask    the coordinates a masked direction moves, in increasing order ({@code withMask}), or null: all
 */
public record MezoStep(double epsilon, int queries, boolean central, Draw draw, double density, int[] mask)
        implements Serializable {

    public MezoStep {
        if (mask != null && density != 1) {
            throw new IllegalArgumentException("a direction is sparse or masked, not both");
        }
        if (density != 1 && draw != Draw.GAUSSIAN) {
            throw new IllegalArgumentException("sparse directions are Gaussian");
        }
    }

    /** Dense Gaussian directions. */
    public MezoStep(double epsilon, int queries, boolean central) {
        this(epsilon, queries, central, Draw.GAUSSIAN, 1, null);
    }

    /** Direction i of step t of a run whose stream is {@code run}. */
    public static RandomStream direction(RandomStream run, long t, int i) {
        return run.fork(t).fork(i);
    }

    /** Evaluations per step: q + 1 forward, 2q central. */
    public int evaluations() {
        return central ? 2 * queries : queries + 1;
    }

    /**
     * The perturbations of one query: central θ+εz, θ−εz, back; forward θ+εz, back. f (null: none, as in a
     * replay) measures each perturbed θ. With {@code leavePerturbed} θ is left at its last perturbation for
     * {@link #update} to restore in its own pass; an exception while perturbed restores θ at once.
     */
    public double[] probe(INDArray theta, RandomStream z, ToDoubleFunction<INDArray> f, boolean leavePerturbed) {
        double[] values = new double[2];
        double offset = 0;
        boolean restoreInStep = false;
        try {
            perturb(theta, z, epsilon);
            offset = 1;
            if (f != null) {
                values[0] = f.applyAsDouble(theta);
            }
            if (central) {
                perturb(theta, z, -2 * epsilon);
                offset = -1;
                if (f != null) {
                    values[1] = f.applyAsDouble(theta);
                }
            }
            restoreInStep = leavePerturbed;
        } finally {
            if (!restoreInStep) {
                perturb(theta, z, -offset * epsilon);
            }
        }
        return values;
    }

    /** The projected gradient of one query from its probe's values (and f(θ) for forward). */
    public double projected(double[] values, double base) {
        return central ? (values[0] - values[1]) / (2 * epsilon) : (values[0] - base) / epsilon;
    }

    /** cᵢ = lr · gᵢ / q: the update's coefficient of each direction. */
    public double[] coefficients(double[] projected, double lr) {
        double[] c = new double[projected.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = density == 1 ? lr * projected[i] / projected.length
                    : lr * (projected[i] / density) / projected.length;
        }
        return c;
    }

    /**
     * θ ← θ − (Σᵢ cᵢ zᵢ + decay · θ); with {@code restoreLast}, first undoes the last query's perturbation left by
     * {@link #probe} in the same pass (bit for bit the same as restoring first). Returns the norm of the change.
     */
    public double update(INDArray theta, RandomStream[] z, double[] c, double decay, boolean restoreLast) {
        double restore = restoreLast ? -(central ? -1.0 : 1.0) * epsilon : 0;
        if (mask != null) {
            return MaskedInPlace.restoreAndUpdate(theta, restore, z, draw, mask, c, decay);
        }
        if (density == 1) {
            return InPlace.restoreAndUpdate(theta, restore, z, draw, c, decay);
        }
        RandomStream[] picks = new RandomStream[z.length];
        for (int i = 0; i < z.length; i++) {
            picks[i] = SparseDirections.picks(z[i]);
        }
        return SparseInPlace.restoreAndUpdate(theta, restore, z, picks, density, c, decay);
    }

    /** θ += a · u, u the dense, sparse or masked direction of z, regenerated: no d-sized buffer. */
    private void perturb(INDArray theta, RandomStream z, double a) {
        if (mask != null) {
            MaskedInPlace.perturb(theta, z, draw, mask, a);
        } else if (density == 1) {
            InPlace.perturb(theta, z, draw, a);
        } else {
            SparseInPlace.perturb(theta, z, SparseDirections.picks(z), density, a);
        }
    }
}
