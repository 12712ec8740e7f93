package org.zeroth;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Writes a run's trace as it goes and turns it into a {@link Run} however the run ends: finished, stopped,
 * interrupted or failed. Every method's loop records through one of these, so all runs compare.
 */
public final class RunRecorder {
    /** The last run of the session, finished or failed: {@code zo.lastRun()}. */
    private static volatile Run last;
    private static final Set<Thread> UNKEPT = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

    private final Config config;
    private final Oracle oracle;
    private final long totalSteps;
    private final List<RunObserver> observers;
    private final LongColumn step = LongColumn.create("step");
    private final LongColumn evaluations = LongColumn.create("evaluations");
    private final DoubleColumn value = DoubleColumn.create("value");
    private final DoubleColumn best = DoubleColumn.create("best");
    private final DoubleColumn stepNorm = DoubleColumn.create("step_norm");
    private final DoubleColumn seconds = DoubleColumn.create("seconds");
    private final Journal journal;
    private String failure; // the message of the failure being finished, for its Run

    public RunRecorder(Config config, Oracle oracle, long totalSteps, List<RunObserver> observers) {
        this(config, oracle, totalSteps, totalSteps, observers);
    }

    /**
     * For a method whose trace has a row per evaluation but whose steps(n) counts something else (BO's n
     * acquisitions): {@code rows} sizes the progress display, {@code requested} is the n a checkpoint resumes with.
     */
    public RunRecorder(Config config, Oracle oracle, long rows, long requested, List<RunObserver> observers) {
        long totalSteps = rows;
        this.config = config.with("versions", Versions.describe());
        this.oracle = oracle;
        this.totalSteps = totalSteps;
        this.observers = List.copyOf(observers);
        this.journal = oracle.journal();
        if (journal != null) {
            journal.attach(this, requested, oracle.backend());
        }
    }

    /** Records a completed step: {@code observed} is the step's value in the minimizing sense (as the oracle gives it). */
    public void step(double observed, double norm) {
        row(observed, norm, oracle.evaluations(), oracle.best());
    }

    /**
     * Records one evaluation of a batch the oracle made at once ({@link Oracle#countedValues}) as a step, with the
     * evaluation count and best value as they were after it rather than after the whole batch.
     */
    public void step(Oracle.Counted evaluation, double norm) {
        row(evaluation.value(), norm, evaluation.evaluations(), evaluation.best());
    }

    private void row(double observed, double norm, long evaluationsSoFar, double bestSoFar) {
        if (!Double.isFinite(norm)) { // the next points would not be finite: none is evaluated or asked for
            boolean evaluationSteps = "1 evaluation".equals(config.get("step")); // a classic method: no step size
            throw new Oracle.Failure("step " + (step.size() + 1) + " left the finite numbers (‖Δx‖ = " + norm + "): "
                    + (evaluationSteps ? "the points evaluated ran off to infinity, so f may be unbounded below: bound"
                    + " the search with within(lo, hi)" : "the search diverged, so lower the learning rate or step size")
                    + " (values of f near ±1e308 do it too: scale f down); the trace ends at the step before", null);
        }
        double sinceStart = (System.nanoTime() - oracle.startNanos()) * 1e-9;
        double elapsed = journal == null ? sinceStart : journal.seconds(step.size(), sinceStart);
        double userBest = userSense(bestSoFar);
        step.append(step.size() + 1L);
        evaluations.append(evaluationsSoFar);
        value.append(oracle.sense() * observed);
        best.append(userBest);
        stepNorm.append(norm);
        seconds.append(elapsed);
        if (!observers.isEmpty()) {
            var progress = new RunObserver.Progress(config, step.size(), totalSteps, evaluationsSoFar,
                    oracle.maxEvaluations(), oracle.sense() * observed, userBest, elapsed);
            for (RunObserver o : observers) {
                try {
                    Interrupts.keepingFlag(() -> o.stepped(progress));
                } catch (RuntimeException | Error e) {
                    if (Interrupts.caused(e)) {
                        throw new Oracle.Stop(StopReason.INTERRUPTED);
                    }
                    throw e;
                }
            }
        }
        if (journal != null) {
            journal.stepped(step.size());
        }
    }

    /**
     * The run so far, for an ask/tell run that goes on (stop reason RUNNING), ending at {@code at}; observers are
     * not told and it is not the session's last run. Call it only while the run's thread waits.
     */
    Run snapshot(INDArray at) {
        Table trace = Interrupts.keepingFlag(() -> Table.create(config.method(), step, evaluations, value, best,
                stepNorm, seconds).copy());
        return new Run(config, trace, best(), oracle.bestPoint(), at, oracle.evaluations(), StopReason.RUNNING, null,
                null);
    }

    /**
     * How a method's loop ends on a throwable: a stop (budget, time, target, interrupt) or an interrupt that
     * reached the loop another way (an InterruptedException, a kernel stopping cell code) finishes the run with
     * {@code finish}; anything else fails it, the run so far (made by {@code finish}, so it keeps what the method
     * adds, e.g. an in-place run's replay) carried by the exception. Running out of memory or stack in the
     * objective fails the run as well; other errors of the JVM pass.
     */
    public Run end(Throwable t, Function<StopReason, Run> finish) {
        if (t instanceof RunFailedException failed) {
            throw failed; // it carries its run already (the final re-evaluation failed)
        }
        if (t instanceof Oracle.Stop stop) {
            return finish.apply(stop.reason());
        }
        if (Interrupts.caused(t)) {
            return finish.apply(StopReason.INTERRUPTED);
        }
        if (t instanceof Error e && !(e instanceof StackOverflowError) && !(e instanceof OutOfMemoryError)) {
            throw e;
        }
        throw failed(t, () -> finish.apply(StopReason.FAILED));
    }

    /** The best value evaluated so far in the user's sense; NaN before any value (or when queries give none). */
    private double best() {
        return userSense(oracle.best());
    }

    /** A best value of the oracle's (minimizing sense, +∞ before any) in the user's sense, NaN before any. */
    private double userSense(double oracleBest) {
        return oracleBest == Double.POSITIVE_INFINITY ? Double.NaN : oracle.sense() * oracleBest;
    }

    /** The trace's seconds so far, for a checkpoint. */
    double[] seconds() {
        return seconds.asDoubleArray();
    }

    /** The run's time so far, a resumed run's time before this session included. */
    long elapsedNanos() {
        return (journal == null ? 0 : journal.elapsedBefore()) + System.nanoTime() - oracle.startNanos();
    }

    public long steps() {
        return step.size();
    }

    public Config config() {
        return config;
    }

    public Run finish(StopReason reason, INDArray finalPoint) {
        return finish(reason, finalPoint, null);
    }

    private RunFailedException failed(Throwable cause, Supplier<Run> finishing) {
        String message = cause instanceof Oracle.Failure ? cause.getMessage()
                : cause instanceof OutOfMemoryError oom ? "the run failed: " + cause + FailureHint.outOfMemory(oom)
                : "the run failed: " + cause;
        failure = message;
        Run run;
        try {
            run = finishing.get();
        } finally {
            failure = null;
        }
        Throwable root = cause instanceof Oracle.Failure && cause.getCause() != null ? cause.getCause() : cause;
        return new RunFailedException(message + " [the run so far: " + run.steps() + (run.steps() == 1 ? " step, "
                : " steps, ") + run.evaluations() + (run.evaluations() == 1 ? " evaluation" : " evaluations")
                + ", kept in RunFailedException.run()]", root, run);
    }

    public Run finish(StopReason reason, INDArray finalPoint, UnaryOperator<INDArray> replay) {
        if (reason == StopReason.STEPS && oracle.maxEvaluations() != Long.MAX_VALUE && !oracle.canEvaluate(1)) {
            reason = StopReason.MAX_EVALUATIONS; // the budget is used up: say so for every method alike
        }
        // The first Table of a JVM clears the thread's interrupt flag: keep it for the code after the run.
        Table trace = Interrupts.keepingFlag(() -> Table.create(config.method(), step, evaluations, value, best,
                stepNorm, seconds).copy());
        double bestValue = best();
        Recommendation recommendation = recommend(reason, finalPoint);
        if (journal != null) {
            journal.ended(); // after the recommendation's evaluations, which the file keeps too
        }
        // The oracle's own best point, shared with the recommendation (Run and Recommendation give out copies): a run
        // that failed for lack of memory has no room for copies of it, and must still return its Run.
        Run run = new Run(config, trace, bestValue, oracle.recordedBestPoint(), finalPoint, oracle.evaluations(),
                reason, reason == StopReason.FAILED ? failure : null, replay, recommendation);
        keep(run);
        for (RunObserver o : observers) {
            try {
                Interrupts.keepingFlag(() -> o.finished(run));
            } catch (RuntimeException | Error e) {
                if (!Interrupts.caused(e)) { // an interrupt while showing the end must not lose the run
                    throw e;
                }
            }
        }
        return run;
    }

    /**
     * The run's recommendation; a run that ended normally (not failed, not interrupted) makes its final
     * re-evaluation here. If that is interrupted the best point seen is recommended; if it fails, the run fails.
     */
    private Recommendation recommend(StopReason reason, INDArray finalPoint) {
        boolean normal = reason != StopReason.FAILED && reason != StopReason.INTERRUPTED;
        try {
            return oracle.recommend(finalPoint, normal);
        } catch (Oracle.Stop stop) {
            return oracle.recommend(finalPoint, false);
        } catch (RuntimeException e) {
            if (Interrupts.caused(e)) {
                return oracle.recommend(finalPoint, false);
            }
            throw failed(e, () -> finish(StopReason.FAILED, finalPoint));
        }
    }

    /** Remembers {@code run} as the session's last (a method that wraps its Run, as CBO does, keeps the wrapper). */
    public static void keep(Run run) {
        if (!UNKEPT.contains(Thread.currentThread())) {
            last = run;
        }
    }

    /**
     * Runs ending on {@code thread} are not the session's last run: an ask/tell run nobody can reach any more, which
     * the garbage collector ends at a moment of its own, must not replace the run a user just made.
     */
    static void keepNothingFrom(Thread thread) {
        UNKEPT.add(thread);
    }

    /**
     * Runs {@code work} on this thread without the runs it makes becoming {@code zo.lastRun()}: for a library's own
     * runs, such as an exercise check's reference run, which must not replace the run a user just made.
     */
    public static <T> T keepingNothing(Supplier<T> work) {
        Thread current = Thread.currentThread();
        boolean added = UNKEPT.add(current);
        try {
            return work.get();
        } finally {
            if (added) {
                UNKEPT.remove(current);
            }
        }
    }

    /** The session's last run, or null. */
    static Run last() {
        return last;
    }
}
