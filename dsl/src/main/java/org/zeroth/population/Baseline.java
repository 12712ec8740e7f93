package org.zeroth.population;

import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Bounds;
import org.zeroth.Config;
import org.zeroth.Interrupts;
import org.zeroth.Objective;
import org.zeroth.Oracle;
import org.zeroth.Run;
import org.zeroth.RunBuilder;
import org.zeroth.RunContext;
import org.zeroth.RunRecorder;
import org.zeroth.StopReason;
import org.zeroth.tensor.Tensors;

/**
 * A classic derivative-free baseline run by Hipparchus ({@code org.hipparchus.optim.nonlinear.scalar.noderiv}):
 * CMA-ES, Nelder–Mead, Powell, BOBYQA. Hipparchus does the search; the run's {@link Oracle} does the counting,
 * budget, target and time limit, so a baseline compares with the ZO methods evaluation for evaluation.
 *
 * <p>The trace has <b>one row per evaluation</b> (step = evaluation index; value = f at that point; step_norm =
 * distance from the previously evaluated point). {@code steps(n)} allows at most n evaluations; {@code run()}
 * goes on until the optimizer converges (stop reason CONVERGED) or a budget, target, time limit or interrupt ends
 * the run. A stopped run ends at the best point evaluated; a converged one at the optimizer's answer.
 *
 * <p>Coordinates the box fixes (lo = hi) keep their value and the optimizer searches the others (BOBYQA's trust
 * region, a simplex or a line search cannot move in a box of width 0); a box that is one point is evaluated once.
 */
public abstract class Baseline<B extends Baseline<B>> extends RunBuilder<B> {

    protected Baseline(Objective objective) {
        super(objective, false);
    }

    @Override
    protected Run runSteps(long n) {
        return steps(n);
    }

    /** At most n evaluations, one trace row each; fewer if the optimizer converges or the run is stopped. */
    public Run steps(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("steps(n) needs n ≥ 0 evaluations, got " + n);
        }
        RunContext context = context(method());
        int d = context.dimension();
        Oracle oracle = context.oracle().build();
        FixedCoordinates fixed = FixedCoordinates.of(oracle.bounds());
        Config settings = searchedSettings(d, oracle.bounds());
        RunRecorder recorder = new RunRecorder(context.config().with(settings).with("step", "1 evaluation")
                .with("fixed", fixed == null ? null : fixed.describe()), oracle, n, context.observers());
        EvaluationTrace trace = new EvaluationTrace(oracle, recorder, n, context.target() != null);
        INDArray start = context.start();
        try (oracle) {
            INDArray end;
            if (fixed == null) {
                end = Tensors.vector(optimize(new ObjectiveFunction(trace::value), Tensors.toArray(start),
                        oracle.bounds(), context.seed()).getPoint());
            } else if (fixed.freeCount() == 0) { // the box is one point: its value is the answer
                trace.value(Tensors.toArray(start));
                end = start;
            } else { // the optimizer searches the free coordinates only
                PointValuePair result = optimize(new ObjectiveFunction(z -> trace.value(fixed.embed(z))),
                        fixed.reduce(Tensors.toArray(start)), fixed.reduce(oracle.bounds()), context.seed());
                end = Tensors.vector(fixed.embed(result.getPoint()));
            }
            if (oracle.bounds() != null) {
                oracle.bounds().project(end); // an optimizer without bounds may answer outside: f was evaluated here
            }
            return recorder.finish(StopReason.CONVERGED, end);
        } catch (MathIllegalArgumentException | MathIllegalStateException e) {
            if (oracle.evaluations() == 0 && !Interrupts.requested()) {
                throw new IllegalArgumentException(method() + " (Hipparchus) rejected the settings " + settings
                        + " in dimension " + (fixed == null ? d : fixed.freeCount() + " (the box fixes "
                        + fixed.describe() + ")") + ": " + e.getMessage() + "; change the option it names", e);
            }
            return recorder.end(e, reason -> recorder.finish(reason, trace.bestPoint(start)));
        } catch (RuntimeException | Error e) {
            return recorder.end(e, reason -> recorder.finish(reason, trace.bestPoint(start)));
        }
    }

    /** Until the optimizer converges, or a budget, target, time limit or interrupt ends the run. */
    public Run run() {
        return steps(Long.MAX_VALUE);
    }

    @Override
    protected String plannedMethod() {
        return method();
    }

    /** The settings in the start's dimension; left out while it is unknown or the settings do not fit it yet. */
    @Override
    protected Config plannedSettings(Integer d) {
        try {
            return d == null ? Config.of() : searchedSettings(d, bounds == null ? null : bounds.forDimension(d));
        } catch (IllegalArgumentException e) {
            return Config.of();
        }
    }

    @Override
    public String terminal() {
        return "steps(n) or run()";
    }

    /** The settings over the coordinates the box leaves free (none when it is one point). */
    private Config searchedSettings(int d, Bounds box) {
        FixedCoordinates fixed = FixedCoordinates.of(box);
        if (fixed == null) {
            return settings(d, box);
        }
        try {
            return fixed.freeCount() == 0 ? Config.of() : settings(fixed.freeCount(), fixed.reduce(box));
        } catch (IllegalArgumentException e) { // e.g. BOBYQA's d ≥ 2: the user wrote d, the box left fewer
            throw new IllegalArgumentException(e.getMessage() + " (within(lo, hi) fixes " + fixed.describe()
                    + ": " + fixed.freeCount() + " left to search)", e);
        }
    }

    /** The method's name in runs and legends, e.g. "cma-es". */
    protected abstract String method();

    /**
     * The method's settings in dimension d with these bounds (null: none), validated before anything is
     * evaluated: a setting that cannot work there is an IllegalArgumentException that says what to change.
     */
    protected abstract Config settings(int d, Bounds bounds);

    /** Runs Hipparchus' optimizer on f from start; evaluation limits are the oracle's, so pass none. */
    protected abstract PointValuePair optimize(ObjectiveFunction f, double[] start, Bounds bounds, long seed);

    /**
     * f for an optimizer that takes no bounds (Nelder–Mead, Powell): f at x clamped into the box (the point the
     * oracle evaluates, counts and traces) plus (1 + |f|) × the squared distance from x to the box. f(clamp(x))
     * alone is flat outside the box: a simplex or line search that stepped past a face stopped on that plateau.
     * As g(x) > g(clamp(x)) outside, g's minima are f's minima over the box; the penalty keeps f's slope along the
     * faces, is flat at them (a steep wall squeezes the simplex: measured, it stalls more), and scales with |f| so
     * that relative tolerances do not hide it.
     */
    static ObjectiveFunction penalizedOutside(ObjectiveFunction f, Bounds box) {
        if (box == null) {
            return f;
        }
        return new ObjectiveFunction(x -> {
            double[] inside = new double[x.length];
            double outside = 0;
            for (int i = 0; i < x.length; i++) {
                inside[i] = Math.min(box.upper()[i], Math.max(box.lower()[i], x[i]));
                outside += (x[i] - inside[i]) * (x[i] - inside[i]);
            }
            double v = f.getObjectiveFunction().value(inside);
            return v + (1 + Math.abs(v)) * outside;
        });
    }

    static double requirePositive(String option, double value, String example) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a positive number, got " + value + "; e.g. " + example);
        }
        return value;
    }
}
