package org.zeroth.optimize;

import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.OutOfMemory;
import org.zeroth.Oracle;
import org.zeroth.Run;
import org.zeroth.RunContext;
import org.zeroth.RunRecorder;
import org.zeroth.estimate.GradientEstimator;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/** The loop of a zeroth-order descent: estimate, (decay), update, project, record — until a stop. */
final class ZerothOrderDescent {
    private final Minimizer settings;
    private final long steps;

    ZerothOrderDescent(Minimizer settings, long steps) {
        this.settings = settings;
        this.steps = steps;
    }

    Run run() {
        return OutOfMemory.settingUp(settings, IN_PLACE, this::setUp).get();
    }

    /** The run's arrays (a copy of the start, g, the estimator's and the rule's) and its loop, ready to go. */
    private Supplier<Run> setUp() {
        GradientEstimator estimator = settings.estimator();
        RunContext context = settings.runContext(method(settings.rule));
        int d = context.dimension();
        Oracle oracle = context.oracle().parallelism(settings.parallelism).build();
        // On a finite sum each point costs n component queries (the Oracle's unit there).
        long cost = estimator.queriesPerEstimate(d) * oracle.evaluationsPerPoint();
        RunRecorder recorder = new RunRecorder(settings.config(context.config(), estimator)
                .with("step", "1 iteration: " + cost + (cost == 1 ? " evaluation" : " evaluations")
                        + " for the estimate, then the update"), oracle, steps,
                context.observers());
        INDArray x = context.start();
        INDArray g = Tensors.zeros(d);
        GradientEstimator.Estimation estimation = estimator.start(d, oracle.backend() != null && settings.parallelism == 1
                ? Integer.MAX_VALUE // a chosen backend gets a whole step as one batch
                : settings.parallelism);
        DescentStep descent = new DescentStep(settings.rule, settings.schedule, d, oracle, recorder,
                estimator.smoothingRadius());
        RandomStream stream = RandomStream.of(context.seed());
        return () -> new DescentLoop(oracle, recorder, x, context.target() != null).run(steps, cost, t -> {
            double observed = estimation.estimate(oracle, x, g, stream.fork(t));
            if (settings.weightDecay > 0) {
                Tensors.axpy(settings.weightDecay, x, g);
            }
            descent.take(x, g, t, observed);
        });
    }

    /** What a run too large to set up can do instead (OutOfMemory.settingUp). */
    static final String IN_PLACE = "train the array itself with inPlace() (MeZO: no copy of it, O(1) memory beyond it)";

    /** The field's name for the method: zo-sgd, zo-signsgd, zo-momentum, zo-adam. */
    static String method(UpdateRule rule) {
        return "zo-" + rule.describe().get("rule");
    }
}
