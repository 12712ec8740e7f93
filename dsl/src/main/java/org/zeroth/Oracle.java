package org.zeroth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/**
 * The counted, checked access to an objective during a run. Every method queries f only through its oracle:
 * it counts evaluations, rejects NaN/∞, projects points onto the bounds, keeps the best point seen, hands
 * batches to the run's {@link Backend} (k threads, a cluster, the caller in ask/tell), and stops the run when its
 * budget, time or target says so. Values are in the
 * minimizing sense: for {@code maximize} the oracle sees −f.
 * <p>On a {@link FiniteSum} one evaluation is one query of one component fᵢ (the IZO count of Liu et al. 2018):
 * a point evaluated on the whole sum counts n, and on a mini-batch (see {@link #restrictTo}) counts the batch's size.
 * <p>
 * Noise: with {@code resample(k)} a point's value is the mean of k evaluations (all k counted, made as one batch);
 * with {@code reevaluate(m, r)} the oracle keeps the m best points and, when the run ends, evaluates them and the
 * final point r more times each, from an evaluation budget reserved for it, to make the {@link Recommendation}.
 */
public final class Oracle implements AutoCloseable {
    private final Objective objective;
    private final double sense;
    private final Bounds bounds;
    private final long maxEvaluations;
    /** When the run started here: its trace's seconds and its time limit count from it (one clock). */
    private final long startNanos = System.nanoTime();
    private final long deadline;
    private final double target;
    private final boolean stopAtTarget;
    private final boolean keepBestPoint;
    private final int parallelism;
    private final FiniteSum sum;
    /** The components the next points are evaluated on (a finite sum's mini-batch), or null for f itself. */
    private int[] batch;
    /** Null: evaluate in the calling thread. */
    private final Backend backend;
    private final boolean ownsBackend;
    /** Evaluations per point (resample(k)): a point's value is their mean. */
    private final int resample;
    /** The final re-evaluation of reevaluate(m, r) and the budget kept for it. */
    private final Reevaluation reevaluation;
    private boolean closed;
    /** Records every accepted value and answers a resumed run's first evaluations; null when not needed. */
    private final Journal journal;

    private long evaluations;
    private double best = Double.POSITIVE_INFINITY;
    private INDArray bestPoint;
    /**
     * Whether {@link #bestPoint} was given to a Run ({@link #recordedBestPoint()}): never written again, a better
     * point gets an array of its own.
     */
    private boolean bestPointGiven;
    /** The sum of squared deviations of the samples behind {@code best}, and their number. */
    private double bestM2;
    private int bestSamples;
    /** Takes each accepted value with the counts after it, while {@link #countedValues} runs; else null. */
    private Consumer<Counted> counted;

    Oracle(OracleBuilder b) {
        this.objective = b.objective;
        this.sense = b.maximize ? -1 : 1;
        this.bounds = b.bounds;
        this.maxEvaluations = b.maxEvaluations;
        // A resumed run's limit counts its time before: the run stops where the uninterrupted one would have
        this.deadline = b.timeLimit == null ? Long.MAX_VALUE : startNanos + b.timeLimit.toNanos()
                - (b.journal == null ? 0 : b.journal.elapsedBefore());
        this.target = b.target == null ? Double.NEGATIVE_INFINITY : sense * b.target;
        this.stopAtTarget = b.stopAtTarget;
        this.keepBestPoint = b.keepBestPoint;
        this.parallelism = b.parallelism;
        this.sum = b.objective instanceof FiniteSum s ? s : null;
        this.ownsBackend = b.backend == null && b.parallelism > 1;
        this.backend = b.backend != null ? b.backend : ownsBackend ? Backend.threads(b.parallelism) : null;
        this.resample = b.resample;
        this.reevaluation = new Reevaluation(b.candidates, b.reevaluate, b.keepBestPoint, maxEvaluations);
        this.journal = b.journal;
    }

    /** An oracle of f for one run: f's {@link Objective#forRun() run copy}. */
    public static OracleBuilder of(Objective objective) {
        return new OracleBuilder(objective.forRun());
    }

    /** f(x) in the minimizing sense. x is projected onto the bounds first (in place). */
    public double value(INDArray x) {
        if (journal != null && journal.replaying() || resample > 1 || backend != null && !ownsBackend) {
            // A replay, resampling and a chosen backend (ask/tell: the caller makes it) see every evaluation.
            return values(List.of(x))[0];
        }
        checkBeforeEvaluating(evaluationsPerPoint());
        if (bounds != null) {
            bounds.project(x);
        }
        double v = call(x);
        accept(x, v, 0, 1);
        return v;
    }

    /**
     * Values of several points, made by the run's backend; counted and compared in index order, so the result is
     * the same for every backend.
     */
    public double[] values(List<INDArray> points) {
        return values(points, null);
    }

    /**
     * {@link #values(List)}, handing {@code each} every value as it is counted, in the points' order, with the run's
     * evaluation count and best value as they were then — also those counted before a stop or failure ends the
     * batch: for a method that evaluates a batch at once but traces a row per evaluation (BO).
     */
    public void countedValues(List<INDArray> points, Consumer<Counted> each) {
        counted = each;
        try {
            values(points);
        } finally {
            counted = null;
        }
    }

    /**
     * A value in the minimizing sense, with the evaluations counted and the best value (minimizing sense, +∞
     * before any) once it was accepted.
     */
    public record Counted(double value, long evaluations, double best) {
    }

    /**
     * {@link #values(List)} of a batch that {@code recipe} rebuilds from its centre (a ZO step's queries): a backend
     * may ship the recipe instead of the points. The points must be the recipe's, unprojected.
     */
    public double[] values(List<INDArray> points, Perturbations recipe) {
        if (recipe != null && bounds != null && !bounds.contains(recipe.centre())) {
            recipe = null; // projecting the centre (a point of the batch) would change what the recipe rebuilds
        }
        if (journal != null && journal.replaying()) {
            return replay(points);
        }
        if (resample > 1 || backend != null && !(points.size() <= 1 && ownsBackend)) {
            return means(points, resample, recipe);
        }
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(points.get(i));
        }
        return out;
    }

    /**
     * The mean of k evaluations at each point, made as one batch (by the backend, or here), counted and compared
     * in the points' order.
     */
    private double[] means(List<INDArray> points, int k, Perturbations recipe) {
        checkBeforeEvaluating(points.size() * k * evaluationsPerPoint());
        if (bounds != null) {
            points.forEach(bounds::project);
        }
        double[] raw = sample(points, k, false, recipe);
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) {
            double[] m = Reevaluation.moments(raw, i * k, k);
            out[i] = m[0];
            accept(points.get(i), m[0], m[1], k);
        }
        return out;
    }

    /**
     * k raw values (minimizing sense) at each point, point by point: by the backend, else in this thread. What was
     * made before a failure is counted; {@code extra} evaluations (the final re-evaluation) change no best value.
     */
    private double[] sample(List<INDArray> points, int k, boolean extra, Perturbations recipe) {
        List<INDArray> batch = new ArrayList<>(points.size() * k);
        points.forEach(p -> batch.addAll(Collections.nCopies(k, p)));
        if (backend == null) {
            double[] out = new double[batch.size()];
            for (int i = 0; i < out.length; i++) {
                try {
                    out[i] = raw(batch.get(i));
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                    countBefore(points, k, java.util.Arrays.copyOf(out, i), extra);
                    throw threw(e, batch.get(i));
                }
            }
            return out;
        }
        return fromBackend(points, batch, k, extra, recipe == null ? null : recipe.within(bounds).repeated(k));
    }

    /** Counts the complete points of a failed batch as evaluated (each sample counted) and the samples made after. */
    private void countBefore(List<INDArray> points, int k, double[] before, boolean extra) {
        int done = before.length / k;
        for (int i = 0; i < done && !extra; i++) {
            double[] m = Reevaluation.moments(before, i * k, k);
            accept(points.get(i), m[0], m[1], k);
        }
        evaluations += (extra ? before.length : before.length - (long) done * k) * evaluationsPerPoint();
    }

    /**
     * Counts the samples an interrupted batch made past its first missing one ({@code later}, by index in the
     * batch, in the user's sense); a point whose k samples all came may be the best. They are not journaled (the
     * journal keeps a run's values in order: a resume makes them again) nor handed to {@link #countedValues}.
     */
    private void countLater(List<INDArray> points, int k, Map<Integer, Double> later, boolean extra) {
        evaluations += later.size() * evaluationsPerPoint();
        for (int i = 0; i < points.size() && !extra && batch == null; i++) {
            double[] samples = new double[k];
            for (int s = 0; s < k && samples != null; s++) {
                Double v = later.get(i * k + s);
                if (v == null || !Double.isFinite(v)) {
                    samples = null;
                } else {
                    samples[s] = sense * v;
                }
            }
            if (samples != null) {
                double[] m = Reevaluation.moments(samples, 0, k);
                offer(points.get(i), m[0], m[1], k);
            }
        }
    }

    private double[] fromBackend(List<INDArray> points, List<INDArray> batch, int k, boolean extra,
            Perturbations recipe) {
        double[] raw;
        try {
            raw = recipe == null ? backend.evaluate(evaluated(), batch) : backend.evaluate(evaluated(), batch, recipe);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (e instanceof Backend.Interrupted made) { // the values made before the interrupt are kept
                countBefore(points, k, minimizing(made.before()), extra);
                countLater(points, k, made.later(), extra);
            }
            throw new Stop(StopReason.INTERRUPTED);
        } catch (Stop | Failure e) {
            throw e;
        } catch (Backend.PointFailed e) {
            // The values before the failing point were made: count them, as the sequential path does, then name
            // the point whose evaluation failed.
            double[] before = minimizing(e.before());
            countBefore(points, k, before, extra);
            throw threw(e.getCause(), batch.get(before.length));
        } catch (Exception e) { // Scala code (Spark) throws checked exceptions it does not declare
            throw new Failure("the evaluation backend " + backend + " failed: " + firstLine(e), e);
        }
        if (raw.length != batch.size()) {
            throw new IllegalStateException("the backend " + backend + " returned " + raw.length + " values for "
                    + batch.size() + " points");
        }
        return minimizing(raw);
    }

    /** Values in the user's sense, turned in place into the minimizing sense. */
    private double[] minimizing(double[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] *= sense;
        }
        return values;
    }

    /**
     * Values of {@code count} evaluations that the run made elsewhere (replicas of θ next to data shards): counted
     * and checked here as any batch, in order; {@code at} stands for the points (no best point is kept), and
     * {@code point} makes the i-th value's point for a message, as a local run names it. A resumed run takes them
     * from its journal as {@link #values} does, without calling {@code made} when the journal holds them all (the
     * caller sees that and tells its replicas the step's update instead).
     */
    public double[] valuesMadeElsewhere(int count, java.util.function.Supplier<double[]> made, INDArray at,
                                        java.util.function.IntFunction<INDArray> point) {
        checkBeforeEvaluating(count);
        int saved = journal == null ? 0 : Math.min(journal.remaining(), count);
        double[] out = new double[count];
        for (int i = 0; i < saved; i++) {
            out[i] = sense * journal.next();
            accept(at, out[i], 0, 1);
        }
        if (saved == count) {
            return out;
        }
        if (saved > 0) {
            checkBeforeEvaluating(count - saved); // past its replay the time limit counts again, as in replay()
        }
        double[] raw;
        try {
            raw = made.get(); // replicas make a whole step: one the journal ends in is made again, its values equal
        } catch (Stop | Failure e) {
            throw e;
        } catch (Backend.PointFailed e) { // the loss threw: counted as a call that threw here, values before it kept
            double[] before = e.before();
            for (int i = 0; i < before.length && saved + i < count; i++) {
                accept(at, sense * before[i], 0, 1);
            }
            throw threw(e.getCause(), point.apply(saved + e.index()));
        } catch (Exception e) { // as in fromBackend
            throw new Failure("the data-parallel step failed: " + firstLine(e), e);
        }
        if (raw.length != count) {
            throw new IllegalStateException("the replicas returned " + raw.length + " values for " + count
                    + " evaluations");
        }
        for (int i = saved; i < count; i++) {
            out[i] = sense * raw[i];
            accept(Double.isFinite(out[i]) ? at : point.apply(i), out[i], 0, 1);
        }
        return out;
    }

    /**
     * A resumed run: the first points' values come from the journal (no objective call), checked and counted as
     * they were when first made; points past its end are evaluated as usual.
     */
    private double[] replay(List<INDArray> points) {
        int n = Math.min(journal.remaining(), points.size());
        checkBeforeEvaluating(n * resample * evaluationsPerPoint());
        double[] out = new double[points.size()];
        for (int i = 0; i < n; i++) {
            INDArray x = points.get(i);
            if (bounds != null) {
                bounds.project(x);
            }
            out[i] = sense * journal.next();
            accept(x, out[i], 0, resample); // a resampled point was journaled as its mean of k

        }
        if (n < out.length) {
            double[] rest = values(points.subList(n, out.length));
            System.arraycopy(rest, 0, out, n, rest.length);
        }
        return out;
    }

    Journal journal() {
        return journal;
    }

    /** Raises {@link Stop} when the next {@code count} evaluations may not be made. */
    public void checkBeforeEvaluating(long count) {
        if (Interrupts.requested()) {
            throw new Stop(StopReason.INTERRUPTED);
        }
        if (evaluations + count > maxEvaluations - reevaluation.reserved()) {
            throw new Stop(StopReason.MAX_EVALUATIONS);
        }
        if (pastDeadline()) {
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
        return evaluations + count <= maxEvaluations - reevaluation.reserved();
    }

    public boolean targetReached() {
        return best <= target;
    }

    /**
     * Whether the time limit has passed; never while a resumed run replays (what it replays was made in time
     * before, and the replay must end where the run did).
     */
    public boolean pastDeadline() {
        return System.nanoTime() > deadline && (journal == null || !journal.replaying());
    }

    public long evaluations() {
        return evaluations;
    }

    long startNanos() {
        return startNanos;
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

    /**
     * The best point seen itself, not a copy, for the Run and Recommendation a run ends with (null when none was
     * kept): a run that ran out of memory has no room for a copy of a large point. The oracle never writes into it
     * again, and Run and Recommendation answer with copies of it, so it stays as recorded.
     */
    INDArray recordedBestPoint() {
        bestPointGiven = bestPoint != null;
        return bestPoint;
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

    /** The backend batches go to, or null when they are evaluated in the calling thread. */
    public Backend backend() {
        return backend;
    }

    @Override
    public void close() {
        closed = true;
        if (backend != null) {
            backend.release();
        }
    }

    /**
     * What the run recommends, ending at {@code finalPoint} (null: none). With {@code reevaluate(m, r)} and
     * {@code reevaluateNow}: the m best points seen and the final point are each evaluated r more times (one batch,
     * counted, from the budget kept for it; they change no best value), and the one with the lowest mean of its
     * fresh samples is recommended. Otherwise the best point seen, with the samples behind its value. Null when
     * no point was kept.
     */
    public Recommendation recommend(INDArray finalPoint, boolean reevaluateNow) {
        if (!reevaluateNow || !reevaluation.pending()) {
            INDArray point = recordedBestPoint(); // shared with the Run: one array, however large
            return point == null ? null : new Recommendation(point, sense * best,
                    Reevaluation.standardError(bestM2, bestSamples), bestSamples);
        }
        List<INDArray> points = reevaluation.start(finalPoint, bounds);
        if (Interrupts.requested()) {
            throw new Stop(StopReason.INTERRUPTED);
        }
        int r = reevaluation.samples();
        double[] raw;
        try {
            raw = sample(points, r, true, null);
        } finally {
            if (closed && backend != null) {
                backend.release(); // the run's loop had closed the oracle: release what the re-evaluation took
            }
        }
        evaluations += raw.length * evaluationsPerPoint();
        Reevaluation.Choice chosen = reevaluation.choose(raw, points.size());
        if (chosen.index() >= 0 && !Double.isFinite(chosen.mean())) {
            throw new Failure("the objective returned a non-finite value while re-evaluating "
                    + Tensors.describe(points.get(chosen.index())) + " for the recommendation; it must be finite"
                    + " wherever it is evaluated", null);
        }
        return chosen.index() < 0 ? null : new Recommendation(Tensors.doubleCopy(points.get(chosen.index())),
                sense * chosen.mean(), Reevaluation.standardError(chosen.m2(), r), r);
    }

    /**
     * f(x) in the minimizing sense. What f throws ends the run through the method's loop, which tells an interrupt
     * (an InterruptedException from a blocking call, a kernel stopping cell code) from a failure: {@link RunRecorder#end}.
     */
    private double call(INDArray x) {
        try {
            return raw(x);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw threw(e, x);
        }
    }

    /** f(x) in the minimizing sense, uncounted; what f throws is thrown as it is. */
    private double raw(INDArray x) {
        double raw = evaluated().value(x);
        if (evaluations == 0) {
            FailureHint.firstUse(objective, (int) x.length());
        }
        return sense * raw;
    }

    /** A failure's first line: a cluster's messages go on with the remote stack trace. */
    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /**
     * f threw at x: the call is counted as NaN's is (it was made and cost its time), unless an interrupt ended
     * it (no value, as a batch's interrupted calls). Not journaled: a resume calls f there again.
     */
    private Failure threw(Throwable cause, INDArray x) {
        long number = evaluations + evaluationsPerPoint();
        if (!Interrupts.caused(cause)) {
            evaluations = number;
        }
        return new Failure(FailureHint.threw(objective, cause, x, number), cause);
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

    /** What a point's value is now: f, or the mean of the current mini-batch's components. */
    private Objective evaluated() {
        if (batch == null) {
            return objective;
        }
        FiniteSum s = sum;
        int[] components = batch;
        return x -> s.mean(components, x);
    }

    /** x, of value v (the mean of n samples, m2 their squared deviations), as a candidate and perhaps the best. */
    private void offer(INDArray x, double v, double m2, int n) {
        reevaluation.offer(x, v);
        if (v < best) {
            best = v;
            bestM2 = m2;
            bestSamples = n;
            if (keepBestPoint) {
                if (bestPoint == null || bestPointGiven) {
                    bestPoint = Tensors.doubleCopy(x);
                    bestPointGiven = false;
                } else {
                    Tensors.copy(x, bestPoint);
                }
            }
        }
    }

    /** Counts the n evaluations behind value v at x (their mean; m2: their squared deviations) and checks it. */
    private void accept(INDArray x, double v, double m2, int n) {
        evaluations += n * evaluationsPerPoint();
        if (!Double.isFinite(v)) { // a run that keeps no copy of its points works in place, and takes no box
            throw new Failure(FailureHint.notFinite(objective, x, sense * v, evaluations, keepBestPoint), null);
        }
        if (journal != null) {
            journal.record(sense * v);
        }
        if (batch == null) { // a mini-batch's mean is not f(x)
            offer(x, v, m2, n);
        }
        if (counted != null) {
            counted.accept(new Counted(v, evaluations, best));
        }
        if (batch == null && stopAtTarget && v <= target) {
            throw new Stop(StopReason.TARGET_REACHED);
        }
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

    /** The run cannot go on (the objective threw or returned NaN/∞, its steps diverged); the message says what to change. */
    public static final class Failure extends RuntimeException {
        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
