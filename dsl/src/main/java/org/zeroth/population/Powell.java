package org.zeroth.population;

import java.util.Arrays;
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
 * (line searches by Brent's method along a set of directions it keeps conjugate), restarted with fresh directions
 * where it stops until a restart no longer lowers f. Options: the convergence tolerance between iterations (and
 * restarts) and the line searches' tolerance (default: the square roots of the former).
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

    /** Converged when an iteration, then a restart, lowers f by at most max(relative × |f|, absolute). */
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

    /**
     * Powell's run, restarted from where it stopped with the coordinate directions again for as long as a restart
     * lowers f by more than the tolerance. Its direction set can degenerate, e.g. in a curved valley cut by a face of
     * the box: it then stops short (measured: Rosenbrock with y ≤ 0.64, 12 of 100 starts CONVERGED up to 0.004 above
     * the minimum), and fresh directions go on from there. A restart asks f at its start again rather than taking the
     * value Powell returned: Hipparchus pairs its last iteration's start point with the value after the iteration's
     * extrapolation, which can lie below f there.
     */
    @Override
    protected PointValuePair optimize(ObjectiveFunction f, double[] start, Bounds bounds, long seed) {
        ObjectiveFunction g = penalizedOutside(new RecentValues(f).function(), bounds);
        PointValuePair best = powell(g, start);
        while (true) {
            PointValuePair next = powell(g, best.getPoint());
            if (!lowers(best.getValue(), next.getValue())) {
                return next.getValue() < best.getValue() ? next : best;
            }
            best = next;
        }
    }

    private PointValuePair powell(ObjectiveFunction g, double[] start) {
        Tolerance line = lineSearch();
        return new PowellOptimizer(tolerance.relative(), tolerance.absolute(), line.relative(), line.absolute())
                .optimize(g, GoalType.MINIMIZE, new InitialGuess(start), MaxEval.unlimited(), MaxIter.unlimited());
    }

    /** By more than the tolerance, in the test Hipparchus' Powell stops an iteration by. */
    private boolean lowers(double before, double after) {
        double scale = Math.abs(before) + Math.abs(after);
        return 2 * (before - after) > tolerance.relative() * scale + tolerance.absolute();
    }

    private Tolerance lineSearch() {
        return lineSearch != null ? lineSearch
                : new Tolerance(Math.sqrt(tolerance.relative()), Math.sqrt(tolerance.absolute()));
    }

    /**
     * f, answering a point among the last {@value #SIZE} it evaluated from memory: each of Hipparchus' line searches
     * asks f at its origin, known already, and its Brent search the bracket's middle, bracketed already — a quarter
     * of the evaluations of a Rosenbrock run within a box. The search takes the same path; a noisy f's repeats see
     * the first sample.
     */
    private static final class RecentValues {
        private static final int SIZE = 8;
        private final ObjectiveFunction f;
        private final double[][] points = new double[SIZE][];
        private final double[] values = new double[SIZE];
        private int next;

        RecentValues(ObjectiveFunction f) {
            this.f = f;
        }

        ObjectiveFunction function() {
            return new ObjectiveFunction(this::value);
        }

        private double value(double[] x) {
            for (int i = 0; i < SIZE; i++) {
                if (Arrays.equals(points[i], x)) {
                    return values[i];
                }
            }
            double v = f.getObjectiveFunction().value(x);
            points[next] = x.clone();
            values[next] = v;
            next = (next + 1) % SIZE;
            return v;
        }
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
