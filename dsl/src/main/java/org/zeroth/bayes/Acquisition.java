package org.zeroth.bayes;

import org.hipparchus.special.Erf;

/**
 * How Bayesian optimization scores a candidate from the GP posterior N(μ, σ²) at it, for minimization with the
 * incumbent value {@code best}; the next point maximizes the score.
 * <ul>
 * <li>{@link #expectedImprovement()}: EI = E max(best − f, 0) = σ (z Φ(z) + φ(z)), z = (best − μ)/σ (Jones, Schonlau
 * &amp; Welch 1998). Scored as log EI, computed without underflow for very negative z (Ament et al., "Unexpected
 * improvements to expected improvement", NeurIPS 2023): plain EI is exactly 0 over most of the space after a few
 * dozen points, which leaves a local search with a flat landscape.</li>
 * <li>{@link #ucb(double)}: the lower confidence bound μ − √β σ, scored as √β σ − μ (GP-UCB, Srinivas et al. 2010,
 * in their β convention).</li>
 * </ul>
 */
public final class Acquisition implements java.io.Serializable {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private final double beta;

    private Acquisition(double beta) {
        this.beta = beta;
    }

    /** Expected improvement, scored as its logarithm (the default). */
    public static Acquisition expectedImprovement() {
        return new Acquisition(Double.NaN);
    }

    /** Upper confidence bound (for minimization: lower) μ − √β σ; β trades exploration (large) for exploitation. */
    public static Acquisition ucb(double beta) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("ucb(beta) needs beta ≥ 0 (e.g. ucb(4): μ − 2σ), got " + beta);
        }
        return new Acquisition(beta);
    }

    /** The score to maximize at a point whose posterior is N(mean, sd²), given the best value so far. */
    public double score(double mean, double sd, double best) {
        return isExpectedImprovement() ? logExpectedImprovement(mean, sd, best) : Math.sqrt(beta) * sd - mean;
    }

    public boolean isExpectedImprovement() {
        return Double.isNaN(beta);
    }

    /** "ei" or "ucb(β)", as runs record it. */
    public String label() {
        return isExpectedImprovement() ? "ei" : "ucb(" + beta + ")";
    }

    @Override
    public String toString() {
        return label();
    }

    /** EI = σ h((best − μ)/σ), h(z) = φ(z) + z Φ(z); max(best − μ, 0) when σ = 0. */
    public static double expectedImprovement(double mean, double sd, double best) {
        return Math.exp(logExpectedImprovement(mean, sd, best));
    }

    /** log EI, finite wherever EI > 0 (−∞ only for σ = 0 and μ ≥ best). */
    public static double logExpectedImprovement(double mean, double sd, double best) {
        if (Double.isNaN(mean) || Double.isNaN(sd) || Double.isNaN(best) || sd < 0) {
            throw new IllegalArgumentException("expected improvement needs a mean, sd ≥ 0 and a best value, got mean = "
                    + mean + ", sd = " + sd + ", best = " + best);
        }
        if (sd == 0) {
            return Math.log(Math.max(best - mean, 0));
        }
        return Math.log(sd) + logH((best - mean) / sd);
    }

    /**
     * log h(z), h(z) = φ(z) + z Φ(z). For z ≥ −6 directly (φ(−6) ≈ 6e−9: no underflow, and 1 + zΦ/φ ≥ 0.027 loses
     * under two digits). Below, h(z) = φ(z)(1 − xR(x)) with x = −z and Mills' ratio R(x) = Φ(−x)/φ(x) =
     * 1/(x + T), T = 1/(x + 2/(x + 3/(x + …))) (Laplace's continued fraction): 1 − xR = T/(x + T), no cancellation.
     */
    static double logH(double z) {
        if (z >= -6) {
            double phi = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
            double cdf = 0.5 * Erf.erfc(-z / Math.sqrt(2));
            return Math.log(phi + z * cdf);
        }
        double x = -z;
        double t = 0;
        for (int k = 60; k >= 2; k--) { // converges quickly for x ≥ 6: 60 terms are exact to double precision
            t = k / (x + t);
        }
        t = 1 / (x + t);
        return -0.5 * x * x - LOG_SQRT_2PI + Math.log(t / (x + t));
    }
}
