package org.zeroth.estimate;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.RandomStream;

/**
 * A distribution of random directions u for ĝ = scale(d)/h · Δf · u: the dense families of {@link Directions},
 * {@link SparseDirections} and {@link MaskedDirections}. Implementations are immutable and regenerate u from the
 * stream alone, so a direction never has to be stored.
 */
public interface DirectionFamily extends java.io.Serializable {

    /** Writes this family's direction for {@code stream} into u (all of u's coordinates). */
    void fill(INDArray u, RandomStream stream);

    /** The factor that makes the estimator unbiased for the smoothed gradient: E[scale · u uᵀ] = I. */
    double scale(int d);

    /** The family's name in a run's configuration. */
    String label();

    /**
     * E‖ĝ − ∇f‖² that the theory predicts for a linear f with gradient a and a two-point scheme over q
     * directions (exact for every h); NaN where there is no closed form.
     */
    double linearMeanSquaredError(INDArray a, int q);
}
