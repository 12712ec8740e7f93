package org.zeroth.optimize;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Oracle;
import org.zeroth.RunRecorder;
import org.zeroth.tensor.Tensors;

/** What every descent does with a step's estimate: update with the rule at the scheduled rate, project, record. */
final class DescentStep {
    private final UpdateRule rule;
    private final UpdateRule.Update update;
    private final Schedule schedule;
    private final Oracle oracle;
    private final RunRecorder recorder;
    private final INDArray previous;
    private final double radius;

    /** {@code radius}: the estimator's h (NaN: none to check x's growth against). */
    DescentStep(UpdateRule rule, Schedule schedule, int dimension, Oracle oracle, RunRecorder recorder,
                double radius) {
        this.rule = rule;
        this.radius = radius;
        this.update = rule.start(dimension);
        this.schedule = schedule;
        this.oracle = oracle;
        this.recorder = recorder;
        this.previous = Tensors.zeros(dimension);
    }

    /** Moves x along the estimate g at step t and records the step with the value it observed. */
    void take(INDArray x, INDArray g, long t, double observed) {
        Tensors.copy(x, previous);
        update.apply(x, g, rule.learningRate() * schedule.checkedFactor(t), t);
        if (oracle.bounds() != null) {
            oracle.bounds().project(x);
        }
        double norm = Tensors.distance(previous, x);
        if (!Double.isFinite(norm)) {
            Tensors.copy(previous, x); // the run fails (the recorder says why) where its last step left it
        }
        if (norm == 0 && radius > 0) {
            requireResolution(x, t, radius);
        }
        recorder.step(observed, norm);
    }

    /**
     * After a step that did not move x: fails the run where h is below the spacing of x's numbers at its largest
     * coordinate, since x ± h·u rounds back to x there, every difference reads 0, and x would never move again — a
     * search that diverged.
     */
    static void requireResolution(INDArray x, long t, double radius) {
        double largest = x.amaxNumber().doubleValue();
        if (radius < spacing(x, largest)) {
            throw new Oracle.Failure("step " + t + " did not move x: its largest coordinate has grown to " + largest
                    + ", where the smoothing radius h = " + radius + " is below the spacing of " + x.dataType()
                    + " numbers (" + spacing(x, largest) + "), so x ± h·u rounds back to x and every difference reads"
                    + " 0. The search diverged: lower the learning rate or step size; the trace ends at the step"
                    + " before", null);
        }
    }

    /** The spacing of x's numbers (float or double) at {@code value}. */
    static double spacing(INDArray x, double value) {
        return x.dataType() == DataType.FLOAT ? Math.ulp((float) value) : Math.ulp(value);
    }
}
