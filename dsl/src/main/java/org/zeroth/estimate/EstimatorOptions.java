package org.zeroth.estimate;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Objective;
import org.zeroth.RunBuilder;
import org.zeroth.tensor.Tensors;

/**
 * The options that choose a gradient estimator — directions and smoothing radius, queries, scheme — shared by
 * every builder that estimates gradients ({@code zo.minimize}, {@code zo.estimate}). Default: Gaussian
 * directions, h = 1e-3, q = 1, forward differences.
 */
public abstract class EstimatorOptions<B extends EstimatorOptions<B>> extends RunBuilder<B> {
    private DirectionFamily directions = Directions.GAUSSIAN;
    /** The mask's coordinates (on Gaussian directions until {@link #estimator} rebases them): 4 bytes each. */
    private MaskedDirections mask;
    private double h = 1e-3;
    private int queries = 1;
    private Scheme scheme = Scheme.FORWARD;
    private GradientEstimator custom;

    protected EstimatorOptions(Objective objective, boolean maximize) {
        super(objective, maximize);
    }

    /** Gaussian directions u ~ N(0, I) with smoothing radius h. */
    public B withGaussianDirections(double h) {
        return directions(Directions.GAUSSIAN, h);
    }

    /** Directions uniform on the unit sphere (estimate scaled by d) with smoothing radius h. */
    public B withSphereDirections(double h) {
        return directions(Directions.SPHERE, h);
    }

    /** Rademacher (SPSA) directions in {±1}^d with smoothing radius h. */
    public B withRademacherDirections(double h) {
        return directions(Directions.RADEMACHER, h);
    }

    /**
     * Sparse Gaussian directions: each perturbs a fresh random fraction {@code density} of the coordinates, the
     * estimate scaled by 1/density to stay unbiased; E‖ĝ − ∇f‖² = (d − 2 + 3/density)‖∇f‖²/q on a linear f.
     */
    public B withSparseDirections(double h, double density) {
        return directions(new SparseDirections(density), h);
    }

    /**
     * Perturbs only the coordinates whose mask entry is non-zero (with the chosen dense directions, Gaussian by
     * default): the others never move. The estimate is that of the gradient restricted to the mask.
     */
    public B withMask(double... mask) {
        if (mask == null || mask.length == 0) {
            throw new IllegalArgumentException("withMask(mask) needs one entry per coordinate (non-zero: perturbed)");
        }
        MaskedDirections masked = MaskedDirections.of(Directions.GAUSSIAN, mask); // validates: a coordinate at least
        return with(b -> ((EstimatorOptions<?>) b).mask = masked);
    }

    public B withMask(INDArray mask) {
        return withMask(Tensors.toArray(mask));
    }

    /** Coordinate finite differences with step h: d + 1 (forward) or 2d (central) evaluations per estimate. */
    public B withCoordinateDifferences(double h) {
        return directions(null, h);
    }

    /** Any estimator, e.g. one of your own (the options above then no longer apply). */
    public B withEstimator(GradientEstimator estimator) {
        Objects.requireNonNull(estimator, "withEstimator(e): e is null");
        return with(b -> ((EstimatorOptions<?>) b).custom = estimator);
    }

    /** q random directions per estimate, averaged: variance falls like 1/q, cost grows like q. */
    public B queries(int q) {
        if (q < 1) {
            throw new IllegalArgumentException("queries(q) needs q ≥ 1 directions per step, got " + q);
        }
        return with(b -> ((EstimatorOptions<?>) b).queries = q);
    }

    /** (f(x + h u) − f(x)) / h: q + 1 evaluations. */
    public B forward() {
        return scheme(Scheme.FORWARD);
    }

    /** (f(x + h u) − f(x − h u)) / 2h: 2q evaluations, bias O(h²). */
    public B central() {
        return scheme(Scheme.CENTRAL);
    }

    /** f(x + h u) / h: q evaluations; unbiased for ∇f_h, variance ∝ 1/h². */
    public B singlePoint() {
        return scheme(Scheme.SINGLE_POINT);
    }

    /** The estimator these options describe (validated: a coordinate estimator has no single-point scheme). */
    public GradientEstimator estimator() {
        if (custom != null) {
            return custom;
        }
        if (directions == null) {
            if (mask != null) {
                throw new IllegalArgumentException("withMask(mask) restricts random directions; with coordinate"
                        + " differences, estimate the coordinates you want in an objective of those coordinates");
            }
            return new CoordinateEstimator(h, scheme);
        }
        DirectionFamily family = directions;
        if (mask != null) {
            if (!(directions instanceof Directions dense)) {
                throw new IllegalArgumentException("withMask(mask) applies to Gaussian, sphere or Rademacher"
                        + " directions, not to " + directions.label() + "; drop one of the two");
            }
            family = new MaskedDirections(dense, mask.coordinates(), mask.dimension());
        }
        return new RandomDirectionEstimator(family, h, queries, scheme);
    }

    /**
     * True when the estimator is MeZO's, its directions regenerated from their seeds: Gaussian, Rademacher or on the
     * sphere, dense or masked, or sparse Gaussian, with a forward or central scheme.
     */
    protected boolean regeneratesDirections() {
        return custom == null && scheme != Scheme.SINGLE_POINT
                && (directions instanceof Directions || (mask == null && directions instanceof SparseDirections));
    }

    private B directions(DirectionFamily family, double radius) {
        GradientEstimator.requirePositiveRadius(radius);
        return with(b -> {
            EstimatorOptions<?> o = b;
            o.directions = family;
            o.h = radius;
            o.custom = null;
        });
    }

    private B scheme(Scheme chosen) {
        return with(b -> ((EstimatorOptions<?>) b).scheme = chosen);
    }
}
