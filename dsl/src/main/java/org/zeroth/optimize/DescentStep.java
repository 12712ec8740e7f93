package org.zeroth.optimize;

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

    DescentStep(UpdateRule rule, Schedule schedule, int dimension, Oracle oracle, RunRecorder recorder) {
        this.rule = rule;
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
        recorder.step(observed, norm);
    }
}
