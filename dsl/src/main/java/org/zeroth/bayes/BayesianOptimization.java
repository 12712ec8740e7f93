package org.zeroth.bayes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * {@code zo.bayesian(f)}: Bayesian optimization in a box (Jones, Schonlau &amp; Welch 1998; the tutorial of Frazier
 * 2018). A space-filling {@link LatinHypercube} design of {@code initialPoints(n)} points (default 2(d + 1); with
 * {@code from(x0)}, x0 is its first point), then each step fits a {@link GaussianProcess} with a Matérn 5/2 ARD
 * kernel by maximum marginal likelihood ({@link Hyperparameters}) and evaluates the point that maximizes the
 * {@link Acquisition} (log expected improvement by default, or UCB(β)). The box is {@code within(lo, hi)}, else the
 * problem's domain; the model works on its unit cube with the values as observed.
 * <p>{@code batch(k)} chooses k points per step for parallel evaluation by the <b>Kriging believer</b>
 * (Ginsbourger, Le Riche &amp; Carraro 2010): after choosing a point, the model takes its own posterior mean there
 * as if observed and chooses again. The mean stays what the data say — no arbitrary lie level, as a constant liar
 * needs — while the variance, hence EI, collapses at and near the pending points, so the batch spreads out.
 * <p>{@code steps(n)} makes n acquisitions after the initial design: initialPoints + n·batch evaluations, all
 * through the run's {@link Oracle} (batches through {@code Oracle.countedValues}, on {@code parallelism(k)} threads).
 * The trace has one row — one step, as {@code Run.steps()}, the progress display and {@code checkpointEvery} count
 * them — per evaluation: steps 1 … initialPoints are the design, each later step a point an acquisition chose.
 * A batch's rows are written when it returns, each with the evaluation count and best value as they were after it.
 * Same seed, same run.
 */
public final class BayesianOptimization extends RunBuilder<BayesianOptimization> {
    private int initialPoints;
    /**
     * True when steps() gave a box-only run a start of zeros (the run context needs one): the design then does not
     * begin there. Kept in the builder, so a checkpoint's copy resumes with the same design.
     */
    private boolean startImplied;
    private Acquisition acquisition = Acquisition.expectedImprovement();
    private int batch = 1;
    private double noise = Double.NaN;
    private int parallelism = 1;

    public BayesianOptimization(Objective objective) {
        super(objective, false);
    }

    /** The size of the initial Latin hypercube design (default 2(d + 1)); at least 2, for a model to fit. */
    public BayesianOptimization initialPoints(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("initialPoints(n) needs n ≥ 2 (a Gaussian process needs at least two"
                    + " points to fit its length scales), got " + n + "; e.g. initialPoints(10)");
        }
        return with(b -> b.initialPoints = n);
    }

    /** The acquisition: {@code Acquisition.expectedImprovement()} (the default) or {@code Acquisition.ucb(beta)}. */
    public BayesianOptimization acquisition(Acquisition a) {
        if (a == null) {
            throw new IllegalArgumentException("acquisition(a): a is null; pass Acquisition.expectedImprovement() or"
                    + " Acquisition.ucb(4)");
        }
        return with(b -> b.acquisition = a);
    }

    /** k points per step, chosen by the Kriging believer and evaluated together (default 1). */
    public BayesianOptimization batch(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("batch(k) needs k ≥ 1 points per step, got " + k);
        }
        return with(b -> b.batch = k);
    }

    /** The standard deviation of the observation noise, when known (0: exact values); default: fitted. */
    public BayesianOptimization noise(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise(sigma) needs a finite sigma ≥ 0 (0 for exact values), got "
                    + sigma + "; leave it out to fit the noise level");
        }
        return with(b -> b.noise = sigma);
    }

    /** Evaluates each batch on k threads (default 1); the run is the same for every k. */
    public BayesianOptimization parallelism(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("parallelism(k) needs k ≥ 1 threads, got " + k);
        }
        return with(b -> b.parallelism = k);
    }

    @Override
    protected String plannedMethod() {
        return "bayesian";
    }

    @Override
    protected Config plannedSettings(Integer d) {
        return Config.of("kernel", "matern52-ard", "acquisition", acquisition.label(),
                "initialPoints", initialPoints > 0 ? Integer.valueOf(initialPoints)
                        : d == null ? null : Integer.valueOf(defaultInitialPoints(d)),
                "batch", batch, "noise", Double.isNaN(noise) ? "fitted" : noise,
                "parallelism", parallelism == 1 ? null : parallelism);
    }

    @Override
    protected Run runSteps(long n) {
        return steps(n);
    }

    /**
     * n acquisitions after the initial design: initialPoints + n·batch evaluations, each one step of the run (a trace
     * row), as {@code Run.steps()} and {@code surrogate(step)} count them.
     */
    public BayesianRun steps(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("steps(n) needs n ≥ 0 acquisitions, got " + n);
        }
        box(bounds, null); // before the start: without a box there is nothing to search, start or not
        BayesianOptimization b = start != null || usualStart() != null || bounds == null ? this
                : from(new double[objective.dimension() > 0 ? objective.dimension() : bounds.lower().length])
                        .with(c -> c.startImplied = true);
        return b.run(n, b.start != null && !b.startImplied);
    }

    @Override
    protected INDArray chosenStart() {
        return startImplied ? null : super.chosenStart();
    }

    private BayesianRun run(long n, boolean fromGiven) {
        RunContext context = context("bayesian");
        int d = context.dimension();
        Oracle oracle = context.oracle().parallelism(parallelism).build();
        Bounds box = box(oracle.bounds(), d);
        int n0 = initialPoints > 0 ? initialPoints : defaultInitialPoints(d);
        Config config = context.config().with(plannedSettings(d)).with("initialPoints", n0,
                "box", oracle.bounds() == null ? box : null, "step", "1 evaluation");
        RunRecorder recorder = new RunRecorder(config, oracle, n0 + n * batch, n, context.observers());
        RandomStream random = RandomStream.of(context.seed());
        double noiseVariance = noise * noise;
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<BayesianRun.StepRecord> steps = new ArrayList<>();
        INDArray fallback = context.start();
        try (oracle) {
            double[][] design = LatinHypercube.sample(n0, d, random.fork(0));
            if (fromGiven) {
                design[0] = toUnit(Tensors.toArray(context.start()), box);
            }
            StopReason stop = evaluate(Arrays.asList(design), box, oracle, recorder, context, xs, ys);
            Hyperparameters hyper = null;
            for (long step = 1; stop == null && step <= n; step++) {
                stop = stopBefore(oracle, 1);
                if (stop != null) {
                    break;
                }
                double[][] x = xs.toArray(double[][]::new);
                double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
                RandomStream stepRandom = random.fork(step);
                // A cold fit from 3 starts; then the previous fit warm-starts it, with a random restart every 5th step.
                hyper = Hyperparameters.fit(x, y, noiseVariance, hyper, hyper == null ? 2 : step % 5 == 0 ? 1 : 0,
                        stepRandom.fork(0));
                GaussianProcess gp = hyper.condition(x, y);
                double best = incumbent(gp, x);
                int k = (int) Math.min(batch, oracle.maxEvaluations() - oracle.evaluations());
                List<double[]> chosen = new ArrayList<>();
                for (int j = 0; j < k; j++) {
                    double[] u = AcquisitionSearch.maximize(gp, acquisition, best, x, y, stepRandom.fork(j + 1));
                    chosen.add(u);
                    if (j + 1 < k) {
                        // Kriging believer: u is observed at its mean, the incumbent included — else the
                        // improvement it promised stays on offer there and the batch asks for u again.
                        double believed = gp.mean(u);
                        gp = gp.with(u, believed);
                        best = Math.min(best, believed);
                    }
                }
                steps.add(new BayesianRun.StepRecord(hyper, x.length, k));
                stop = evaluate(chosen, box, oracle, recorder, context, xs, ys);
            }
            return finish(recorder, stop == null ? StopReason.STEPS : stop, bestPoint(oracle, fallback), box, xs,
                    ys, steps);
        } catch (RuntimeException | Error e) {
            INDArray reached = bestPoint(oracle, fallback);
            return (BayesianRun) recorder.end(e, reason -> finish(recorder, reason, reached, box, xs, ys, steps));
        }
    }

    /** Evaluates unit-cube points as one batch; the reason to stop after it, or null. */
    private static StopReason evaluate(List<double[]> units, Bounds box, Oracle oracle, RunRecorder recorder,
                                       RunContext context, List<double[]> xs, List<Double> ys) {
        long room = oracle.maxEvaluations() - oracle.evaluations();
        List<double[]> batch = units.subList(0, (int) Math.min(units.size(), room));
        if (batch.isEmpty()) {
            return StopReason.MAX_EVALUATIONS;
        }
        List<INDArray> points = new ArrayList<>();
        for (double[] u : batch) {
            points.add(Tensors.vector(fromUnit(u, box)));
        }
        int[] next = {0}; // each value recorded as it is counted: a batch cut short keeps what it made
        oracle.countedValues(points, value -> {
            int i = next[0]++;
            INDArray previous = xs.isEmpty() ? null : Tensors.vector(fromUnit(xs.get(xs.size() - 1), box));
            xs.add(batch.get(i).clone());
            ys.add(value.value());
            recorder.step(value, previous == null ? 0 : Tensors.distance(previous, points.get(i)));
        });
        if (context.target() != null && oracle.targetReached()) {
            return StopReason.TARGET_REACHED;
        }
        return batch.size() < units.size() ? StopReason.MAX_EVALUATIONS : null;
    }

    /** BO has no iterate: its run ends at the best point it evaluated (its start if it evaluated none). */
    private BayesianRun finish(RunRecorder recorder, StopReason reason, INDArray end, Bounds box,
                               List<double[]> xs, List<Double> ys, List<BayesianRun.StepRecord> steps) {
        Run run = recorder.finish(reason, end);
        BayesianRun bayesian = new BayesianRun(run, box, acquisition, xs.toArray(double[][]::new),
                ys.stream().mapToDouble(Double::doubleValue).toArray(), steps);
        RunRecorder.keep(bayesian);
        return bayesian;
    }

    private static INDArray bestPoint(Oracle oracle, INDArray fallback) {
        INDArray best = oracle.bestPoint();
        return best != null ? best : fallback;
    }

    /** The incumbent EI improves on: the smallest posterior mean at an observed point (plug-in, for noise). */
    static double incumbent(GaussianProcess gp, double[][] x) {
        double best = Double.POSITIVE_INFINITY;
        for (double[] u : x) {
            best = Math.min(best, gp.mean(u));
        }
        return best;
    }

    private static int defaultInitialPoints(int d) {
        return 2 * (d + 1);
    }

    /** The box to search, refused with what to give when it is missing or not finite. */
    private Bounds box(Bounds within, Integer d) {
        Bounds box = within != null ? within : domain() == null ? null : d == null ? domain() : domain().forDimension(d);
        boolean infinite = box != null && (Arrays.stream(box.lower()).anyMatch(v -> !Double.isFinite(v))
                || Arrays.stream(box.upper()).anyMatch(v -> !Double.isFinite(v)));
        if (within != null && infinite) {
            throw new IllegalArgumentException("Bayesian optimization searches a finite box: the box given to"
                    + " within(lo, hi) has an infinite side, " + within + "; give finite bounds");
        }
        if (box == null || infinite) {
            throw new IllegalArgumentException("Bayesian optimization searches a finite box: give one with"
                    + " within(lo, hi), e.g. within(-5, 5)" + (box == null ? "" : " (" + objective.name()
                    + "'s domain is unbounded)"));
        }
        if (d == null) {
            return box;
        }
        for (int j = 0; j < d; j++) {
            if (!(box.lower()[j] < box.upper()[j])) {
                throw new IllegalArgumentException("Bayesian optimization needs lo < hi in every coordinate, but"
                        + " coordinate " + j + " has lo = hi = " + box.lower()[j] + "; widen the box");
            }
        }
        return box;
    }

    static double[] fromUnit(double[] u, Bounds box) {
        double[] x = new double[u.length];
        for (int j = 0; j < u.length; j++) {
            x[j] = Math.min(box.upper()[j], box.lower()[j] + u[j] * (box.upper()[j] - box.lower()[j]));
        }
        return x;
    }

    static double[] toUnit(double[] x, Bounds box) {
        double[] u = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            u[j] = Math.min(1, Math.max(0, (x[j] - box.lower()[j]) / (box.upper()[j] - box.lower()[j])));
        }
        return u;
    }
}
