package org.zeroth.population;

import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.hipparchus.random.Well19937c;
import org.zeroth.Bounds;
import org.zeroth.Config;
import org.zeroth.Objective;
import org.zeroth.tensor.RandomStream;

/**
 * {@code zo.cmaes(f)}: the covariance matrix adaptation evolution strategy (Hansen), as implemented by
 * Hipparchus' {@link CMAESOptimizer} (active CMA, full covariance). Options: the initial step size σ and the
 * population size λ; bounds come from {@code within(lo, hi)} (CMA-ES repairs points onto the box and penalises
 * the distance). Hipparchus' own criteria (σ·‖pc‖ below 1e-11 σ₀, flat fitness history, condition number) decide
 * convergence. Its random draws come from a generator seeded by the run's seed: same seed, same run.
 * One trace row per evaluation; see {@link Baseline}.
 */
public final class CmaEs extends Baseline<CmaEs> {
    private static final long RANDOM_KEY = 0xC3AE5L;
    private double sigma = Double.NaN;
    private int populationSize;

    public CmaEs(Objective objective) {
        super(objective);
    }

    /**
     * The initial step size σ (the same for every coordinate): about the distance from the start to the optimum.
     * Default: 0.3 × the box width with {@code within}, else 1.
     */
    public CmaEs sigma(double initialStep) {
        requirePositive("sigma(s), the initial step size,", initialStep, "sigma(0.5)");
        return with(b -> b.sigma = initialStep);
    }

    /** The population size λ (offspring per generation), at least 2. Default 4 + ⌊3 ln d⌋; larger is more global. */
    public CmaEs populationSize(int lambda) {
        if (lambda < 2) {
            throw new IllegalArgumentException("populationSize(lambda) needs λ ≥ 2 offspring per generation, got "
                    + lambda + "; the usual value is 4 + 3 ln d");
        }
        return with(b -> b.populationSize = lambda);
    }

    @Override
    protected String method() {
        return "cma-es";
    }

    @Override
    protected Config settings(int d, Bounds bounds) {
        double[] s = sigmas(d, bounds);
        if (bounds != null) {
            for (int i = 0; i < d; i++) {
                if (s[i] > bounds.width(i)) {
                    throw new IllegalArgumentException("sigma(" + s[i] + ") is wider than the box along coordinate "
                            + i + " (width " + bounds.width(i) + "); give a smaller sigma or a wider within(lo, hi)");
                }
            }
        }
        return Config.of("sigma", s[0], "lambda", lambda(d));
    }

    @Override
    protected PointValuePair optimize(ObjectiveFunction f, double[] start, Bounds bounds, long seed) {
        int d = start.length;
        long key = RandomStream.of(seed).fork(RANDOM_KEY).bits(0);
        CMAESOptimizer cmaes = new CMAESOptimizer(Integer.MAX_VALUE, 0, true, 0, 0, new Well19937c(key), false, null);
        SimpleBounds box = bounds == null ? SimpleBounds.unbounded(d) : new SimpleBounds(bounds.lower(), bounds.upper());
        return cmaes.optimize(f, GoalType.MINIMIZE, new InitialGuess(start), box, MaxEval.unlimited(),
                MaxIter.unlimited(), new CMAESOptimizer.Sigma(sigmas(d, bounds)),
                new CMAESOptimizer.PopulationSize(lambda(d)));
    }

    private double[] sigmas(int d, Bounds bounds) {
        double[] s = new double[d];
        for (int i = 0; i < d; i++) {
            s[i] = !Double.isNaN(sigma) ? sigma
                    : bounds != null && Double.isFinite(bounds.width(i)) ? 0.3 * bounds.width(i) : 1.0;
        }
        return s;
    }

    private int lambda(int d) {
        return populationSize > 0 ? populationSize : 4 + (int) (3 * Math.log(d));
    }
}
