package org.zeroth.optimize;

import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Oracle;
import org.zeroth.Run;
import org.zeroth.RunBuilder;
import org.zeroth.RunRecorder;
import org.zeroth.StopReason;

/**
 * The loop every descent in this package shares. Before a step: stop when its evaluations would pass the budget
 * or the time limit. After it: stop once the target is reached. An oracle stop (budget, time, interrupt) ends the
 * run with what it has; a failure (the objective threw, returned NaN) carries the run so far in its exception.
 *
 * @param x the point the steps move, which a failed run reports as its final point
 */
record DescentLoop(Oracle oracle, RunRecorder recorder, INDArray x, boolean stopsAtTarget) {
    /** Step t of the descent: its evaluations, the update of x and the trace row. */
    interface Step {
        void take(long t);
    }

    Run run(long steps, long evaluationsPerStep, Step step) {
        return run(steps, evaluationsPerStep, step, reason -> recorder.finish(reason, x));
    }

    /** As {@link #run(long, long, Step)}, with {@code finish} making the Run for each stop reason. */
    Run run(long steps, long evaluationsPerStep, Step step, Function<StopReason, Run> finish) {
        return run(steps, t -> evaluationsPerStep, step, finish);
    }

    /** As {@link #run(long, long, Step, Function)} for steps whose cost depends on t (ZO-SVRG's epochs). */
    Run run(long steps, LongUnaryOperator evaluationsOfStep, Step step, Function<StopReason, Run> finish) {
        try (oracle) {
            for (long t = 1; t <= steps; t++) {
                StopReason stop = RunBuilder.stopBefore(oracle, evaluationsOfStep.applyAsLong(t));
                if (stop != null) {
                    return finish.apply(stop);
                }
                step.take(t);
                if (stopsAtTarget && oracle.targetReached()) {
                    return finish.apply(StopReason.TARGET_REACHED);
                }
            }
            return finish.apply(StopReason.STEPS);
        } catch (RuntimeException | Error e) {
            return recorder.end(e, finish);
        }
    }
}
