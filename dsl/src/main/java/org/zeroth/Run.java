package org.zeroth;

import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;
import tech.tablesaw.api.Table;

/**
 * The immutable record of one optimization run: its configuration, a trace with one row per step, the best
 * value actually evaluated and its point, the final point, how many evaluations it made and why it stopped.
 * Values are in the user's sense (largest is best for {@code maximize}).
 */
public class Run {
    private final Config config;
    private final Table trace;
    private final double bestValue;
    private final INDArray bestPoint;
    private final INDArray finalPoint;
    private final long evaluations;
    private final StopReason stopReason;
    private final String failure;
    private final UnaryOperator<INDArray> replay;
    private final Recommendation recommendation;

    Run(Config config, Table trace, double bestValue, INDArray bestPoint, INDArray finalPoint, long evaluations,
        StopReason stopReason, String failure, UnaryOperator<INDArray> replay) {
        this(config, trace, bestValue, bestPoint, finalPoint, evaluations, stopReason, failure, replay,
                bestPoint == null ? null : new Recommendation(bestPoint, bestValue, Double.NaN, 1));
    }

    Run(Config config, Table trace, double bestValue, INDArray bestPoint, INDArray finalPoint, long evaluations,
        StopReason stopReason, String failure, UnaryOperator<INDArray> replay, Recommendation recommendation) {
        this.config = config;
        this.trace = trace;
        this.bestValue = bestValue;
        this.bestPoint = bestPoint;
        this.finalPoint = finalPoint;
        this.evaluations = evaluations;
        this.stopReason = stopReason;
        this.failure = failure;
        this.replay = replay;
        this.recommendation = recommendation;
    }

    /** For runs that carry more than the trace (e.g. CBO's particles): a view of {@code run}'s record. */
    protected Run(Run run) {
        this(run.config, run.trace, run.bestValue, run.bestPoint, run.finalPoint, run.evaluations, run.stopReason,
                run.failure, run.replay, run.recommendation);
    }

    /**
     * For runs that show the same steps with more to say (a tuning run: its settings plus the space, its trace
     * plus the decoded parameters): {@code run}'s record with this configuration and trace.
     */
    protected Run(Run run, Config config, Table trace) {
        this(config, trace, run.bestValue, run.bestPoint, run.finalPoint, run.evaluations, run.stopReason,
                run.failure, run.replay);
    }

    public Config config() {
        return config;
    }

    /** The method's name, e.g. "zo-sgd", "cma-es", "cbo". */
    public String method() {
        return config.method();
    }

    /** One row per step: step, evaluations, value, best, step_norm, seconds (a copy: change it freely). */
    public Table trace() {
        return trace.copy();
    }

    /**
     * The best objective value actually evaluated (NaN when nothing was evaluated). With a noisy objective this is
     * the luckiest sample (or, with {@code resample(k)}, the lowest mean of k): biased, and its point is not the
     * best one to pick; see {@link #recommendation()}.
     */
    public double bestValue() {
        return bestValue;
    }

    /**
     * The point where {@link #bestValue()} was evaluated (a copy). {@code inPlace()} runs keep no copy of the
     * parameters, and answer with their final parameters' copy only if asked for {@link #finalPoint()}.
     */
    public INDArray bestPoint() {
        if (bestPoint == null) {
            throw new IllegalStateException("this run kept no best point (inPlace() runs keep no copy of the"
                    + " parameters, miniBatch(b) runs evaluate batch means, not f, and a run that evaluated nothing"
                    + " has none); use finalPoint(), or replay(x0) after inPlace()");
        }
        return bestPoint.dup();
    }

    /**
     * The point the run recommends, chosen by estimated mean, with that mean and its standard error. With
     * {@code reevaluate(m, r)} it is the candidate (the m best points seen and the final point) whose r fresh
     * samples, made when the run ended, have the lowest mean; the mean and standard error are those fresh samples'.
     * Without it, the best point seen with the samples behind its value (for an exact objective: bestPoint() and
     * bestValue(), standard error NaN). See {@link Recommendation}.
     */
    public Recommendation recommendation() {
        if (recommendation == null) {
            throw new IllegalStateException("this run has no recommendation: it kept no point (inPlace() runs keep no"
                    + " copy unless reevaluate(m, r) is set, and a run that evaluated nothing has none)");
        }
        return recommendation;
    }

    /** Whether the run worked on the caller's array itself ({@code inPlace()}): finalPoint() is that array. */
    boolean inPlace() {
        return replay != null;
    }

    /** The iterate the run ended at (a copy; for {@code inPlace()} runs, the parameters themselves). */
    public INDArray finalPoint() {
        return replay != null ? finalPoint : finalPoint.dup();
    }

    /**
     * The calls of the objective that gave this run a value (on a finite sum, component queries). A NaN or infinite
     * value counts — it came back, and failed the run; a call that threw or was interrupted gave none and does not.
     */
    public long evaluations() {
        return evaluations;
    }

    /** Completed steps (rows of the trace). */
    public long steps() {
        return trace.rowCount();
    }

    public StopReason stopReason() {
        return stopReason;
    }

    /** Why the run failed, when {@link #stopReason()} is FAILED. */
    public String failure() {
        return failure;
    }

    /**
     * Rebuilds the final parameters of an {@code inPlace()} (MeZO) run from a copy of its start {@code x0}, using
     * only the recorded (seed, projected gradient) pairs: bit for bit the same as the run's final parameters.
     */
    public INDArray replay(INDArray x0) {
        if (replay == null) {
            throw new IllegalStateException("only inPlace() runs record their steps for replay; add .inPlace()");
        }
        if (x0 == null || x0.length() != finalPoint.length() || x0.dataType() != finalPoint.dataType()) {
            throw new IllegalArgumentException("replay(x0) needs a copy of the run's start: " + finalPoint.length()
                    + " " + finalPoint.dataType() + " numbers (shape " + java.util.Arrays.toString(finalPoint.shape())
                    + "), but got " + (x0 == null ? "null" : x0.length() + " " + x0.dataType() + " numbers")
                    + "; keep θ0.dup() before the run and pass that");
        }
        return replay.apply(x0);
    }

    /** Value and best value against evaluations; {@code plot().save(Path.of("run.html"))} writes it to a file. */
    public Chart plot() {
        return Presenter.get().plot(this);
    }

    /** Summary and the trace's first and last rows (a notebook shows more: {@code org.zeroth.view.Views}). */
    @Override
    public String toString() {
        return Presenter.get().text(this);
    }

    /** Short text for a point. */
    static String describe(INDArray x) {
        return x == null ? "–" : Tensors.describe(x);
    }
}
