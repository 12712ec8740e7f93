package org.zeroth.bayes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.zeroth.tensor.RandomStream;

/**
 * The GP's length scales ℓ, signal variance s² and noise variance σₙ², fitted by maximizing the log marginal
 * likelihood plus weak log-normal priors on each ℓ and on σₙ² (type-II MAP; Rasmussen &amp; Williams 2006, §5.4). Points are
 * in the unit cube and the prior mean is the data's mean; the search runs in log space within bounds scaled by
 * the data's variance v: ℓ ∈ [0.005, 20], s² ∈ [0.01 v, 100 v], σₙ² ∈ [1e-6 v, v] (or σₙ² fixed when the noise
 * level is known). The prior log ℓ ~ N(√2 + ½ log d, 3) is Hvarfner, Hellsten &amp; Nardi's (ICML 2024): it favours
 * smooth models as the dimension grows, which keeps high-d fits from overfitting a few points. BOBYQA (Hipparchus)
 * maximizes from several starts: the previous fit (a warm start) or else a central guess, and random points.
 */
public record Hyperparameters(double[] lengthScales, double signalVariance, double noiseVariance) {
    private static final double MIN_LENGTH = 0.005;
    private static final double MAX_LENGTH = 20;
    private static final double PRIOR_VARIANCE = 3;
    /** log σₙ² ~ N(log(1e-3 v), 2²): a few points are not explained away as noise; many noisy ones still are. */
    private static final double NOISE_PRIOR_CENTRE = Math.log(1e-3);
    private static final double NOISE_PRIOR_VARIANCE = 4;

    public Hyperparameters {
        lengthScales = lengthScales.clone();
    }

    @Override
    public double[] lengthScales() {
        return lengthScales.clone();
    }

    /** The model these hyperparameters give for the data (prior mean: the data's mean). */
    public GaussianProcess condition(double[][] x, double[] y) {
        return GaussianProcess.of(new Matern52(lengthScales, signalVariance), noiseVariance, mean(y), x, y);
    }

    /**
     * The MAP hyperparameters for points x (in [0, 1]^d) and values y. {@code noiseVariance} fixes σₙ² when it is
     * a number, NaN fits it. The search starts from {@code warm} (the previous step's fit), else from a central
     * guess (ℓ = 2, s² = v, σₙ² = 1e-3 v), and from {@code starts} random points drawn from {@code random}.
     */
    public static Hyperparameters fit(double[][] x, double[] y, double noiseVariance, Hyperparameters warm,
                                      int starts, RandomStream random) {
        int d = x[0].length;
        boolean fitNoise = Double.isNaN(noiseVariance);
        double v = variance(y);
        int p = d + (fitNoise ? 2 : 1);
        double[] lo = new double[p];
        double[] hi = new double[p];
        Arrays.fill(lo, 0, d, Math.log(MIN_LENGTH));
        Arrays.fill(hi, 0, d, Math.log(MAX_LENGTH));
        lo[d] = Math.log(0.01 * v);
        hi[d] = Math.log(100 * v);
        if (fitNoise) {
            lo[d + 1] = Math.log(1e-6 * v);
            hi[d + 1] = Math.log(v);
        }
        double priorMedian = Math.sqrt(2) + 0.5 * Math.log(d);
        List<double[]> guesses = new ArrayList<>();
        if (warm != null && warm.lengthScales.length == d) {
            guesses.add(clamp(encode(warm, d, fitNoise), lo, hi));
        }
        double[] median = new double[p];
        Arrays.fill(median, 0, d, Math.min(priorMedian, Math.log(2))); // ℓ = 2 on the unit cube: already smooth
        median[d] = Math.log(v);
        if (fitNoise) {
            median[d + 1] = Math.log(1e-3 * v);
        }
        if (guesses.isEmpty()) {
            guesses.add(clamp(median, lo, hi));
        }
        for (int s = 0; s < starts; s++) {
            double[] g = new double[p];
            for (int i = 0; i < p; i++) {
                g[i] = lo[i] + random.uniform((long) s * p + i) * (hi[i] - lo[i]);
            }
            guesses.add(g);
        }
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (double[] guess : guesses) {
            Objective objective = new Objective(x, y, d, noiseVariance, priorMedian);
            try {
                new BOBYQAOptimizer(2 * p + 1, 0.5, 1e-2).optimize(new MaxEval(40 * p), GoalType.MINIMIZE,
                        new ObjectiveFunction(objective::value), new InitialGuess(guess), new SimpleBounds(lo, hi));
            } catch (MathIllegalStateException e) {
                // out of evaluations: keep the best point seen, below
            }
            if (objective.bestValue < bestValue) {
                bestValue = objective.bestValue;
                best = objective.bestPoint;
            }
        }
        if (best == null) {
            throw new IllegalStateException("could not fit the Gaussian process to " + x.length + " points: the"
                    + " marginal likelihood was not finite at any hyperparameters tried; give a noise level with noise(σ)");
        }
        return decode(best, d, fitNoise ? Double.NaN : noiseVariance);
    }

    /** The negative log posterior of the hyperparameters, tracking the best point BOBYQA evaluates. */
    private static final class Objective {
        private final double[][] x;
        private final double[] y;
        private final int d;
        private final double noiseVariance;
        private final double priorMedian;
        private final double logVariance;
        private double bestValue = Double.POSITIVE_INFINITY;
        private double[] bestPoint;

        Objective(double[][] x, double[] y, int d, double noiseVariance, double priorMedian) {
            this.x = x;
            this.y = y;
            this.d = d;
            this.noiseVariance = noiseVariance;
            this.priorMedian = priorMedian;
            this.logVariance = Math.log(variance(y));
        }

        double value(double[] theta) {
            double value;
            try {
                GaussianProcess gp = decode(theta, d, noiseVariance).condition(x, y);
                value = -gp.logMarginalLikelihood();
            } catch (IllegalStateException e) {
                return 1e300; // no factor even with jitter: the worst possible value, BOBYQA moves away
            }
            for (int i = 0; i < d; i++) {
                double z = theta[i] - priorMedian;
                value += z * z / (2 * PRIOR_VARIANCE);
            }
            if (Double.isNaN(noiseVariance)) {
                double z = theta[d + 1] - logVariance - NOISE_PRIOR_CENTRE;
                value += z * z / (2 * NOISE_PRIOR_VARIANCE);
            }
            if (value < bestValue) {
                bestValue = value;
                bestPoint = theta.clone();
            }
            return value;
        }
    }

    private static double[] encode(Hyperparameters h, int d, boolean fitNoise) {
        double[] theta = new double[d + (fitNoise ? 2 : 1)];
        for (int i = 0; i < d; i++) {
            theta[i] = Math.log(h.lengthScales[i]);
        }
        theta[d] = Math.log(h.signalVariance);
        if (fitNoise) {
            theta[d + 1] = Math.log(Math.max(h.noiseVariance, 1e-300));
        }
        return theta;
    }

    private static Hyperparameters decode(double[] theta, int d, double noiseVariance) {
        double[] l = new double[d];
        for (int i = 0; i < d; i++) {
            l[i] = Math.exp(theta[i]);
        }
        return new Hyperparameters(l, Math.exp(theta[d]), Double.isNaN(noiseVariance) ? Math.exp(theta[d + 1]) : noiseVariance);
    }

    private static double[] clamp(double[] theta, double[] lo, double[] hi) {
        double[] c = theta.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.min(hi[i], Math.max(lo[i], c[i]));
        }
        return c;
    }

    static double mean(double[] y) {
        double s = 0;
        for (double v : y) {
            s += v;
        }
        return s / y.length;
    }

    /** The data's variance, or 1 when the values are all equal (the bounds need a positive scale). */
    static double variance(double[] y) {
        double m = mean(y);
        double s = 0;
        for (double v : y) {
            s += (v - m) * (v - m);
        }
        double var = s / y.length;
        return var > 0 && Double.isFinite(var) ? var : 1;
    }
}
