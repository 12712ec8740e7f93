package org.zeroth.estimate;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Config;
import org.zeroth.Oracle;
import org.zeroth.tensor.RandomStream;

/**
 * Estimates ∇f(x) from function values only. An estimator is an immutable description (directions, smoothing
 * radius, queries, scheme); {@link #start} gives the per-run worker that owns the scratch vectors.
 * The estimator knows nothing of the update rule that uses its estimate.
 */
public interface GradientEstimator {

    /** A worker for vectors of dimension d that evaluates up to {@code batch} points at once. */
    Estimation start(int dimension, int batch);

    /** Evaluations one estimate costs in dimension d. */
    long queriesPerEstimate(int dimension);

    /** estimator, h, q, scheme — as recorded in a run's configuration. */
    Config describe();

    /** The radius of the probes around x (h), or NaN when the estimator has none to tell. */
    default double smoothingRadius() {
        return Double.NaN;
    }

    /** The per-run worker of an estimator. */
    interface Estimation {
        /**
         * Writes an estimate of ∇f(x) into g and returns the step's observed value in the minimizing sense:
         * f(x) for forward schemes, the mean of the queried values otherwise. x is left unchanged.
         */
        double estimate(Oracle oracle, INDArray x, INDArray g, RandomStream stream);
    }

    static void requirePositiveRadius(double h) {
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("the smoothing radius h must be a positive number, got " + h
                    + "; try 1e-3 (smaller h: less bias, more noise from rounding)");
        }
    }
}
