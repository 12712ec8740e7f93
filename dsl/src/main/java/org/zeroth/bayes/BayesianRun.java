package org.zeroth.bayes;

import java.util.List;
import org.zeroth.Bounds;
import org.zeroth.Run;

/**
 * A Bayesian-optimization run: the {@link Run} record plus what the figures of a BO tutorial need — every
 * observation and, for each acquisition, the hyperparameters it fitted and the points it chose, so that
 * {@link #surrogate(int)} rebuilds the exact model under which the point of a trace step was chosen.
 */
public final class BayesianRun extends Run {
    private final Bounds box;
    private final Acquisition acquisition;
    private final double[][] unitPoints;
    private final double[] values;
    private final List<StepRecord> models;

    /** One acquisition: the hyperparameters it fitted to the first {@code observed} points, and its batch's size. */
    record StepRecord(Hyperparameters hyperparameters, int observed, int batch) {
    }

    BayesianRun(Run run, Bounds box, Acquisition acquisition, double[][] unitPoints, double[] values,
                List<StepRecord> models) {
        super(run);
        this.box = box;
        this.acquisition = acquisition;
        this.unitPoints = unitPoints;
        this.values = values;
        this.models = List.copyOf(models);
    }

    /** The box the run searched. */
    public Bounds box() {
        return box;
    }

    /** Acquisitions made after the initial design: models fitted, each choosing a batch of points. */
    public int acquisitions() {
        return models.size();
    }

    /** The size of the initial design: trace steps 1 … initialPoints() were evaluated before any model. */
    public int initialPoints() {
        return ((Number) config().get("initialPoints")).intValue();
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

    /**
     * The model that chose the point evaluated at trace step {@code step}, with its acquisition and its batch. Steps
     * are numbered as everywhere in a Run — the trace's rows, {@link #steps()}, the progress display — one per
     * evaluation: steps 1 … {@link #initialPoints()} are the design (no model chose them), and the k steps of a
     * batch share the model fitted to the steps before them.
     */
    public Surrogate surrogate(int step) {
        for (StepRecord s : models) {
            if (step > s.observed() && step <= Math.min(s.observed() + s.batch(), unitPoints.length)) {
                return surrogateOf(s);
            }
        }
        int design = models.isEmpty() ? Math.min(initialPoints(), unitPoints.length) : models.get(0).observed();
        StepRecord last = models.isEmpty() ? null : models.get(models.size() - 1);
        int lastChosen = last == null ? 0 : Math.min(last.observed() + last.batch(), unitPoints.length);
        throw new IllegalArgumentException(lastChosen <= design ? "this run evaluated no point a model chose (it"
                + " ended in its initial design of " + design + " steps): run more steps to see a model"
                : "surrogate(step) takes the trace step of a point a model chose: " + (design + 1) + " ≤ step ≤ "
                + lastChosen + " (steps 1–" + design + " are the initial design, evaluated before any model), got "
                + step);
    }

    /** The last model the run fitted (its chosen points may not have been evaluated if the run stopped then). */
    public Surrogate surrogate() {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("this run fitted no model (it ended in its initial design of "
                    + initialPoints() + " steps): run more steps to see one");
        }
        return surrogateOf(models.get(models.size() - 1));
    }

    private Surrogate surrogateOf(StepRecord s) {
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
        return new Surrogate(s.observed() + 1, box, gp, acquisition, BayesianOptimization.incumbent(gp, x), observed, y,
                chosen);
    }
}
