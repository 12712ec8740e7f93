package org.zeroth.bayes;

import org.zeroth.Bounds;

/**
 * What Bayesian optimization knew when one acquisition chose its points: the GP posterior fitted to the
 * observations before the step, the acquisition and incumbent it maximized, and the points it chose — the
 * content of a BO tutorial's figure. Coordinates are the user's (the model itself lives on the unit cube of the
 * box); values are in the minimizing sense the method optimizes.
 */
public final class Surrogate {
    private final int step;
    private final Bounds box;
    private final GaussianProcess gp;
    private final Acquisition acquisition;
    private final double incumbent;
    private final double[][] observed;
    private final double[] values;
    private final double[][] chosen;

    Surrogate(int step, Bounds box, GaussianProcess gp, Acquisition acquisition, double incumbent, double[][] observed,
              double[] values, double[][] chosen) {
        this.step = step;
        this.box = box;
        this.gp = gp;
        this.acquisition = acquisition;
        this.incumbent = incumbent;
        this.observed = observed;
        this.values = values;
        this.chosen = chosen;
    }

    /**
     * The trace step of the first point this model chose (its batch's points are steps step() … step() +
     * chosen().length − 1): the run's steps count evaluations, the initial design's included.
     */
    public int step() {
        return step;
    }

    public Bounds box() {
        return box;
    }

    public int dimension() {
        return box.lower().length;
    }

    /** {mean, sd} of the posterior of f at x. */
    public double[] posterior(double... x) {
        return gp.predict(toUnit(x));
    }

    public double mean(double... x) {
        return posterior(x)[0];
    }

    public double sd(double... x) {
        return posterior(x)[1];
    }

    /**
     * The acquisition at x as a tutorial draws it: expected improvement itself for EI, the lower confidence bound
     * μ − √β σ for UCB.
     */
    public double acquisition(double... x) {
        double[] p = posterior(x);
        if (acquisition.isExpectedImprovement()) {
            return Acquisition.expectedImprovement(p[0], p[1], incumbent);
        }
        return -acquisition.score(p[0], p[1], incumbent);
    }

    /** "expected improvement" or "lower confidence bound μ − √β σ". */
    public String acquisitionName() {
        return acquisition.isExpectedImprovement() ? "expected improvement" : "lower confidence bound " + acquisition.label();
    }

    /** The incumbent value the acquisition improved on (the smallest posterior mean at an observed point). */
    public double incumbent() {
        return incumbent;
    }

    /** The points observed before this model chose (copies): steps 1 … step() − 1. */
    public double[][] observed() {
        return copy(observed);
    }

    public double[] values() {
        return values.clone();
    }

    /** The points this model chose (its batch). */
    public double[][] chosen() {
        return copy(chosen);
    }

    public GaussianProcess model() {
        return gp;
    }

    private double[] toUnit(double[] x) {
        if (x.length != dimension()) {
            throw new IllegalArgumentException("the model lives in dimension " + dimension() + " but x has "
                    + x.length + " entries");
        }
        double[] u = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            u[j] = (x[j] - box.lower()[j]) / (box.upper()[j] - box.lower()[j]);
        }
        return u;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** e.g. "surrogate of step 13: 12 observations, chose 1 point (log-EI, incumbent −0.1004)". */
    @Override
    public String toString() {
        return "surrogate of step " + step + ": " + observed.length + " observations, chose " + chosen.length
                + (chosen.length == 1 ? " point" : " points") + " (" + acquisition.label() + ", incumbent "
                + String.format(java.util.Locale.ROOT, "%.4g", incumbent) + ")";
    }
}
