package org.zeroth.space;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.zeroth.AtomicFile;
import org.zeroth.Config;
import org.zeroth.Run;
import org.zeroth.RunFailedException;
import org.zeroth.RunBuilder;
import org.zeroth.Zo;
import org.zeroth.bayes.BayesianOptimization;
import org.zeroth.optimize.Minimizer;
import org.zeroth.population.Cbo;
import org.zeroth.population.CmaEs;
import org.zeroth.population.RandomSearch;

/**
 * {@code zo.tune(space, p -> loss)}: hyperparameter tuning over a {@link Space}, e.g.
 * <pre>{@code
 * TuningRun r = zo.tune(space, p -> validationLoss(p.real("lr"), p.integer("hidden"), p.choice("rule")))
 *                 .randomSearch().seed(1).maxEvaluations(50).steps(50);
 * r.bestParams();   // {lr=0.0031, hidden=45, rule=adam}
 * }</pre>
 * Every method is an existing Zeroth builder run on the unit cube of the space ({@link Param} says how each kind of
 * parameter maps to it), with the cube as its box: a point is decoded to a valid configuration before the loss is
 * called, and a configuration evaluated before is not trained again — its first loss is reused (optuna #2915).
 * A reused loss still counts as an evaluation of the run: the budget ({@code maxEvaluations}, and {@code steps})
 * counts the method's proposals as optuna counts trials, which keeps every method's loop bounded even when it
 * proposes only known configurations, and keeps comparisons at equal budgets fair; {@link TuningRun#calls()} says
 * how many trainings the run made.
 *
 * <p>Methods (each with its builder's options through the overloads taking {@code options}; the seed, budget, time
 * limit, target, start and box are the tuning's, and options that change them are refused):
 * <table>
 *   <caption>what {@code steps(n)} means per method</caption>
 *   <tr><td>{@link #bayesian()} (default)</td><td>{@code zo.bayesian}: n acquisitions after the initial design of
 *   2(k + 1) points</td></tr>
 *   <tr><td>{@link #randomSearch()}</td><td>{@code zo.randomSearch}, uniform in the cube: n evaluations</td></tr>
 *   <tr><td>{@link #cmaes()}</td><td>{@code zo.cmaes}, σ = 0.3, from the start: at most n evaluations</td></tr>
 *   <tr><td>{@link #cbo()}</td><td>{@code zo.cbo} with 10 particles: n iterations of 10 evaluations</td></tr>
 *   <tr><td>{@link #zo(double)}</td><td>{@code zo.minimize}, Gaussian directions of radius h, central
 *   differences, Adam with lr 0.05, from the start: n steps of 2 evaluations</td></tr>
 * </table>
 * For equal budgets give {@code maxEvaluations(m)} and a large n. BO, random search and CBO draw their own first
 * points (BO its Latin hypercube, random search uniform samples, CBO a uniform swarm): the cube's centre is no
 * better a guess, and its one-hot ties would always pick the first choice. {@link #from(Params)} gives a
 * configuration to try first, as optuna's {@code enqueue_trial} or scikit-optimize's {@code x0}: BO and random
 * search evaluate it first, CMA-ES and ZO start there (by default at the centre of the cube, CMA-ES's first mean
 * and ZO's first iterate; CMA-ES evaluates its start, ZO only probes around it); CBO has no start and refuses it.
 */
public final class Tuning implements Cloneable {
    private enum Method { BAYESIAN, RANDOM_SEARCH, CMAES, CBO, ZO }

    private final Space space;
    /** Null for an ask/tell-only tuning (zo.tune(space)). */
    private ToDoubleFunction<Params> loss;
    private Method method = Method.BAYESIAN;
    private double h;
    private UnaryOperator<? extends RunBuilder<?>> options = UnaryOperator.identity();
    private long seed;
    private Long maxEvaluations;
    private Duration timeLimit;
    private Double target;
    private int parallelism = 1;
    private boolean progress = true;
    private Params start;
    private long checkpointEvery;
    private Path checkpoint;
    /** The settings given, by the names runs record them under: a resume compares these only. */
    private Set<String> given = Set.of();

    public Tuning(Space space, ToDoubleFunction<Params> loss) {
        this(space);
        if (loss == null) {
            throw new IllegalArgumentException("tune(space, loss): the loss is null; pass a function of the"
                    + " configuration, e.g. p -> validationLoss(p.real(\"lr\")), or tune(space) and start() to"
                    + " tell the losses yourself");
        }
        this.loss = loss;
    }

    private Tuning(Space space) {
        if (space == null) {
            throw new IllegalArgumentException("tune(space, loss): the space is null; build one with"
                    + " Space.of(Param.real(\"lr\", 1e-4, 1).log(), …)");
        }
        this.space = space;
    }

    /** A tuning without a loss function: {@link #start()} it, train each configuration it asks for, tell the loss. */
    public static Tuning askTell(Space space) {
        return new Tuning(space);
    }

    /**
     * Bayesian optimization on the cube (the default): {@code zo.bayesian}, a Matérn 5/2 ARD Gaussian process and
     * expected improvement after a Latin hypercube design of 2(k + 1) points, k the cube's dimension.
     */
    public Tuning bayesian() {
        return method(Method.BAYESIAN, 0, UnaryOperator.identity());
    }

    /** BO with its own options, e.g. {@code bayesian(b -> b.initialPoints(8).batch(4))}. */
    public Tuning bayesian(UnaryOperator<BayesianOptimization> options) {
        return method(Method.BAYESIAN, 0, options);
    }

    /** Uniform random search on the cube (Bergstra and Bengio 2012): the baseline every method must beat. */
    public Tuning randomSearch() {
        return method(Method.RANDOM_SEARCH, 0, UnaryOperator.identity());
    }

    public Tuning randomSearch(UnaryOperator<RandomSearch> options) {
        return method(Method.RANDOM_SEARCH, 0, options);
    }

    /** CMA-ES on the cube (Hansen), initial step 0.3. */
    public Tuning cmaes() {
        return method(Method.CMAES, 0, UnaryOperator.identity());
    }

    /** CMA-ES with its own options, e.g. {@code cmaes(c -> c.populationSize(8))}. */
    public Tuning cmaes(UnaryOperator<CmaEs> options) {
        return method(Method.CMAES, 0, options);
    }

    /** Consensus-based optimization on the cube with 10 particles. */
    public Tuning cbo() {
        return method(Method.CBO, 0, UnaryOperator.identity());
    }

    /** CBO with its own options, e.g. {@code cbo(c -> c.particles(20).alpha(50))}. */
    public Tuning cbo(UnaryOperator<Cbo> options) {
        return method(Method.CBO, 0, options);
    }

    /**
     * Zeroth-order descent in the continuous relaxation, with smoothing radius h in cube units (Gaussian
     * directions, central differences, Adam lr 0.05). Rounded integers and one-hot choices make the relaxed loss
     * piecewise constant: a difference over a radius h smaller than a cell is mostly zero, so h must span cells.
     */
    public Tuning zo(double h) {
        return zo(h, UnaryOperator.identity());
    }

    /** ZO descent with its own options, e.g. {@code zo(0.1, m -> m.queries(4).sgd(0.1))}. */
    public Tuning zo(double h, UnaryOperator<Minimizer> options) {
        if (!(h > 0) || h > 1) {
            throw new IllegalArgumentException("zo(h): the smoothing radius h is in cube units and must be in (0, 1],"
                    + " got " + h + "; e.g. zo(0.1)");
        }
        return method(Method.ZO, h, options);
    }

    private Tuning method(Method m, double radius, UnaryOperator<? extends RunBuilder<?>> methodOptions) {
        Objects.requireNonNull(methodOptions, "options is null: pass a function such as c -> c.populationSize(8)");
        return given(m == Method.ZO ? List.of("method", "h") : List.of("method"), t -> {
            t.method = m;
            t.h = radius;
            t.options = methodOptions;
        });
    }

    /** Every random draw derives from this seed: same seed, same run. Default 0. */
    public Tuning seed(long s) {
        return given(List.of("seed"), t -> t.seed = s);
    }

    /** At most n evaluations (proposals; reused losses included: see the class comment). */
    public Tuning maxEvaluations(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxEvaluations(n) needs n ≥ 1, got " + n);
        }
        return given(List.of("maxEvaluations"), t -> t.maxEvaluations = n);
    }

    /** Stops the tuning before its first training past this much time since it started (one under way ends first). */
    public Tuning timeLimit(Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeLimit(d) needs a positive duration, e.g. Duration.ofMinutes(5); got "
                    + limit);
        }
        return given(List.of("timeLimit"), t -> t.timeLimit = limit);
    }

    /** Stops once a loss at most this small has been evaluated. */
    public Tuning stopAt(double targetLoss) {
        if (Double.isNaN(targetLoss)) {
            throw new IllegalArgumentException("stopAt(target): target is NaN; give the loss to reach, e.g. 0.1");
        }
        return given(List.of("target"), t -> t.target = targetLoss);
    }

    /** Evaluates the configurations of one step on k threads (CBO, ZO, BO's batches); the run is the same as with one. */
    public Tuning parallelism(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("parallelism(k) needs k ≥ 1 threads, got " + k);
        }
        return with(t -> t.parallelism = k);
    }

    public Tuning progress(boolean show) {
        return with(t -> t.progress = show);
    }

    /**
     * A configuration to try first, e.g. the defaults to beat: BO and random search evaluate it first and then
     * search as without it; CMA-ES and ZO start from it (without it: from the centre of the cube). CBO refuses it.
     */
    public Tuning from(Params configuration) {
        double[] u = space.encode(configuration);
        Params copy = space.decode(u);
        return with(t -> t.start = copy);
    }

    /**
     * Saves the tuning to {@code file} after every {@code trainings} losses and when it ends, fails or is
     * interrupted — the method's checkpoint and, beside it, {@code file.trials} with each configuration's loss — so
     * that {@link #resume(Path)} continues it after a crash without training anything again. The run is the one
     * {@code steps(n)} makes without checkpoints.
     */
    public Tuning checkpointEvery(long trainings, Path file) {
        if (trainings < 1) {
            throw new IllegalArgumentException("checkpointEvery(trainings, file) needs trainings ≥ 1, got " + trainings);
        }
        Path writable = AtomicFile.requireWritable(file);
        return with(t -> {
            t.checkpointEvery = trainings;
            t.checkpoint = writable;
        });
    }

    /**
     * The tuning saved in {@code file} (by {@link #checkpointEvery} or {@link TuningOptimization#save}), continued
     * with this tuning's loss to the end of its budget: the losses told before are replayed, not trained again.
     * The settings are the file's: a method, seed, budget or method option given here that differs is refused, while
     * one not given is not compared with this tuning's default. With checkpointEvery set it goes on saving.
     */
    public TuningRun resume(Path file) {
        requireLoss();
        Tuning t = checkpoint != null ? this : checkpointEvery(Long.MAX_VALUE, file);
        TuningOptimization saved = TuningOptimization.resume(file, space);
        try {
            requireSettingsOf(saved.run().config(), file);
        } catch (RuntimeException e) {
            saved.close();
            throw e;
        }
        return t.driver().drive(saved);
    }

    /** Refuses the settings given here that differ from those of the run saved in file ({@code was}). */
    private void requireSettingsOf(Config was, Path file) {
        Config plan = plan();
        // what the options changed was given too; another method's settings would only repeat that it differs
        boolean sameMethod = String.valueOf(plan.get("method")).equals(String.valueOf(was.get("method")));
        Config withoutOptions = sameMethod ? with(p -> p.options = UnaryOperator.identity()).plan() : plan;
        TuningSettings.requireSettingsOf(was, plan, withoutOptions, given, file);
    }

    /** What this tuning's method would run, as its runs record it. */
    private Config plan() {
        return builder(new CubeObjective(space, loss, startPoint())).plan();
    }

    private CheckpointedTuning driver() {
        return new CheckpointedTuning(loss, parallelism, checkpointEvery, checkpoint);
    }

    private void requireLoss() {
        if (loss == null) {
            throw new IllegalStateException("this tuning has no loss function (zo.tune(space)): call start() and tell"
                    + " each configuration's loss, or give one: zo.tune(space, p -> loss)");
        }
    }

    /** Runs the method; {@code steps(n)} means what it means for the method (see the class comment). */
    public TuningRun steps(long n) {
        requireLoss();
        if (checkpoint != null) {
            return driver().drive(start(n));
        }
        CubeObjective cube = cube(n, "steps");
        try {
            return TuningRun.of(run(builder(cube), n), space, cube.log());
        } catch (RunFailedException e) { // the run so far, told in the space's terms too
            throw new RunFailedException(e.getMessage(), e.getCause(), TuningRun.of(e.run(), space, cube.log()));
        }
    }

    /**
     * Ask/tell: the method proposes configurations ({@link TuningOptimization#ask()}), you train them where you like
     * (a cluster, a queue of jobs) and tell their losses; the run is the one {@code steps(n)} would make with those
     * losses. A configuration met again is told its first loss without asking you.
     */
    public TuningOptimization start() {
        return start(Long.MAX_VALUE);
    }

    /** As {@link #start()}, for at most n steps. */
    public TuningOptimization start(long n) {
        return new TuningOptimization(space, builder(cube(n, "start")).start(n));
    }

    private CubeObjective cube(long n, String terminal) {
        if (n < 0) {
            throw new IllegalArgumentException(terminal + "(n) needs n ≥ 0, got " + n);
        }
        if (parallelism > 1 && (method == Method.RANDOM_SEARCH || method == Method.CMAES)) {
            throw new IllegalArgumentException(name(method) + " evaluates one configuration at a time, so parallelism("
                    + parallelism + ") cannot apply; use bayesian(b -> b.batch(k)), cbo() or zo(h) to evaluate several at once, or drop it");
        }
        return new CubeObjective(space, loss, startPoint());
    }

    private static Run run(RunBuilder<?> b, long n) {
        return b instanceof RandomSearch r ? r.steps(n) : b instanceof CmaEs c ? c.steps(n)
                : b instanceof Cbo c ? c.steps(n) : b instanceof Minimizer m ? m.steps(n)
                : ((BayesianOptimization) b).steps(n);
    }

    private RunBuilder<?> builder(CubeObjective cube) {
        if (method == Method.CBO && start != null) { // its swarm is uniform in the cube: from() would be dropped
            throw new IllegalArgumentException("cbo() draws its first swarm uniformly in the cube and has no start,"
                    + " so from(" + start + ") would never be evaluated; drop from(…), or use bayesian() or"
                    + " randomSearch(), which evaluate it first, or cmaes() or zo(h), which start there");
        }
        return switch (method) {
            case RANDOM_SEARCH -> custom(common(Zo.zo.randomSearch(cube)));
            case CMAES -> custom(common(Zo.zo.cmaes(cube)).sigma(0.3));
            case CBO -> custom(common(Zo.zo.cbo(cube)).particles(10).parallelism(parallelism));
            case ZO -> custom(common(Zo.zo.minimize(cube)).withGaussianDirections(h).central().adam(0.05)
                    .parallelism(parallelism));
            case BAYESIAN -> custom(common(Zo.zo.bayesian(cube)).parallelism(parallelism));
        };
    }

    private <B extends RunBuilder<B>> B common(B b) {
        double[] zeros = new double[space.dimension()];
        double[] ones = new double[space.dimension()];
        Arrays.fill(ones, 1);
        B c = b.seed(seed).within(zeros, ones).progress(progress);
        // Only a start given, or a local method's: given to BO or random search, from(x0) is their first point.
        c = start != null || method == Method.CMAES || method == Method.ZO ? c.from(startPoint()) : c;
        c = maxEvaluations == null ? c : c.maxEvaluations(maxEvaluations);
        c = timeLimit == null ? c : c.timeLimit(timeLimit);
        return target == null ? c : c.stopAt(target);
    }

    @SuppressWarnings("unchecked")
    private <B extends RunBuilder<B>> B custom(B b) {
        B changed = ((UnaryOperator<B>) options).apply(b);
        if (changed == null) {
            throw new IllegalArgumentException("the options function returned null: return the builder, e.g."
                    + " c -> c.populationSize(8)");
        }
        if (changed.checkpointing()) {
            throw new IllegalArgumentException("checkpointEvery in the method's options would save the method's run"
                    + " without the configurations' losses: give it to the tuning instead,"
                    + " zo.tune(space, loss).checkpointEvery(n, file), and continue with resume(file)");
        }
        TuningSettings.requireOwnSettings(name(method), b, changed);
        return changed;
    }

    /** The cube point of from(config), else the cube's centre. */
    private double[] startPoint() {
        if (start != null) {
            return space.encode(start);
        }
        double[] u = new double[space.dimension()];
        Arrays.fill(u, 0.5);
        return u;
    }

    private static String name(Method m) {
        return switch (m) {
            case BAYESIAN -> "bayesian()";
            case RANDOM_SEARCH -> "randomSearch()";
            case CMAES -> "cmaes()";
            case CBO -> "cbo()";
            case ZO -> "zo(h)";
        };
    }

    /** {@link #with} for a setting a resume compares with the file's: its names are recorded as given. */
    private Tuning given(List<String> names, Consumer<Tuning> change) {
        Set<String> more = new HashSet<>(given);
        more.addAll(names);
        return with(t -> {
            change.accept(t);
            t.given = Set.copyOf(more);
        });
    }

    private Tuning with(Consumer<Tuning> change) {
        try {
            Tuning copy = (Tuning) clone();
            change.accept(copy);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** e.g. "tuning by cmaes() over lr ∈ [0.0001, 1] log, …, not run yet: call steps(n) to run". */
    @Override
    public String toString() {
        return "tuning by " + (method == Method.ZO ? "zo(" + h + ")" : name(method)) + " over " + space
                + (loss == null ? ", not started yet: call start() to ask and tell" : ", not run yet: call steps(n) to run");
    }
}
