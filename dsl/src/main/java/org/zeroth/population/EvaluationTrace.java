package org.zeroth.population;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Oracle;
import org.zeroth.RunRecorder;
import org.zeroth.StopReason;
import org.zeroth.tensor.Tensors;

/**
 * The objective as seen by a method that is traced one row per evaluation (random search and the Hipparchus
 * baselines): every call goes through the run's {@link Oracle} and is recorded as a step, so the step index is the
 * evaluation index. step_norm is the distance from the previously evaluated point (0 for the first): the scale at
 * which the method is searching. Ends the run by {@link Oracle.Stop} after {@code maxSteps} evaluations
 * (reason STEPS) or at the evaluation that reaches the target (TARGET_REACHED), that evaluation's row included.
 */
final class EvaluationTrace {
    private final Oracle oracle;
    private final RunRecorder recorder;
    private final long maxSteps;
    private final boolean stopAtTarget;
    private INDArray previous;

    EvaluationTrace(Oracle oracle, RunRecorder recorder, long maxSteps, boolean stopAtTarget) {
        this.oracle = oracle;
        this.recorder = recorder;
        this.maxSteps = maxSteps;
        this.stopAtTarget = stopAtTarget;
    }

    /** f(x) in the minimizing sense, counted and recorded; x is projected onto the run's bounds (in place). */
    double value(INDArray x) {
        if (recorder.steps() >= maxSteps) {
            throw new Oracle.Stop(StopReason.STEPS);
        }
        double v = oracle.value(x);
        recorder.step(v, previous == null ? 0 : Tensors.distance(previous, x));
        previous = x;
        if (stopAtTarget && oracle.targetReached()) {
            throw new Oracle.Stop(StopReason.TARGET_REACHED);
        }
        return v;
    }

    double value(double[] x) {
        return value(Tensors.vector(x));
    }

    /** The best point evaluated so far, else {@code fallback}: where a stopped run ends. */
    INDArray bestPoint(INDArray fallback) {
        INDArray best = oracle.bestPoint();
        return best != null ? best : fallback;
    }
}
