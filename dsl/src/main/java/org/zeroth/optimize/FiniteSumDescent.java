package org.zeroth.optimize;

import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.FiniteSum;
import org.zeroth.OutOfMemory;
import org.zeroth.Oracle;
import org.zeroth.Run;
import org.zeroth.RunContext;
import org.zeroth.RunRecorder;
import org.zeroth.estimate.FiniteSumEstimation;
import org.zeroth.estimate.GradientEstimator;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * The loop of a descent on a finite sum's mini-batches: ZO-SGD with {@code miniBatch(b)}, ZO-SVRG with
 * {@code svrg(m)} (Liu et al., NeurIPS 2018, Algorithm 2). An SVRG epoch is m steps: the first takes the snapshot
 * x̃ = x and steps along ĝ(x̃) (at x = x̃ the correction ĝ_B(x) − ĝ_B(x̃) is exactly zero, so it is not queried);
 * the other m − 1 step along the corrected estimate. Evaluations are component queries ({@link FiniteSum}).
 */
final class FiniteSumDescent {
    private final Minimizer settings;
    private final long steps;

    FiniteSumDescent(Minimizer settings, long steps) {
        this.settings = settings;
        this.steps = steps;
    }

    Run run() {
        return OutOfMemory.settingUp(settings, ZerothOrderDescent.IN_PLACE, this::setUp).get();
    }

    /** The run's arrays and its loop, ready to go. */
    private Supplier<Run> setUp() {
        GradientEstimator estimator = settings.estimator();
        RunContext context = settings.runContext(settings.plannedMethod());
        int d = context.dimension();
        Oracle oracle = context.oracle().parallelism(settings.parallelism).build();
        FiniteSumEstimation estimation = new FiniteSumEstimation(estimator, settings.finiteSum(),
                settings.miniBatchSize(), d, settings.parallelism);
        int m = settings.epochLength;
        long batchCost = estimation.miniBatchCost(d);
        long snapshotCost = estimation.snapshotCost(d);
        String step = m == 0 ? "1 iteration: " + batchCost + " component queries for the mini-batch estimate"
                : "an epoch of " + m + " iterations: the snapshot's estimate over all components (" + snapshotCost
                + " component queries), then " + (m - 1) + " corrected mini-batch estimates (" + 2 * batchCost
                + " each)";
        RunRecorder recorder = new RunRecorder(settings.config(context.config(), estimator).with("step", step),
                oracle, steps, context.observers());
        INDArray x = context.start();
        INDArray g = Tensors.zeros(d);
        DescentStep descent = new DescentStep(settings.rule, settings.schedule, d, oracle, recorder,
                estimator.smoothingRadius());
        RandomStream stream = RandomStream.of(context.seed());
        return () -> new DescentLoop(oracle, recorder, x, context.target() != null).run(steps,
                t -> m == 0 ? batchCost : startsEpoch(t, m) ? snapshotCost : 2 * batchCost, t -> {
                    RandomStream s = stream.fork(t);
                    double observed;
                    if (m == 0) {
                        observed = estimation.miniBatch(oracle, x, g, s);
                    } else if (startsEpoch(t, m)) {
                        observed = estimation.snapshot(oracle, x, s);
                        Tensors.copy(estimation.snapshotEstimate(), g);
                    } else {
                        observed = estimation.corrected(oracle, x, g, s);
                    }
                    if (settings.weightDecay > 0) {
                        Tensors.axpy(settings.weightDecay, x, g);
                    }
                    descent.take(x, g, t, observed);
                }, reason -> recorder.finish(reason, x));
    }

    private static boolean startsEpoch(long t, int m) {
        return (t - 1) % m == 0;
    }
}
