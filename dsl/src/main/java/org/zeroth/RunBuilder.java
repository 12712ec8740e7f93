package org.zeroth;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/**
 * The options every entry point shares: start, seed, bounds, budget, target, time limit, observers. Builders are
 * immutable: each option returns a new builder, so a partly configured one can be reused for a comparison.
 * Every option validates its argument at once, with a message that says what to change.
 */
public abstract class RunBuilder<B extends RunBuilder<B>> implements Cloneable, Serializable {
    private static final long serialVersionUID = 1L;
    /** Not final: a resumed run re-attaches the objective a checkpoint could not hold ({@link Zo#resume}). */
    protected Objective objective;
    protected boolean maximize;
    protected INDArray start;
    protected long seed;
    protected Bounds bounds;
    protected long maxEvaluations = Long.MAX_VALUE;
    protected Double target;
    protected Duration timeLimit;
    protected boolean progress = true;
    protected transient List<RunObserver> observers = List.of();
    protected transient Backend backend;
    protected int resample = 1;
    protected int reevaluateCandidates;
    protected int reevaluateSamples;
    /** Whether the box was given per coordinate (arrays), so that its length is the dimension, 1 included. */
    boolean boxFixesDimension;
    /** When to write checkpoints, or null. */
    Journal.Policy checkpoints;
    /** The run's journal when start() or a resume made it (replay values, the caller backend); else a fresh one. */
    transient Journal journal;
    /**
     * In a checkpoint's copy: what the objective gave the run (its usual start and domain, each possibly null), so a
     * resumed run starts and searches where the original did whatever objective is attached again; else null.
     */
    Defaults defaults;
    /** In a checkpoint's copy: the run's observers besides its objective, named (code: a file cannot hold them). */
    List<String> observersNotSaved;
    /** In a checkpoint's copy: the backend the run evaluated on (.on(backend)), named, or null. */
    String backendNotSaved;

    record Defaults(double[] start, Bounds domain) implements Serializable {
    }

    protected RunBuilder(Objective objective, boolean maximize) {
        if (objective == null) {
            throw new IllegalArgumentException("the objective is null: pass a function of x, e.g. x -> x.norm2Number().doubleValue(),"
                    + " or a problem such as Problems.sphere(10)");
        }
        this.objective = objective;
        this.maximize = maximize;
    }

    /**
     * The start point (copied: the builder never changes it). Default: the problem's usual start; else, when
     * {@code within(lo[], hi[])} fixes the dimension, the origin clamped into the box; else it is required.
     */
    public B from(INDArray x0) {
        Objects.requireNonNull(x0, "from(x0): x0 is null; pass a vector such as zo.vector(1, 2)");
        return with(b -> b.start = x0);
    }

    public B from(double... x0) {
        Objects.requireNonNull(x0, "from(x0): x0 is null; pass values such as from(1.0, 2.0)");
        return from(Tensors.vector(x0));
    }

    /** Every random draw of the run derives from this seed: same seed, same run. Default 0. */
    public B seed(long seed) {
        return with(b -> b.seed = seed);
    }

    /** Keeps every evaluated point, perturbed ones included, in the box [lo, hi]^d (by projection). */
    public B within(double lo, double hi) {
        Bounds box = Bounds.uniform(lo, hi);
        return with(b -> {
            b.bounds = box;
            b.boxFixesDimension = false;
        });
    }

    /** A box per coordinate: its length is the dimension (1 too), the start's origin clamped into it by default. */
    public B within(double[] lo, double[] hi) {
        Bounds box = new Bounds(lo, hi);
        return with(b -> {
            b.bounds = box;
            b.boxFixesDimension = true;
        });
    }

    /** Stops before an evaluation would exceed n; a run never makes more than n calls of the objective. */
    public B maxEvaluations(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxEvaluations(n) needs n ≥ 1, got " + n);
        }
        return with(b -> b.maxEvaluations = n);
    }

    /** Stops once a value at least this good has been evaluated. */
    public B stopAt(double targetValue) {
        if (Double.isNaN(targetValue)) {
            throw new IllegalArgumentException("stopAt(target): target is NaN; give the value to reach, e.g. 1e-6");
        }
        return with(b -> b.target = targetValue);
    }

    /** Stops the run before its first evaluation past this much time since it started (one under way ends first). */
    public B timeLimit(Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeLimit(d) needs a positive duration, e.g. Duration.ofSeconds(30); got " + limit);
        }
        return with(b -> b.timeLimit = limit);
    }

    /** Live progress in a notebook or terminal for runs longer than about a second (on by default). */
    public B progress(boolean show) {
        return with(b -> b.progress = show);
    }

    /**
     * Evaluates the run's batches (a ZO step's queries, a population) on {@code backend} instead of this thread:
     * e.g. a Spark cluster from zeroth-spark. The Run is the same as with one thread.
     */
    public B on(Backend backend) {
        Objects.requireNonNull(backend, "on(backend): backend is null; give e.g. Backend.threads(4)");
        return with(b -> b.backend = backend);
    }

    /**
     * For a noisy objective: evaluates each point k times and gives the method their mean (noise σ becomes σ/√k).
     * All k evaluations are counted (in {@code maxEvaluations} and {@code Run.evaluations()}) and go to the backend
     * as one batch, so with {@code parallelism(k)} they run at once. {@code bestValue()} is then the lowest mean.
     */
    public B resample(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("resample(k) needs k ≥ 1 evaluations per point, got " + k);
        }
        return with(b -> b.resample = k);
    }

    /**
     * For a noisy objective: when the run ends (its steps done, a budget, target or time limit reached), the m
     * points with the lowest values seen and the final point are evaluated r more times each, and
     * {@code Run.recommendation()} is the one with the lowest mean of these fresh samples — not the luckiest
     * sample, which {@code bestValue()} still reports. The (m + 1)·r evaluations are counted and kept from
     * {@code maxEvaluations} for the end; they go to the backend as one batch. Each point is sampled once: where the
     * final point is one of the m (Nelder–Mead's, random search's often is), r of them stay unspent — the budget is
     * a bound, and which points these are is known only at the end. E.g. {@code reevaluate(5, 20)}.
     */
    public B reevaluate(int m, int r) {
        if (m < 0 || r < 1) {
            throw new IllegalArgumentException("reevaluate(m, r) needs m ≥ 0 candidates besides the final point and"
                    + " r ≥ 1 samples each, got m = " + m + ", r = " + r + "; e.g. reevaluate(5, 20)");
        }
        return with(b -> {
            b.reevaluateCandidates = m;
            b.reevaluateSamples = r;
        });
    }

    /**
     * Adds an observer that sees every step of the run. An objective that is a RunObserver (a mini-batch loss that
     * moves to its next batch after each step) observes its run without this.
     */
    public B observe(RunObserver observer) {
        Objects.requireNonNull(observer, "observe(o): o is null");
        List<RunObserver> more = new ArrayList<>(observers);
        more.add(observer);
        return with(b -> b.observers = List.copyOf(more));
    }

    /**
     * Writes a checkpoint to {@code file} after every {@code steps} completed steps (a step as the run's trace counts
     * it: an iteration, or an evaluation for the Hipparchus methods), atomically: a crash while writing leaves the
     * previous checkpoint whole. The run writes one more when it ends (finished, stopped, interrupted or failed), so
     * the file holds all it evaluated. {@code Zo.resume(file)} continues the run bit for bit.
     */
    public B checkpointEvery(int steps, Path file) {
        if (steps < 1) {
            throw new IllegalArgumentException("checkpointEvery(steps, file) needs steps ≥ 1, got " + steps);
        }
        Journal.Policy policy = new Journal.Policy(steps, null, AtomicFile.requireWritable(file).toString());
        return with(b -> b.checkpoints = policy);
    }

    /** As {@link #checkpointEvery(int, Path)}, at the first step that ends at least {@code every} after the last write. */
    public B checkpointEvery(Duration every, Path file) {
        if (every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("checkpointEvery(duration, file) needs a positive duration, e.g."
                    + " Duration.ofMinutes(5); got " + every);
        }
        Journal.Policy policy = new Journal.Policy(0, every, AtomicFile.requireWritable(file).toString());
        return with(b -> b.checkpoints = policy);
    }

    /**
     * Starts the run under ask/tell: the caller evaluates. {@code ask()} hands out the points the method wants
     * evaluated, {@code tell(candidate, value)} returns their values; the run is bit for bit the one
     * {@code steps(n)} makes with an objective giving those values. It goes on until a budget
     * ({@code maxEvaluations}), a target, a time limit or the method's own convergence ends it, or
     * {@code close()}. Works with {@link Objective#external(int)}, which has no function at all.
     */
    public final Optimization start() {
        return start(Long.MAX_VALUE);
    }

    /** As {@link #start()}, for at most n steps (as {@code steps(n)} counts them). */
    public final Optimization start(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("start(n) needs n ≥ 0 steps, got " + steps);
        }
        checkAskTell();
        return Optimization.start(this, steps, null, true);
    }

    /** Rejects builders that ask/tell cannot drive, with what to change. */
    protected void checkAskTell() {
    }

    /** This builder checkpointing by {@code policy} (a resumed run: to the file it was resumed from). */
    final RunBuilder<?> withCheckpoints(Journal.Policy policy) {
        return with(b -> b.checkpoints = policy);
    }

    /** Whether checkpointEvery(…) was set: a method that cannot resume yet refuses it. */
    public final boolean checkpointing() {
        return checkpoints != null;
    }

    /** The start given with from(x0), as numbers, or null: a tuning refuses options that move the start it set. */
    public final double[] givenStart() {
        return start == null ? null : Tensors.toArray(start);
    }

    /**
     * The run of at most n steps: the builder's own terminal ({@code steps(n)}), which start() and a resume drive.
     * Every optimizing builder overrides it.
     */
    protected Run runSteps(long n) {
        throw new IllegalStateException(getClass().getSimpleName() + " has no run that start() could drive; start()"
                + " works on zo.minimize, minimizeByRanking, cbo, cmaes, nelderMead, powell, bobyqa, randomSearch,"
                + " directSearch and mapElites");
    }

    /** A copy for a run that start() or a resume drives: its journal, backend and objective. */
    final B forRun(Journal runJournal, Backend runBackend, Objective f) {
        return with(b -> {
            b.journal = runJournal;
            b.backend = runBackend;
            b.progress = false;
            if (f != null) {
                b.objective = f;
            }
        });
    }

    /**
     * The copy a checkpoint holds: no journal or backend, no start when the run works on it in place (θ0 beside),
     * and what the objective gave the run, which the file keeps when it stands in for the objective.
     */
    final B forCheckpoint(boolean inPlace) {
        INDArray usual = start == null && !inPlace ? usualStart() : null; // not d numbers the run never used
        Bounds box = domain();
        Defaults fromObjective = new Defaults(usual == null ? null : Tensors.toArray(usual),
                box == null ? null : box.compact());
        return with(b -> {
            b.journal = null;
            b.backend = null;
            b.defaults = fromObjective;
            b.observersNotSaved = observers.stream().filter(o -> o != objective).map(BuilderCodec::code).toList();
            b.backendNotSaved = backend == null || backend instanceof AskTellBackend ? null : backend.toString();
            if (inPlace) {
                b.start = null;
            }
        });
    }

    /** This builder with the options that end {@code other}'s run: its budget, time limit and target. */
    final B withBudgetOf(RunBuilder<?> other) {
        return with(b -> {
            b.maxEvaluations = other.maxEvaluations;
            b.timeLimit = other.timeLimit;
            b.target = other.target;
        });
    }

    /** This builder starting from {@code x0} (a resumed in-place run's θ0). */
    final B withStart(INDArray x0) {
        return with(b -> b.start = x0);
    }

    Objective objective() {
        return objective;
    }

    /** The start this builder's run takes: from(x0)'s, else the objective's usual one; null when the method picks. */
    protected INDArray chosenStart() {
        return start != null ? start : usualStart();
    }

    /** The objective's usual start (a resumed run: the original objective's), or null: the start without from(x0). */
    protected final INDArray usualStart() {
        return defaults == null ? objective.start()
                : defaults.start() == null ? null : Tensors.vector(defaults.start());
    }

    /** The objective's domain (a resumed run: the original objective's), or null: the box without within(lo, hi). */
    protected final Bounds domain() {
        return defaults != null ? defaults.domain() : objective.domain();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        observers = List.of();
    }

    @SuppressWarnings("unchecked")
    protected final B with(Consumer<B> change) {
        try {
            B copy = (B) clone();
            change.accept(copy);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** The validated start: a fresh double vector of the objective's dimension, inside the bounds. */
    protected INDArray startPoint() {
        return startPoint(true);
    }

    /** The validated start; without {@code copy}, the array given to {@code from(x0)} itself (in-place runs). */
    private INDArray startPoint(boolean copy) {
        INDArray x0 = start != null ? start : usualStart();
        int boxed = bounds == null ? 0 : boxFixesDimension || bounds.lower().length > 1 ? bounds.lower().length
                : objective.dimension();
        if (x0 == null && boxed > 0) {
            x0 = Tensors.zeros(boxed); // a box in a known dimension (its own, or f's): the origin, clamped into it
        }
        if (x0 == null) {
            int d = objective.dimension() > 0 ? objective.dimension() : 10; // an example when f allows any
            throw new IllegalArgumentException("no start point: " + objective.name() + " has no usual start, so give"
                    + " one with from(x0), e.g. .from(new double[" + d + "]) for the origin in dimension " + d);
        }
        if (x0.length() == 0 || x0.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the start point must have between 1 and 2^31-1 entries, got " + x0.length());
        }
        int d = (int) x0.length();
        if (objective.dimension() > 0 && objective.dimension() != d) {
            throw new IllegalArgumentException("the start point has dimension " + d + " but " + objective.name()
                    + " is defined in dimension " + objective.dimension() + "; pass a start of dimension "
                    + objective.dimension());
        }
        long bad = Tensors.firstNonFinite(x0);
        if (bad >= 0) {
            throw new IllegalArgumentException("the start point has a non-finite entry (" + x0.getDouble(bad)
                    + "); give finite numbers");
        }
        if (!copy) {
            return x0;
        }
        INDArray x = Tensors.doubleCopy(x0);
        if (bounds != null) {
            Bounds box = bounds.forDimension(d);
            if (start != null) { // the user's own start; a problem's usual start serves any box silently
                warnIfOutside(box, x, "within(lo, hi)");
            }
            box.project(x);
        }
        return x;
    }

    /** A start outside the box is moved to its nearest point: documented, but a surprise if not said. */
    protected static void warnIfOutside(Bounds box, INDArray x, String whichBox) {
        if (box.contains(x)) {
            return;
        }
        double[] xs = Tensors.toArray(x);
        int outside = 0;
        int first = -1;
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] < box.lower()[i] || xs[i] > box.upper()[i]) {
                outside++;
                first = first < 0 ? i : first;
            }
        }
        if (outside > 0) {
            boolean above = xs[first] > box.upper()[first];
            System.err.println("warning: the start lies outside " + whichBox + " in " + outside + " of " + xs.length
                    + " coordinates (x[" + first + "] = " + xs[first] + (above ? " > hi = " + box.upper()[first]
                    : " < lo = " + box.lower()[first]) + "); the run starts from the nearest point of the box."
                    + " Give from(x0) inside the box to start elsewhere");
        }
    }

    /** The validated common options of a run of {@code method}. */
    protected RunContext context(String method) {
        return context(method, false);
    }

    /**
     * The validated common options; with {@code inPlace} the run works on the array given to {@code from(x0)}
     * itself and no copy of the start is made (a MeZO run needs no memory beyond the parameters).
     */
    protected RunContext context(String method, boolean inPlace) {
        Interrupts.checkNotInterrupted(method);
        if (objective instanceof Objective.External && !(backend instanceof AskTellBackend)) {
            throw new IllegalStateException(objective.name() + " has no function: only ask/tell can drive it. Call"
                    + " start() and tell the values you measure (see Optimization), or give a function of x");
        }
        INDArray x = startPoint(!inPlace);
        int d = (int) x.length();
        Journal runJournal = journal != null ? journal : checkpoints != null ? new Journal() : null;
        if (runJournal != null) {
            runJournal.begin(this, x, inPlace);
        }
        OracleBuilder oracle = Oracle.of(objective).maximize(maximize)
                .bounds(bounds == null ? null : bounds.forDimension(d))
                .maxEvaluations(maxEvaluations).timeLimit(timeLimit).target(target, false).backend(backend)
                .resample(resample).reevaluate(reevaluateCandidates, reevaluateSamples)
                .journal(runJournal);
        Config config = common(method, d);
        List<RunObserver> all = new ArrayList<>(observers);
        if (oracle.objective instanceof RunObserver watching && !all.contains(watching)) {
            all.add(watching); // an objective that moves on with the run (a mini-batch loss): observe(f) or not
        }
        if (progress) {
            Presenter.get().progress().ifPresent(all::add);
        }
        return new RunContext(x, start, seed, oracle, config, List.copyOf(all), target);
    }

    /** The options every run records, in this order. */
    private Config common(String method, Integer d) {
        return Config.of("method", method, "objective", objective.name(), "dimension", d,
                "sense", maximize ? "maximize" : null, "seed", seed, "bounds", bounds,
                "maxEvaluations", maxEvaluations == Long.MAX_VALUE ? null : maxEvaluations,
                "target", target, "timeLimit", timeLimit, "backend", backend == null ? null : backend.toString(),
                "resample", resample == 1 ? null : resample,
                "reevaluate", reevaluateSamples == 0 ? null : "(" + reevaluateCandidates + ", " + reevaluateSamples + ")");
    }

    /**
     * What the terminal ({@link #terminal()}) would run: the method and every option set so far, as its run would
     * record them (nothing is evaluated). A builder left without its terminal shows this, not a hash code.
     */
    public Config plan() {
        INDArray x0 = start != null ? start : usualStart();
        Integer d = x0 != null ? Integer.valueOf((int) x0.length())
                : objective.dimension() > 0 ? Integer.valueOf(objective.dimension())
                : bounds != null && bounds.lower().length > 1 ? Integer.valueOf(bounds.lower().length) : null;
        return common(plannedMethod(), d).with(plannedSettings(d));
    }

    /** The method's name as its runs record it, e.g. "zo-adam", "cma-es". */
    protected String plannedMethod() {
        return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /** The method's own settings as its runs record them, in dimension d (null when not known yet). */
    protected Config plannedSettings(Integer d) {
        return Config.of();
    }

    /** The call that runs this builder. */
    public String terminal() {
        return "steps(n)";
    }

    /** e.g. "zo-adam gaussian h=0.001 q=1 forward lr=0.01 on sphere(5), not run yet: call steps(n) to run". */
    @Override
    public String toString() {
        Config plan = plan();
        return plan.label() + " on " + plan.get("objective") + ", not run yet: call " + terminal() + " to run";
    }

    /** Why a run should end before its next step, or null to go on. */
    public static StopReason stopBefore(Oracle oracle, long nextStepCost) {
        if (Interrupts.requested()) {
            return StopReason.INTERRUPTED;
        }
        if (!oracle.canEvaluate(nextStepCost)) {
            return StopReason.MAX_EVALUATIONS;
        }
        if (oracle.pastDeadline()) {
            return StopReason.TIME_LIMIT;
        }
        return null;
    }
}
