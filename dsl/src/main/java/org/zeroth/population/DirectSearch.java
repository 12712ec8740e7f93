package org.zeroth.population;

import java.util.List;
import java.util.function.Function;
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
 * {@code zo.directSearch(f)}: a directional direct search with the search-and-poll structure of MADS (Audet &
 * Dennis 2006) and of the cDSM in "Optimization by Directional Attacks". Each iteration first evaluates the
 * candidates of an optional user heuristic ({@link #search}), then polls x ± Δ·dⱼ over a positive basis {dⱼ}. A
 * point is accepted only with sufficient decrease f(y) < f(x) − c·Δ² (Kolda, Lewis & Torczon 2003); then Δ grows
 * by the expansion factor, else it halves. The run converges when Δ falls below {@link #minPollSize}.
 *
 * <p>Poll directions: by default the 2d columns ±(I − 2vvᵀ/‖v‖²) of a Householder matrix with v ~ N(0, I) drawn
 * anew each iteration from the run's seed (OrthoMADS, Abramson et al. 2009): over the run they are dense in the
 * sphere, which is what the convergence theory on nonsmooth f needs (Clarke stationarity). {@link #coordinates()}
 * polls ±eⱼ (compass search): fine for smooth f, but it can stall at a kink that no coordinate direction
 * descends from. In a box, poll points outside it are not evaluated (MADS's extreme barrier), and a coordinate the
 * box fixes (lo = hi) is not polled.
 *
 * <p>Cost: at most 2d evaluations per iteration plus the search candidates; one trace row per evaluation, as for
 * the other classic methods. {@code steps(n)} allows at most n evaluations, {@code run()} goes on until
 * convergence (stop reason CONVERGED) or a budget, target, time limit or interrupt.
 */
public final class DirectSearch extends RunBuilder<DirectSearch> {
    private double pollSize = Double.NaN;
    private double minPollSize = 1e-9;
    private double expansion = 2;
    private double forcing = 1e-4;
    private boolean coordinates;
    private Function<INDArray, List<INDArray>> search;

    public DirectSearch(Objective objective) {
        super(objective, false);
    }

    /** Initial poll size Δ₀; default 0.3 × the narrowest width of the box, else 1. */
    public DirectSearch pollSize(double initial) {
        Baseline.requirePositive("pollSize(Δ), the initial poll size,", initial, "pollSize(0.5)");
        return with(b -> b.pollSize = initial);
    }

    /** The run converges once Δ falls below this (default 1e-9). */
    public DirectSearch minPollSize(double min) {
        Baseline.requirePositive("minPollSize(Δmin)", min, "minPollSize(1e-6)");
        return with(b -> b.minPollSize = min);
    }

    /** Δ ← φΔ after a success (default 2; 1 keeps Δ). */
    public DirectSearch expansion(double factor) {
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("expansion(φ) needs a finite φ ≥ 1, got " + factor + "; e.g. expansion(2)");
        }
        return with(b -> b.expansion = factor);
    }

    /** c in the sufficient decrease f(y) < f(x) − c·Δ² (default 1e-4; 0 accepts any decrease). */
    public DirectSearch sufficientDecrease(double c) {
        if (!(c >= 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("sufficientDecrease(c) needs a finite c ≥ 0, got " + c);
        }
        return with(b -> b.forcing = c);
    }

    /** Poll the coordinate directions ±eⱼ (compass search) instead of random orthogonal ones. */
    public DirectSearch coordinates() {
        return with(b -> b.coordinates = true);
    }

    /** Poll ±columns of a random Householder basis, drawn anew each iteration (the default). */
    public DirectSearch orthogonal() {
        return with(b -> b.coordinates = false);
    }

    /**
     * A search step: before each poll, the heuristic's candidates for the incumbent x (a copy) are evaluated
     * in order; the first with sufficient decrease is accepted and the poll skipped.
     */
    public DirectSearch search(Function<INDArray, List<INDArray>> heuristic) {
        if (heuristic == null) {
            throw new IllegalArgumentException("search(heuristic) needs a function x -> candidate points, got null");
        }
        return with(b -> b.search = heuristic);
    }

    /** Until the poll size falls below minPollSize, or a budget, target, time limit or interrupt ends the run. */
    public Run run() {
        return steps(Long.MAX_VALUE);
    }

    @Override
    protected Run runSteps(long n) {
        return steps(n);
    }

    @Override
    protected String plannedMethod() {
        return "direct-search";
    }

    @Override
    protected Config plannedSettings(Integer d) {
        return settings(d == null ? pollSize : initialPollSize(bounds == null ? null : bounds.forDimension(d), d));
    }

    /** Δ₀: the one given, else 0.3 × the narrowest free width of the box, else 1. */
    private double initialPollSize(Bounds box, int d) {
        return !Double.isNaN(pollSize) ? pollSize : defaultPollSize(box, d);
    }

    private Config settings(double delta0) {
        return Config.of("poll", coordinates ? "coordinates" : "orthogonal", "pollSize", delta0, "minPollSize",
                minPollSize, "expansion", expansion, "sufficientDecrease", forcing, "search", search != null ? "user" : null);
    }

    /** At most n evaluations, one trace row each; fewer if the run converges or is stopped. */
    public Run steps(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("steps(n) needs n ≥ 0 evaluations, got " + n);
        }
        RunContext context = context("direct-search");
        int d = context.dimension();
        Oracle oracle = context.oracle().build();
        double delta0 = initialPollSize(oracle.bounds(), d);
        Config config = context.config().with(settings(delta0)).with("step", "1 evaluation");
        RunRecorder recorder = new RunRecorder(config, oracle, n, context.observers());
        EvaluationTrace trace = new EvaluationTrace(oracle, recorder, n, context.target() != null);
        Incumbent best = new Incumbent(trace, oracle.bounds(), context.start().dup());
        try (oracle) {
            best.evaluateStart();
            double delta = delta0;
            RandomStream stream = RandomStream.of(context.seed());
            for (long iteration = 1; delta >= minPollSize; iteration++) {
                double threshold = best.value - forcing * delta * delta;
                boolean success = best.searchStep(search, threshold)
                        || best.poll(delta, threshold, coordinates ? null : stream.fork(iteration));
                delta *= success ? expansion : 0.5;
            }
            return recorder.finish(StopReason.CONVERGED, best.point);
        } catch (RuntimeException | Error e) {
            return recorder.end(e, reason -> recorder.finish(reason, trace.bestPoint(best.point)));
        }
    }

    /** The iterate of one run and its value; moves only on sufficient decrease. */
    private static final class Incumbent {
        private final EvaluationTrace trace;
        private final Bounds box;
        private INDArray point;
        private double value;

        Incumbent(EvaluationTrace trace, Bounds box, INDArray start) {
            this.trace = trace;
            this.box = box;
            this.point = start;
            if (box != null) {
                box.project(start);
            }
        }

        void evaluateStart() {
            value = trace.value(point.dup());
        }

        /** The user's candidates in order; moves to the first below {@code threshold}. */
        boolean searchStep(Function<INDArray, List<INDArray>> search, double threshold) {
            if (search == null) {
                return false;
            }
            List<INDArray> candidates = search.apply(point.dup());
            for (INDArray candidate : candidates == null ? List.<INDArray>of() : candidates) {
                if (candidate == null || candidate.length() != point.length()) {
                    throw new IllegalArgumentException("search(heuristic) returned a candidate of dimension "
                            + (candidate == null ? "null" : candidate.length()) + " for a point of dimension "
                            + point.length() + "; return points of the objective's dimension");
                }
                if (tryPoint(Tensors.doubleCopy(candidate), threshold)) {
                    return true;
                }
            }
            return false;
        }

        /** Polls x ± Δ·(column j of I − 2vvᵀ/‖v‖²), v from {@code draws} (null: the coordinate directions). */
        boolean poll(double delta, double threshold, RandomStream draws) {
            int d = (int) point.length();
            double[] v = new double[d];
            double vv = 0;
            for (int j = 0; draws != null && j < d; j++) {
                v[j] = isFixed(j) ? 0 : draws.gaussian(j); // a basis of the free coordinates: the others stay
                vv += v[j] * v[j];
            }
            double[] base = Tensors.toArray(point);
            for (int j = 0; j < d; j++) {
                if (isFixed(j)) {
                    continue;
                }
                for (int sign = 1; sign >= -1; sign -= 2) {
                    double[] y = base.clone();
                    for (int i = 0; i < d; i++) {
                        double h = (i == j ? 1 : 0) - (vv > 0 ? 2 * v[i] * v[j] / vv : 0);
                        y[i] += sign * delta * h;
                    }
                    if (tryPoint(Tensors.vector(y), threshold)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean isFixed(int j) {
            return box != null && box.lower()[j] == box.upper()[j];
        }

        private boolean tryPoint(INDArray y, double threshold) {
            if (box != null && !box.contains(y)) {
                return false; // extreme barrier: never evaluated outside the box
            }
            double fy = trace.value(y.dup());
            if (fy < threshold) {
                point = y;
                value = fy;
                return true;
            }
            return false;
        }
    }

    private static double defaultPollSize(Bounds box, int d) {
        double narrowest = Double.POSITIVE_INFINITY;
        for (int i = 0; box != null && i < d; i++) {
            narrowest = box.width(i) > 0 ? Math.min(narrowest, box.width(i)) : narrowest; // a fixed one is not searched
        }
        return Double.isFinite(narrowest) && narrowest > 0 ? 0.3 * narrowest : 1.0;
    }
}
