package org.zeroth.population;

import java.util.Arrays;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.zeroth.Bounds;
import org.zeroth.Config;
import org.zeroth.Objective;
import org.zeroth.problems.Problem;
import org.zeroth.tensor.Tensors;

/**
 * {@code zo.bobyqa(f)}: Powell's BOBYQA (bound optimization by quadratic approximation), as implemented by
 * Hipparchus' {@link BOBYQAOptimizer}: a trust region method on quadratic models interpolating f at m points.
 * It needs dimension d ≥ 2 and a box: {@code within(lo, hi)} when given; else the problem's
 * {@link Problem#domain() domain} when f is a {@link Problem} with a finite one; else the wide box
 * start ± {@value #DEFAULT_HALF_WIDTH} in every coordinate. Options: the number of interpolation points m
 * (d + 2 ≤ m ≤ (d + 1)(d + 2)/2; default 2d + 1) and the trust region radii (initial: default
 * min(1, a quarter of the narrowest box width); final, which sets the accuracy in x: default 1e-8). The run
 * converges when the trust region has shrunk to the final radius. One trace row per evaluation; see {@link Baseline}.
 */
public final class Bobyqa extends Baseline<Bobyqa> {
    /** Half the width of the box around the start used when neither within() nor a problem's domain gives one. */
    public static final double DEFAULT_HALF_WIDTH = 1e6;
    private int interpolationPoints;
    private double initialRadius = Double.NaN;
    private double finalRadius = 1e-8;

    public Bobyqa(Objective objective) {
        super(objective);
    }

    /** m points the quadratic model interpolates: d + 2 ≤ m ≤ (d + 1)(d + 2)/2; 2d + 1 (the default) is usual. */
    public Bobyqa interpolationPoints(int m) {
        if (m < 4) {
            throw new IllegalArgumentException("interpolationPoints(m) needs m ≥ d + 2 ≥ 4 (BOBYQA works in d ≥ 2),"
                    + " got " + m + "; the usual value is 2d + 1");
        }
        return with(b -> b.interpolationPoints = m);
    }

    /**
     * The trust region radii: {@code initial} about a tenth of the greatest expected change of a coordinate (the
     * box must be at least 2 × initial wide), {@code stopping} ≤ initial the accuracy wanted in x.
     */
    public Bobyqa trustRegion(double initial, double stopping) {
        requirePositive("trustRegion(initial, stopping): initial", initial, "trustRegion(0.5, 1e-8)");
        requirePositive("trustRegion(initial, stopping): stopping", stopping, "trustRegion(0.5, 1e-8)");
        if (stopping > initial) {
            throw new IllegalArgumentException("trustRegion(initial, stopping) needs stopping ≤ initial, got ("
                    + initial + ", " + stopping + "); e.g. trustRegion(0.5, 1e-8)");
        }
        return with(b -> {
            b.initialRadius = initial;
            b.finalRadius = stopping;
        });
    }

    @Override
    protected String method() {
        return "bobyqa";
    }

    @Override
    protected Config settings(int d, Bounds bounds) {
        if (d < BOBYQAOptimizer.MINIMUM_PROBLEM_DIMENSION) {
            throw new IllegalArgumentException("BOBYQA needs dimension d ≥ 2 (its quadratic models need d + 2"
                    + " interpolation points in at least two coordinates), got d = " + d
                    + "; in one dimension use zo.powell(f) or zo.nelderMead(f)");
        }
        int m = points(d);
        if (m < d + 2 || m > (d + 1) * (d + 2) / 2) {
            throw new IllegalArgumentException("interpolationPoints(" + m + ") must lie in [d + 2, (d + 1)(d + 2)/2] = ["
                    + (d + 2) + ", " + (d + 1) * (d + 2) / 2 + "] in dimension " + d + "; the usual value is "
                    + (2 * d + 1));
        }
        double radius = initialRadius(d, bounds);
        Bounds box = box(new double[d], bounds);
        for (int i = 0; i < d; i++) {
            if (box.width(i) < 2 * radius) {
                throw new IllegalArgumentException("BOBYQA needs every box width ≥ 2 × the initial trust region radius "
                        + radius + ", but coordinate " + i + " has width " + box.width(i) + "; give trustRegion(initial,"
                        + " stopping) with initial ≤ " + box.width(i) / 2 + ", or widen within(lo, hi)");
            }
        }
        return Config.of("interpolationPoints", m, "trustRegion", "(" + radius + ", " + finalRadius + ")",
                "box", bounds != null ? null : SearchBox.of(null, domain(), d) != null ? box
                        : "start ± " + DEFAULT_HALF_WIDTH);
    }

    @Override
    protected PointValuePair optimize(ObjectiveFunction f, double[] start, Bounds bounds, long seed) {
        int d = start.length;
        double radius = initialRadius(d, bounds);
        Bounds box = box(start, bounds);
        if (bounds == null && !box.contains(Tensors.vector(start))) { // the domain is the box: start inside it
            warnIfOutside(box, Tensors.vector(start), objective.name() + "'s domain " + box);
            start = start.clone();
            for (int i = 0; i < d; i++) {
                start[i] = Math.min(box.upper()[i], Math.max(box.lower()[i], start[i]));
            }
        }
        return new BOBYQAOptimizer(points(d), radius, Math.min(finalRadius, radius)).optimize(f, GoalType.MINIMIZE,
                new InitialGuess(start), new SimpleBounds(box.lower(), box.upper()), MaxEval.unlimited(),
                MaxIter.unlimited());
    }

    private int points(int d) {
        return interpolationPoints > 0 ? interpolationPoints : 2 * d + 1;
    }

    private double initialRadius(int d, Bounds bounds) {
        if (!Double.isNaN(initialRadius)) {
            return initialRadius;
        }
        Bounds box = box(new double[d], bounds);
        double narrowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            narrowest = Math.min(narrowest, box.width(i));
        }
        return Math.min(1, narrowest / 4);
    }

    /** within(), else the problem's finite domain, else start ± DEFAULT_HALF_WIDTH. */
    private Bounds box(double[] start, Bounds bounds) {
        Bounds box = SearchBox.of(bounds, domain(), start.length);
        if (box != null) {
            return box;
        }
        double[] lo = Arrays.stream(start).map(x -> x - DEFAULT_HALF_WIDTH).toArray();
        double[] hi = Arrays.stream(start).map(x -> x + DEFAULT_HALF_WIDTH).toArray();
        return new Bounds(lo, hi);
    }
}
