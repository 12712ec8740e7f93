package org.zeroth.bayes;

/**
 * The Matérn 5/2 covariance with one length scale per coordinate (automatic relevance determination):
 * k(x, y) = s² (1 + √5 r + 5r²/3) exp(−√5 r), r² = Σ ((xᵢ − yᵢ)/ℓᵢ)². Twice differentiable sample paths: rough
 * enough for real objectives, smooth enough to model (Rasmussen &amp; Williams 2006, §4.2; Snoek, Larochelle &amp;
 * Adams 2012 recommend it over the squared exponential for Bayesian optimization).
 */
public final class Matern52 {
    private static final double SQRT5 = Math.sqrt(5);
    private final double[] lengthScales;
    private final double signalVariance;

    public Matern52(double[] lengthScales, double signalVariance) {
        for (double l : lengthScales) {
            if (!(l > 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("Matern52: every length scale must be positive and finite, got " + l);
            }
        }
        if (!(signalVariance > 0) || Double.isInfinite(signalVariance)) {
            throw new IllegalArgumentException("Matern52: the signal variance must be positive and finite, got "
                    + signalVariance);
        }
        this.lengthScales = lengthScales.clone();
        this.signalVariance = signalVariance;
    }

    /** k(x, y). */
    public double value(double[] x, double[] y) {
        double r2 = 0;
        for (int i = 0; i < lengthScales.length; i++) {
            double u = (x[i] - y[i]) / lengthScales[i];
            r2 += u * u;
        }
        double r = Math.sqrt(r2);
        return signalVariance * (1 + SQRT5 * r + 5 * r2 / 3) * Math.exp(-SQRT5 * r);
    }

    /** k(x, x) = s². */
    public double signalVariance() {
        return signalVariance;
    }

    public double[] lengthScales() {
        return lengthScales.clone();
    }

    public int dimension() {
        return lengthScales.length;
    }
}
