package org.zeroth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/**
 * The counted, checked access to an objective during a run. Every method queries f only through its oracle:
 * it counts evaluations, rejects NaN/∞, projects points onto the bounds, keeps the best point seen, evaluates
 * batches on k threads, and stops the run when its budget, time or target says so. Values are in the
 * minimizing sense: for {@code maximize} the oracle sees −f.
 *
 * <p>On a {@link FiniteSum} one evaluation is one query of one component fᵢ (the IZO count of Liu et al. 2018):
 * a point evaluated on the whole sum counts n, and on a mini-batch (see {@link #restrictTo}) counts the batch's size.
 */
public final class Oracle implements AutoCloseable {
    /** The dimension each objective was first evaluated in, to explain an index error in another dimension. */
    private static final Map<Objective, Integer> FIRST_DIMENSION = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Pattern PAST_THE_END = Pattern.compile("[Ii]ndex:? (\\d+)\\D.*length:? \\(?(\\d+)");
    private final Objective objective;
    private final double sense;
    private final Bounds bounds;
    private final long maxEvaluations;
    private final long deadline;
    private final double target;
    private final boolean stopAtTarget;
    private final boolean keepBestPoint;
    private final int parallelism;
    private final FiniteSum sum;
    private ExecutorService pool;
    /** The components the next points are evaluated on (a finite sum's mini-batch), or null for f itself. */
    private int[] batch;

    private long evaluations;
    private double best = Double.POSITIVE_INFINITY;
    private INDArray bestPoint;

    private Oracle(Builder b) {
        this.objective = b.objective;
        this.sense = b.maximize ? -1 : 1;
        this.bounds = b.bounds;
        this.maxEvaluations = b.maxEvaluations;
        this.deadline = b.timeLimit == null ? Long.MAX_VALUE : System.nanoTime() + b.timeLimit.toNanos();
        this.target = b.target == null ? Double.NEGATIVE_INFINITY : sense * b.target;
        this.stopAtTarget = b.stopAtTarget;
        this.keepBestPoint = b.keepBestPoint;
        this.parallelism = b.parallelism;
        this.sum = b.objective instanceof FiniteSum s ? s : null;
    }

    public static Builder of(Objective objective) {
        return new Builder(objective);
    }

    /** f(x) in the minimizing sense. x is projected onto the bounds first (in place). */
    public double value(INDArray x) {
        checkBeforeEvaluating(evaluationsPerPoint());
        if (bounds != null) {
            bounds.project(x);
        }
        double v = call(x);
        accept(x, v);
        return v;
    }

    /** Values of several points, on up to k threads; counted and compared in index order, so the result is the same for every k. */
    public double[] values(List<INDArray> points) {
        if (parallelism <= 1 || points.size() <= 1) {
            double[] out = new double[points.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = value(points.get(i));
            }
            return out;
        }
        checkBeforeEvaluating(points.size() * evaluationsPerPoint());
        if (bounds != null) {
            points.forEach(bounds::project);
        }
        List<Future<Double>> futures = new ArrayList<>(points.size());
        int[] components = batch;
        for (INDArray p : points) {
            futures.add(pool().submit(() -> raw(p, components)));
        }
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) {
            // Joined and accepted in index order, as the sequential path evaluates: a failure at point i counts
            // the i values before it and names evaluation i + 1 of the batch.
            out[i] = sense * join(futures.get(i), points.get(i));
            accept(points.get(i), out[i]);
        }
        return out;
    }

    /**
     * Evaluates the next points on the mean of the finite sum's components in {@code batch} (indices may repeat;
     * each query counts as one evaluation), or, with null, on f itself again. Values of a mini-batch are not f:
     * they neither change the best point nor reach the target.
     */
    public void restrictTo(int[] batch) {
        if (batch != null) {
            if (sum == null) {
                throw new IllegalArgumentException("mini-batches need a finite sum: write the objective as"
                        + " Objective.finiteSum(n, (i, x) -> …)");
            }
            if (batch.length == 0) {
                throw new IllegalArgumentException("a mini-batch needs at least one component");
            }
            for (int i : batch) {
                if (i < 0 || i >= sum.n()) {
                    throw new IllegalArgumentException("component " + i + " is not in 0 … " + (sum.n() - 1));
                }
            }
        }
        this.batch = batch == null ? null : batch.clone();
    }

    /** The evaluations one point costs now: n on a whole finite sum, the batch's size on a mini-batch, else 1. */
    public long evaluationsPerPoint() {
        return sum == null ? 1 : batch == null ? sum.n() : batch.length;
    }

    /** Raises {@link Stop} when the next {@code count} evaluations may not be made. */
    public void checkBeforeEvaluating(long count) {
        if (Interrupts.requested()) {
            throw new Stop(StopReason.INTERRUPTED);
        }
        if (evaluations + count > maxEvaluations) {
            throw new Stop(StopReason.MAX_EVALUATIONS);
        }
        if (System.nanoTime() > deadline) {
            throw new Stop(StopReason.TIME_LIMIT);
        }
    }

    /**
     * Counts {@code count} queries that return no value (the points a ranking oracle orders) as evaluations,
     * under the same budget, time limit and interrupt checks.
     */
    public void countQueries(int count) {
        checkBeforeEvaluating(count);
        evaluations += count;
    }

    /** Whether {@code count} more evaluations fit in the budget. */
    public boolean canEvaluate(long count) {
        return evaluations + count <= maxEvaluations;
    }

    public boolean targetReached() {
        return best <= target;
    }

    public boolean pastDeadline() {
        return System.nanoTime() > deadline;
    }

    public long evaluations() {
        return evaluations;
    }

    /** The evaluation budget (Long.MAX_VALUE when there is none). */
    public long maxEvaluations() {
        return maxEvaluations;
    }

    /** The best value seen, in the minimizing sense. */
    public double best() {
        return best;
    }

    /** A copy of the best point seen, or null when none was kept. */
    public INDArray bestPoint() {
        return bestPoint == null ? null : bestPoint.dup();
    }

    /** +1 when minimizing, −1 when maximizing: user's value = sense × oracle's value. */
    public double sense() {
        return sense;
    }

    public Bounds bounds() {
        return bounds;
    }

    public int parallelism() {
        return parallelism;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /**
     * f(x) in the minimizing sense. What f throws ends the run through the method's loop, which tells an interrupt
     * (an InterruptedException from a blocking call, a kernel stopping cell code) from a failure: {@link RunRecorder#end}.
     */
    private double call(INDArray x) {
        double raw;
        try {
            raw = raw(x, batch);
        } catch (RuntimeException | StackOverflowError e) {
            throw threw(e, x);
        }
        if (evaluations == 0) {
            FIRST_DIMENSION.putIfAbsent(objective, (int) x.length());
        }
        return sense * raw;
    }

    /** f(x), or the mean of the batch's components: the objective's own value, before the sense. */
    private double raw(INDArray x, int[] components) {
        return components == null ? objective.value(x) : sum.mean(components, x);
    }

    private double join(Future<Double> future, INDArray x) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop(StopReason.INTERRUPTED);
        } catch (ExecutionException e) {
            throw threw(e.getCause(), x);
        }
    }

    private Failure threw(Throwable cause, INDArray x) {
        return new Failure("the objective threw " + cause + " at evaluation " + (evaluations + 1)
                + " (x = " + Tensors.describe(x) + ")" + dimensionHint(cause, (int) x.length()), cause);
    }

    /**
     * For an index error: whether the dimension of x is the likely cause (f declared for, or first used in, another
     * dimension, or reading past x's end); else the usual advice.
     */
    private String dimensionHint(Throwable cause, int d) {
        boolean indexError = cause instanceof IndexOutOfBoundsException || cause instanceof IllegalArgumentException
                && String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("index"); // ND4J's
        if (!indexError) {
            return "; fix the objective for that point";
        }
        Integer first = FIRST_DIMENSION.get(objective);
        int other = objective.dimension() > 0 && objective.dimension() != d ? objective.dimension()
                : first != null && first != d ? first : 0;
        Matcher m = PAST_THE_END.matcher(String.valueOf(cause.getMessage()));
        if (other == 0 && m.find() && Integer.parseInt(m.group(2)) == d && Integer.parseInt(m.group(1)) >= d) {
            other = Integer.parseInt(m.group(1)) + 1;
            return "; " + objective.name() + " reads x[" + m.group(1) + "] but x has " + d + " entries: the dimension"
                    + " is the likely cause. If " + objective.name() + " is written for at least " + other
                    + " coordinates, start from a point of that dimension (from(new double[" + other + "])), and"
                    + " declare it: Objective.of(" + other + ", \"" + objective.name() + "\", f)";
        }
        if (other > 0) {
            return "; x has dimension " + d + " but " + objective.name() + (objective.dimension() > 0
                    ? " is declared for dimension " : " was first used in dimension ") + other
                    + ": the dimension is the likely cause; start from a point of dimension " + other;
        }
        return "; fix the objective for that point";
    }

    private void accept(INDArray x, double v) {
        evaluations += evaluationsPerPoint();
        if (!Double.isFinite(v)) {
            throw new Failure("the objective returned " + sense * v + " at evaluation " + evaluations + " (x = "
                    + Tensors.describe(x) + "); it must be finite wherever it is evaluated: guard the expression,"
                    + " or keep the search inside its domain with within(lo, hi)", null);
        }
        if (batch != null) {
            return; // a mini-batch's mean is not f(x)
        }
        if (v < best) {
            best = v;
            if (keepBestPoint) {
                if (bestPoint == null) {
                    bestPoint = Tensors.doubleCopy(x);
                } else {
                    Tensors.copy(x, bestPoint);
                }
            }
        }
        if (stopAtTarget && v <= target) {
            throw new Stop(StopReason.TARGET_REACHED);
        }
    }

    private ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(parallelism, r -> {
                Thread t = new Thread(r, "zeroth-evaluation");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Ends a run early for a reason that is not an error (budget, time, target, interrupt). */
    public static final class Stop extends RuntimeException {
        private final StopReason reason;

        public Stop(StopReason reason) {
            super(reason.description(), null, false, false);
            this.reason = reason;
        }

        public StopReason reason() {
            return reason;
        }
    }

    /** The objective could not be evaluated (it threw, or returned NaN/∞); the message says what to change. */
    public static final class Failure extends RuntimeException {
        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Options of an oracle; every run builder fills one from its own settings. */
    public static final class Builder {
        private final Objective objective;
        private boolean maximize;
        private Bounds bounds;
        private long maxEvaluations = Long.MAX_VALUE;
        private Duration timeLimit;
        private Double target;
        private boolean stopAtTarget;
        private boolean keepBestPoint = true;
        private int parallelism = 1;

        private Builder(Objective objective) {
            this.objective = objective;
        }

        public Builder maximize(boolean maximize) {
            this.maximize = maximize;
            return this;
        }

        public Builder bounds(Bounds bounds) {
            this.bounds = bounds;
            return this;
        }

        public Builder maxEvaluations(long maxEvaluations) {
            this.maxEvaluations = maxEvaluations;
            return this;
        }

        public Builder timeLimit(Duration timeLimit) {
            this.timeLimit = timeLimit;
            return this;
        }

        /** Target in the user's sense; with {@code immediately}, the evaluation that reaches it ends the run. */
        public Builder target(Double target, boolean immediately) {
            this.target = target;
            this.stopAtTarget = immediately && target != null;
            return this;
        }

        public Builder keepBestPoint(boolean keep) {
            this.keepBestPoint = keep;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Oracle build() {
            return new Oracle(this);
        }
    }
}
