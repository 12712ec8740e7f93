package org.zeroth.datasets;

/**
 * Per-feature z-scoring, z = (x − mean) / sd, with statistics fitted on one data set and applied to any data
 * set of the same features: fit on the training part, apply to validation and test ({@link Split#standardized()}).
 * The standard deviation is the population one (divisor n, as scikit-learn's StandardScaler); a constant
 * feature (sd = 0, such as the always-blank border pixels of digits) is only centred.
 */
public final class Standardization {
    private final double[] means;
    private final double[] deviations;

    private Standardization(double[] means, double[] deviations) {
        this.means = means;
        this.deviations = deviations;
    }

    /** The means and standard deviations of {@code data}'s features. */
    public static Standardization of(Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot fit a standardization on an empty data set (" + data.name()
                    + "): fit it on a part with examples, e.g. the training part of a split");
        }
        int n = data.size();
        int d = data.dimension();
        double[] x = data.values();
        double[] means = new double[d];
        double[] deviations = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                means[j] += x[i * d + j] / n;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double centred = x[i * d + j] - means[j];
                deviations[j] += centred * centred / n;
            }
        }
        for (int j = 0; j < d; j++) {
            deviations[j] = Math.sqrt(deviations[j]);
        }
        return new Standardization(means, deviations);
    }

    /** {@code data} with these statistics' z-scores in place of its features. */
    public Dataset apply(Dataset data) {
        int d = means.length;
        if (data.dimension() != d) {
            throw new IllegalArgumentException("this standardization was fitted on " + d + " features, but "
                    + data.name() + " has " + data.dimension() + ": apply it to parts of the same data set");
        }
        double[] x = data.values();
        double[] z = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            int j = k % d;
            z[k] = (x[k] - means[j]) / (deviations[j] > 0 ? deviations[j] : 1);
        }
        return data.withValues(z);
    }

    public double[] means() {
        return means.clone();
    }

    /** Population standard deviations (divisor n); 0 for a constant feature. */
    public double[] deviations() {
        return deviations.clone();
    }
}
