package org.zeroth.optimize;

import java.io.Serializable;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.estimate.Directions;
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
 * @param family  the directions: Gaussian (MeZO), Rademacher (SPSA's ±1) or on the unit sphere (the stream's
 *                normals over their length, the estimate scaled by the number of coordinates they move)
 * @param density the fraction of coordinates a sparse direction moves (1: dense Gaussian); the update scales by
 *                1/density, which keeps the sparse estimate unbiased; sparse directions are Gaussian
 * @param mask    the coordinates a masked direction moves, in increasing order ({@code withMask}), or null: all
 */
public record MezoStep(double epsilon, int queries, boolean central, Directions family, double density, int[] mask)
        implements Serializable {

    public MezoStep {
        if (mask != null && density != 1) {
            throw new IllegalArgumentException("a direction is sparse or masked, not both");
        }
        if (density != 1 && family != Directions.GAUSSIAN) {
            throw new IllegalArgumentException("sparse directions are Gaussian");
        }
    }

    /** Dense Gaussian directions. */
    public MezoStep(double epsilon, int queries, boolean central) {
        this(epsilon, queries, central, Directions.GAUSSIAN, 1, null);
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
        double radius = epsilon * unit(theta, z); // the perturbation's multiple of z
        try {
            perturb(theta, z, radius);
            offset = 1;
            if (f != null) {
                values[0] = f.applyAsDouble(theta);
            }
            if (central) {
                perturb(theta, z, -2 * radius);
                offset = -1;
                if (f != null) {
                    values[1] = f.applyAsDouble(theta);
                }
            }
            restoreInStep = leavePerturbed;
        } finally {
            if (!restoreInStep) {
                perturb(theta, z, -offset * radius);
            }
        }
        return values;
    }

    /** The projected gradient of one query from its probe's values (and f(θ) for forward). */
    public double projected(double[] values, double base) {
        return central ? (values[0] - values[1]) / (2 * epsilon) : (values[0] - base) / epsilon;
    }

    /**
     * cᵢ = lr · s · gᵢ / q: the update's coefficient of each direction, s the estimate's scale — 1/density for sparse
     * directions, the number of coordinates moved (d, or the mask's) on the sphere, else 1.
     */
    public double[] coefficients(double[] projected, double lr, long d) {
        double[] c = new double[projected.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = family == Directions.SPHERE ? lr * (projected[i] * moved(d)) / projected.length
                    : density == 1 ? lr * projected[i] / projected.length
                    : lr * (projected[i] / density) / projected.length;
        }
        return c;
    }

    /** How many coordinates a dense or masked direction moves: d, or the mask's. */
    private long moved(long d) {
        return mask == null ? d : mask.length;
    }

    /** The multiple of z's normals a unit of the direction is: 1/‖z‖ on the sphere, else 1. */
    private double unit(INDArray theta, RandomStream z) {
        return family == Directions.SPHERE ? 1 / z.gaussianNorm((int) moved(theta.length())) : 1;
    }

    /**
     * θ ← θ − (Σᵢ cᵢ uᵢ + decay · θ), uᵢ the direction of zᵢ (on the sphere zᵢ's normals over their length); with
     * {@code restoreLast}, first undoes the last query's perturbation left by {@link #probe} in the same pass (bit
     * for bit the same as restoring first). Returns the norm of the change.
     */
    public double update(INDArray theta, RandomStream[] z, double[] c, double decay, boolean restoreLast) {
        double restore = restoreLast ? -(central ? -1.0 : 1.0) * epsilon * unit(theta, z[z.length - 1]) : 0;
        if (family == Directions.SPHERE) {
            c = c.clone();
            for (int i = 0; i < c.length; i++) {
                c[i] *= unit(theta, z[i]);
            }
        }
        if (mask != null) {
            return MaskedInPlace.restoreAndUpdate(theta, restore, z, draw(), mask, c, decay);
        }
        if (density == 1) {
            return InPlace.restoreAndUpdate(theta, restore, z, draw(), c, decay);
        }
        RandomStream[] picks = new RandomStream[z.length];
        for (int i = 0; i < z.length; i++) {
            picks[i] = SparseDirections.picks(z[i]);
        }
        return SparseInPlace.restoreAndUpdate(theta, restore, z, picks, density, c, decay);
    }

    /** What the regenerated coordinates are: signs for Rademacher directions, else normals (a sphere's too). */
    private Draw draw() {
        return family == Directions.RADEMACHER ? Draw.RADEMACHER : Draw.GAUSSIAN;
    }

    /** θ += a · u, u the dense, sparse or masked draws of z, regenerated: no d-sized buffer. */
    private void perturb(INDArray theta, RandomStream z, double a) {
        if (mask != null) {
            MaskedInPlace.perturb(theta, z, draw(), mask, a);
        } else if (density == 1) {
            InPlace.perturb(theta, z, draw(), a);
        } else {
            SparseInPlace.perturb(theta, z, SparseDirections.picks(z), density, a);
        }
    }
}
