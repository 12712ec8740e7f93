package org.zeroth.population;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Bounds;
import org.zeroth.Config;
import org.zeroth.Objective;
import org.zeroth.Oracle;
import org.zeroth.Run;
import org.zeroth.RunBuilder;
import org.zeroth.RunContext;
import org.zeroth.RunRecorder;
import org.zeroth.StopReason;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * {@code zo.randomSearch(f)}: pure random search, the baseline every method must beat. By default it samples
 * uniformly in a box: {@code within(lo, hi)}, else the problem's domain (it is an error when neither is finite);
 * {@link #gaussian(double)} samples x0 + r·z, z ~ N(0, I), around the start instead. Sample i uses the run's
 * random stream forked at i: same seed, same run. A start given with {@code from(x0)} to uniform sampling is
 * evaluated first, as sample 1 (moved into the box), as scikit-optimize's {@code x0}: a default configuration the
 * search must beat; without one every sample is drawn. The answer is the best point sampled. One trace row per
 * evaluation (step = evaluation index, step_norm = distance from the previous sample); {@code steps(n)} makes
 * exactly n evaluations unless a budget, target, time limit or interrupt ends the run first.
 */
public final class RandomSearch extends RunBuilder<RandomSearch> {
    private double radius = Double.NaN;

    public RandomSearch(Objective objective) {
        super(objective, false);
    }

    /** Uniform samples in the box (the default). */
    public RandomSearch uniform() {
        return with(b -> b.radius = Double.NaN);
    }

    /** Gaussian samples x0 + r·z around the start x0, z ~ N(0, I): no box needed. */
    public RandomSearch gaussian(double r) {
        Baseline.requirePositive("gaussian(r), the sampling radius,", r, "gaussian(0.5)");
        return with(b -> b.radius = r);
    }

    @Override
    protected String plannedMethod() {
        return "random-search";
    }

    @Override
    protected Config plannedSettings(Integer d) {
        return Config.of("sampling", Double.isNaN(radius) ? "uniform" : "gaussian",
                "radius", Double.isNaN(radius) ? null : radius);
    }

    @Override
    protected Run runSteps(long n) {
        return steps(n);
    }

    /** n samples, one evaluation and one trace row each. */
    public Run steps(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("steps(n) needs n ≥ 0 samples, got " + n);
        }
        RunContext context = context("random-search");
        int d = context.dimension();
        INDArray start = context.start();
        Oracle oracle = context.oracle().build();
        Bounds box = Double.isNaN(radius) ? requireBox(oracle.bounds(), d) : null;
        Config config = context.config().with("sampling", box != null ? "uniform" : "gaussian",
                "radius", box != null ? null : radius, "box", box != null && oracle.bounds() == null ? box : null,
                "step", "1 evaluation");
        RunRecorder recorder = new RunRecorder(config, oracle, n, context.observers());
        EvaluationTrace trace = new EvaluationTrace(oracle, recorder, n, context.target() != null);
        RandomStream stream = RandomStream.of(context.seed());
        double[] first = box != null && this.start != null ? inBox(start, box) : null; // from(x0) was given
        try (oracle) {
            for (long i = 1; i <= n; i++) {
                trace.value(i == 1 && first != null ? first : sample(stream.fork(i), start, box));
            }
            return recorder.finish(StopReason.STEPS, trace.bestPoint(start));
        } catch (RuntimeException | Error e) {
            return recorder.end(e, reason -> recorder.finish(reason, trace.bestPoint(start)));
        }
    }

    private double[] sample(RandomStream draws, INDArray start, Bounds box) {
        double[] x = Tensors.toArray(start);
        for (int j = 0; j < x.length; j++) {
            x[j] = box != null ? box.lower()[j] + draws.uniform(j) * box.width(j) : x[j] + radius * draws.gaussian(j);
        }
        return x;
    }

    /** The start as a sample: inside the box (within() has projected it; a problem's domain has not). */
    private static double[] inBox(INDArray start, Bounds box) {
        double[] x = Tensors.toArray(start);
        for (int j = 0; j < x.length; j++) {
            x[j] = Math.min(box.upper()[j], Math.max(box.lower()[j], x[j]));
        }
        return x;
    }

    private Bounds requireBox(Bounds within, int d) {
        Bounds box = SearchBox.of(within, domain(), d);
        if (box == null || !SearchBox.isFinite(box)) {
            throw new IllegalArgumentException("uniform random search needs a finite box to sample from: give one with"
                    + " within(lo, hi), or sample around the start with gaussian(r)");
        }
        return box;
    }
}
