package org.zeroth.bayes;

import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;

/**
 * A Gaussian process regression model: prior f ~ GP(m, k) with a constant mean m and a {@link Matern52} kernel k,
 * observations y = f(x) + ε, ε ~ N(0, σₙ²); conditioned on the data by a Cholesky factor K + σₙ²I = LLᵀ
 * (Hipparchus). Posterior mean m + k*ᵀ(K + σₙ²I)⁻¹(y − m) and variance k** − k*ᵀ(K + σₙ²I)⁻¹k* (of f, not of a
 * new noisy observation): Rasmussen &amp; Williams 2006, Algorithm 2.1. Immutable. Hyperparameters come from
 * {@link Hyperparameters#fit} (maximum marginal likelihood) or are given.
 */
public final class GaussianProcess {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private final Matern52 kernel;
    private final double noiseVariance;
    /** How many of the points, from the first, are observations with noise; the rest are noise-free (believed). */
    private final int noisy;
    private final double priorMean;
    private final double jitter;
    private final double[][] x;
    private final double[] y;
    private final double[][] lower;
    private final double[] alpha;
    private final double logMarginalLikelihood;

    private GaussianProcess(Matern52 kernel, double noiseVariance, int noisy, double priorMean, double[][] x,
                            double[] y) {
        this.kernel = kernel;
        this.noiseVariance = noiseVariance;
        this.noisy = noisy;
        this.priorMean = priorMean;
        this.x = x;
        this.y = y;
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                k[i][j] = kernel.value(x[i], x[j]);
                k[j][i] = k[i][j];
            }
            k[i][i] += i < noisy ? noiseVariance : 0;
        }
        // A factor exists in exact arithmetic; in floating point near-duplicate points can break it: add jitter.
        double added = 0;
        CholeskyDecomposition cholesky = null;
        while (cholesky == null) {
            try {
                cholesky = new CholeskyDecomposition(new Array2DRowRealMatrix(k, true), 1e-9,
                        1e-13 * kernel.signalVariance());
            } catch (MathIllegalArgumentException e) {
                double more = added == 0 ? 1e-10 * kernel.signalVariance() : added * 9;
                if (added + more > 1e-4 * kernel.signalVariance()) {
                    throw new IllegalStateException("the Gaussian process covariance matrix of " + n + " points is not"
                            + " positive definite even with jitter " + (added + more) + " on its diagonal ("
                            + e.getMessage() + "): the points are (nearly) duplicates or the length scales are too"
                            + " long; give a noise level with noise(σ)", e);
                }
                for (int i = 0; i < n; i++) {
                    k[i][i] += more;
                }
                added += more;
            }
        }
        this.jitter = added;
        this.lower = cholesky.getL().getData();
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = y[i] - priorMean;
        }
        double[] v = forward(lower, r);
        this.alpha = backward(lower, v);
        double fit = 0;
        double logDet = 0;
        for (int i = 0; i < n; i++) {
            fit += v[i] * v[i];
            logDet += Math.log(lower[i][i]);
        }
        this.logMarginalLikelihood = -0.5 * fit - logDet - 0.5 * n * LOG_2PI;
    }

    /**
     * The posterior of a GP with this kernel, noise variance and constant prior mean, given the points x[i]
     * (copied) and their observed values y[i].
     */
    public static GaussianProcess of(Matern52 kernel, double noiseVariance, double priorMean, double[][] x, double[] y) {
        if (kernel == null || x == null || y == null) {
            throw new IllegalArgumentException("GaussianProcess.of needs a kernel, points and values");
        }
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("GaussianProcess.of needs one value per point and at least one point;"
                    + " got " + x.length + " points and " + y.length + " values");
        }
        if (!(noiseVariance >= 0) || Double.isInfinite(noiseVariance)) {
            throw new IllegalArgumentException("the noise variance must be ≥ 0 and finite, got " + noiseVariance);
        }
        double[][] points = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != kernel.dimension()) {
                throw new IllegalArgumentException("point " + i + " has dimension " + x[i].length + " but the kernel has "
                        + kernel.dimension() + " length scales");
            }
            points[i] = x[i].clone();
        }
        return new GaussianProcess(kernel, noiseVariance, points.length, priorMean, points, y.clone());
    }

    /**
     * This model with f(point) = value taken as known, without noise, hyperparameters unchanged: the Kriging
     * believer's pending point, where the variance of f then falls to 0 (with noise it would stay near σₙ²).
     */
    public GaussianProcess with(double[] point, double value) {
        double[][] morePoints = java.util.Arrays.copyOf(x, x.length + 1);
        morePoints[x.length] = point.clone();
        double[] moreValues = java.util.Arrays.copyOf(y, y.length + 1);
        moreValues[y.length] = value;
        return new GaussianProcess(kernel, noiseVariance, noisy, priorMean, morePoints, moreValues);
    }

    /** The posterior mean at x. */
    public double mean(double[] point) {
        double m = priorMean;
        for (int i = 0; i < x.length; i++) {
            m += kernel.value(point, x[i]) * alpha[i];
        }
        return m;
    }

    /** The posterior variance of f at x (≥ 0; 0 at a noise-free observation up to rounding). */
    public double variance(double[] point) {
        double[] k = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            k[i] = kernel.value(point, x[i]);
        }
        double[] v = forward(lower, k);
        double s = kernel.signalVariance();
        for (double vi : v) {
            s -= vi * vi;
        }
        return Math.max(s, 0);
    }

    /** Posterior mean and standard deviation at x, in one pass: {mean, sd}. */
    public double[] predict(double[] point) {
        double[] k = new double[x.length];
        double m = priorMean;
        for (int i = 0; i < x.length; i++) {
            k[i] = kernel.value(point, x[i]);
            m += k[i] * alpha[i];
        }
        double[] v = forward(lower, k);
        double s = kernel.signalVariance();
        for (double vi : v) {
            s -= vi * vi;
        }
        return new double[] {m, Math.sqrt(Math.max(s, 0))};
    }

    /** log p(y | x, hyperparameters) = −½(y − m)ᵀK⁻¹(y − m) − ½ log|K| − (n/2) log 2π, K with noise (and jitter). */
    public double logMarginalLikelihood() {
        return logMarginalLikelihood;
    }

    public Matern52 kernel() {
        return kernel;
    }

    public double noiseVariance() {
        return noiseVariance;
    }

    public double priorMean() {
        return priorMean;
    }

    /** What was added to the diagonal to make the factorization succeed (0 almost always). */
    public double jitter() {
        return jitter;
    }

    public int size() {
        return x.length;
    }

    /** Solves L v = b for lower-triangular L (the factor comes from Hipparchus; this is the O(n²) substitution). */
    private static double[] forward(double[][] l, double[] b) {
        double[] v = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            double s = b[i];
            double[] row = l[i];
            for (int j = 0; j < i; j++) {
                s -= row[j] * v[j];
            }
            v[i] = s / row[i];
        }
        return v;
    }

    /** Solves Lᵀ a = v. */
    private static double[] backward(double[][] l, double[] v) {
        int n = v.length;
        double[] a = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = v[i];
            for (int j = i + 1; j < n; j++) {
                s -= l[j][i] * a[j];
            }
            a[i] = s / l[i][i];
        }
        return a;
    }
}
