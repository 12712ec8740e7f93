package org.zeroth.population;

import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.zeroth.Bounds;
import org.zeroth.Config;
import org.zeroth.Objective;

/**
 * {@code zo.nelderMead(f)}: the Nelder–Mead simplex method, as implemented by Hipparchus' {@link SimplexOptimizer}
 * with a {@link NelderMeadSimplex}. Options: the side length of the initial simplex and the convergence tolerance
 * on the simplex's values. Hipparchus' simplex takes no bounds: with {@code within(lo, hi)} it minimizes
 * f(clamp(x)) plus a penalty growing out of the box ({@link Baseline#penalizedOutside}); only points in the box
 * are evaluated. One trace row per evaluation; see {@link Baseline}.
 */
public final class NelderMead extends Baseline<NelderMead> {
    private double simplexSize = 1;
    private Tolerance tolerance = Tolerance.DEFAULT;

    public NelderMead(Objective objective) {
        super(objective);
    }

    /** The side length of the initial simplex around the start (default 1): about the distance to the optimum. */
    public NelderMead simplexSize(double side) {
        requirePositive("simplexSize(side)", side, "simplexSize(0.5)");
        return with(b -> b.simplexSize = side);
    }

    /** Converged when no vertex's value changes by more than max(relative × |f|, absolute) in an iteration. */
    public NelderMead tolerance(double relative, double absolute) {
        Tolerance t = new Tolerance(relative, absolute);
        return with(b -> b.tolerance = t);
    }

    @Override
    protected String method() {
        return "nelder-mead";
    }

    @Override
    protected Config settings(int d, Bounds bounds) {
        return Config.of("simplexSize", simplexSize, "tolerance", tolerance);
    }

    @Override
    protected PointValuePair optimize(ObjectiveFunction f, double[] start, Bounds bounds, long seed) {
        return new SimplexOptimizer(tolerance.checker()).optimize(penalizedOutside(f, bounds), GoalType.MINIMIZE,
                new InitialGuess(start), new NelderMeadSimplex(start.length, simplexSize), MaxEval.unlimited(),
                MaxIter.unlimited());
    }
}
