package org.zeroth.population;

import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.PowellOptimizer;
import org.zeroth.Bounds;
import org.zeroth.Config;
import org.zeroth.Objective;

/**
 * {@code zo.powell(f)}: Powell's conjugate direction method, as implemented by Hipparchus' {@link PowellOptimizer}
 * (line searches by Brent's method along a set of directions it keeps conjugate). Options: the convergence
 * tolerance between iterations and the line searches' tolerance (default: the square roots of the former).
 * No bounds in Hipparchus: with {@code within(lo, hi)} it minimizes f(clamp(x)) plus a penalty growing out of the
 * box ({@link Baseline#penalizedOutside}); only points in the box are evaluated.
 * One trace row per evaluation; see {@link Baseline}.
 */
public final class Powell extends Baseline<Powell> {
    private Tolerance tolerance = Tolerance.DEFAULT;
    private Tolerance lineSearch;

    public Powell(Objective objective) {
        super(objective);
    }

    /** Converged when an iteration lowers f by at most max(relative × |f|, absolute). */
    public Powell tolerance(double relative, double absolute) {
        Tolerance t = requireAboveRoundOff(new Tolerance(relative, absolute));
        return with(b -> b.tolerance = t);
    }

    /** The line searches' tolerance. Default: √relative and √absolute of {@link #tolerance}. */
    public Powell lineSearchTolerance(double relative, double absolute) {
        Tolerance t = requireAboveRoundOff(new Tolerance(relative, absolute));
        return with(b -> b.lineSearch = t);
    }

    @Override
    protected String method() {
        return "powell";
    }

    @Override
    protected Config settings(int d, Bounds bounds) {
        return Config.of("tolerance", tolerance, "lineSearch", lineSearch());
    }

    @Override
    protected PointValuePair optimize(ObjectiveFunction f, double[] start, Bounds bounds, long seed) {
        Tolerance line = lineSearch();
        return new PowellOptimizer(tolerance.relative(), tolerance.absolute(), line.relative(), line.absolute())
                .optimize(penalizedOutside(f, bounds), GoalType.MINIMIZE, new InitialGuess(start), MaxEval.unlimited(),
                        MaxIter.unlimited());
    }

    private Tolerance lineSearch() {
        return lineSearch != null ? lineSearch
                : new Tolerance(Math.sqrt(tolerance.relative()), Math.sqrt(tolerance.absolute()));
    }

    // Hipparchus' Powell (and its Brent line search) needs relative ≥ 2 ulp(1) and absolute > 0.
    private static Tolerance requireAboveRoundOff(Tolerance t) {
        if (t.relative() < 2 * Math.ulp(1d) || t.absolute() <= 0) {
            throw new IllegalArgumentException("Powell needs relative ≥ 4.4e-16 and absolute > 0, got " + t
                    + "; e.g. tolerance(1e-10, 1e-14)");
        }
        return t;
    }
}
