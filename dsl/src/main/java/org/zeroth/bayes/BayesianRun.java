package org.zeroth.bayes;

import java.util.List;
import org.zeroth.Bounds;
import org.zeroth.Run;

/**
 * A Bayesian-optimization run: the {@link Run} record plus what the figures of a BO tutorial need — every
 * observation and, for each acquisition step, the hyperparameters it fitted and the points it chose, so that
 * {@link #surrogate(int)} rebuilds the exact model that step maximized the acquisition under.
 */
public final class BayesianRun extends Run {
    private final Bounds box;
    private final Acquisition acquisition;
    private final double[][] unitPoints;
    private final double[] values;
    private final List<StepRecord> steps;

    /** One acquisition step: the hyperparameters it used, on the first {@code observed} points, and its batch. */
    record StepRecord(Hyperparameters hyperparameters, int observed, int batch) {
    }

    BayesianRun(Run run, Bounds box, Acquisition acquisition, double[][] unitPoints, double[] values, List<StepRecord> steps) {
        super(run);
        this.box = box;
        this.acquisition = acquisition;
        this.unitPoints = unitPoints;
        this.values = values;
        this.steps = List.copyOf(steps);
    }

    /** The box the run searched. */
    public Bounds box() {
        return box;
    }

    /** Acquisition steps made (after the initial design). */
    public int acquisitions() {
        return steps.size();
    }

    /** Every evaluated point in the user's coordinates, in evaluation order. */
    public double[][] observations() {
        double[][] x = new double[unitPoints.length][];
        for (int i = 0; i < x.length; i++) {
            x[i] = BayesianOptimization.fromUnit(unitPoints[i], box);
        }
        return x;
    }

    /** The observed values (minimizing sense), in evaluation order. */
    public double[] values() {
        return values.clone();
    }

    /** The model, acquisition and chosen points of acquisition step {@code step} (1 … acquisitions()). */
    public Surrogate surrogate(int step) {
        if (step < 1 || step > steps.size()) {
            throw new IllegalArgumentException(steps.isEmpty() ? "this run made no acquisition step (it ended in its"
                    + " initial design): run more steps to see a model" : "surrogate(step) needs 1 ≤ step ≤ "
                    + steps.size() + ", got " + step);
        }
        StepRecord s = steps.get(step - 1);
        double[][] x = java.util.Arrays.copyOf(unitPoints, s.observed());
        double[] y = java.util.Arrays.copyOf(values, s.observed());
        GaussianProcess gp = s.hyperparameters().condition(x, y);
        double[][] chosen = new double[Math.min(s.batch(), unitPoints.length - s.observed())][];
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = BayesianOptimization.fromUnit(unitPoints[s.observed() + i], box);
        }
        double[][] observed = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            observed[i] = BayesianOptimization.fromUnit(x[i], box);
        }
        return new Surrogate(step, box, gp, acquisition, BayesianOptimization.incumbent(gp, x), observed, y, chosen);
    }

    /** The last acquisition step's state. */
    public Surrogate surrogate() {
        return surrogate(steps.size());
    }
}
