package org.zeroth;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.bayes.BayesianOptimization;
import org.zeroth.estimate.EstimatorAnalysis;
import org.zeroth.estimate.RankingOracle;
import org.zeroth.optimize.Minimizer;
import org.zeroth.optimize.RankingMinimizer;
import org.zeroth.population.Bobyqa;
import org.zeroth.population.Cbo;
import org.zeroth.population.CmaEs;
import org.zeroth.population.DirectSearch;
import org.zeroth.population.Grid;
import org.zeroth.population.MapElites;
import org.zeroth.population.NelderMead;
import org.zeroth.population.Powell;
import org.zeroth.population.RandomSearch;
import org.zeroth.space.Params;
import org.zeroth.space.Space;
import org.zeroth.space.Tuning;
import org.zeroth.tensor.Tensors;

/**
 * The entry point of the DSL: {@code zo.minimize(f).withGaussianDirections(1e-3).adam(1e-2).steps(2000)}.
 * Preloaded as {@code zo} in the kernel; in Java, {@code import static org.zeroth.Zo.zo;} or {@code Zo.create()}.
 */
public final class Zo {
    /** The shared instance: Zo holds no state, so one is enough. */
    public static final Zo zo = new Zo();

    private Zo() {
    }

    public static Zo create() {
        return zo;
    }

    /** Zeroth-order descent on f: choose an estimator, an update rule, options, then {@code steps(n)}. */
    public Minimizer minimize(Objective f) {
        return new Minimizer(f, false);
    }

    /** Zeroth-order ascent: the same options; values and targets are in f's own (larger is better) sense. */
    public Minimizer maximize(Objective f) {
        return new Minimizer(f, true);
    }

    /**
     * Data-parallel descent on the mean loss over shards, f(θ) = (1/K) Σₖ loss(shardₖ, θ), e.g.
     * {@code zo.minimizeSharded(Shards.local(batches), (batch, theta) -> mse(batch, theta)).from(theta).inPlace()}:
     * the usual minimizer (estimators, rules, options). With shards on a cluster ({@code Spark.shards(rdd)}) and
     * {@code inPlace()}, each shard holder keeps a replica of θ and a step ships seeds out and losses back.
     */
    public <S> Minimizer minimizeSharded(Shards<S> shards, ShardLoss<S> loss) {
        return Minimizer.sharded(shards, loss);
    }

    /**
     * ZO-RankSGD with only a ranking oracle: directions(m), topK(k), smoothing(μ), sgd(lr), schedule; e.g.
     * {@code zo.minimizeByRanking(RankingOracle.of(f, 5)).from(x0).steps(500)}.
     */
    public RankingMinimizer minimizeByRanking(RankingOracle oracle) {
        return new RankingMinimizer(oracle);
    }

    /** CMA-ES (Hipparchus): options sigma(s), populationSize(λ); one trace row per evaluation. */
    public CmaEs cmaes(Objective f) {
        return new CmaEs(f);
    }

    /** Nelder–Mead simplex (Hipparchus): options simplexSize(side), tolerance(rel, abs); a row per evaluation. */
    public NelderMead nelderMead(Objective f) {
        return new NelderMead(f);
    }

    /** Powell's conjugate directions (Hipparchus): options tolerance, lineSearchTolerance; a row per evaluation. */
    public Powell powell(Objective f) {
        return new Powell(f);
    }

    /** BOBYQA (Hipparchus), d ≥ 2, in a box: options interpolationPoints(m), trustRegion(initial, stopping). */
    public Bobyqa bobyqa(Objective f) {
        return new Bobyqa(f);
    }

    /**
     * Direct search with a convergence guarantee on nonsmooth f (MADS-style poll over random orthogonal
     * directions, sufficient decrease): options pollSize, minPollSize, coordinates(), search(x -> candidates).
     */
    public DirectSearch directSearch(Objective f) {
        return new DirectSearch(f);
    }

    /**
     * MAP-Elites: the best solution in every cell of a behaviour grid, e.g.
     * {@code zo.mapElites(f, x -> new double[] {x.getDouble(0), x.getDouble(1)}, Grid.of(-1, 1, 20, 20))
     * .within(-1, 1).steps(5000)}; options initialSamples(n), isoLine(σ_iso, σ_line).
     */
    public MapElites mapElites(Objective f, Function<INDArray, double[]> descriptor, Grid grid) {
        return new MapElites(f, descriptor, grid);
    }

    /** Random search: uniform in the box (within() or the problem's domain), or gaussian(r) around the start. */
    public RandomSearch randomSearch(Objective f) {
        return new RandomSearch(f);
    }

    /**
     * Bayesian optimization in a box (within(lo, hi), else the problem's domain): a Matérn 5/2 Gaussian process and
     * expected improvement; options initialPoints(n), acquisition(Acquisition.ucb(4)), batch(k), noise(σ); e.g.
     * {@code zo.bayesian(Problems.branin()).seed(1).steps(40)} makes 6 + 40 evaluations. Returns a BayesianRun.
     */
    public BayesianOptimization bayesian(Objective f) {
        return new BayesianOptimization(f);
    }

    /** Consensus-based optimization: particles(N), alpha(α), lambda(λ), sigma(σ), dt, anisotropic(); returns a CboRun. */
    public Cbo cbo(Objective f) {
        return new Cbo(f);
    }

    /**
     * Hyperparameter tuning over a search space: {@code zo.tune(space, p -> loss(p.real("lr"), p.choice("rule")))
     * .randomSearch().maxEvaluations(50).steps(50)} → a TuningRun with {@code bestParams()}. Methods: bayesian()
     * (the default), randomSearch(), cmaes(), cbo(), zo(h), all on the space's unit cube (see Tuning).
     */
    public Tuning tune(Space space, ToDoubleFunction<Params> loss) {
        return new Tuning(space, loss);
    }

    /**
     * Tuning whose losses you tell: {@code var t = zo.tune(space).bayesian().start()}, then {@code t.ask()} a
     * configuration, train it anywhere, {@code t.tell(trial, loss)}; {@code t.run()} is the TuningRun.
     */
    public Tuning tune(Space space) {
        return Tuning.askTell(space);
    }

    /**
     * Estimator analysis at x: {@code zo.estimate(f, x).withSphereDirections(1e-6).queries(4).trials(2000)} reports
     * bias, E‖ĝ − ∇f‖², variance and cosine to ∇f (f a Problem, or give the gradient).
     */
    public EstimatorAnalysis estimate(Objective f, INDArray x) {
        return new EstimatorAnalysis(f, x);
    }

    public EstimatorAnalysis estimate(Objective f, double... x) {
        return new EstimatorAnalysis(f, Tensors.vector(x));
    }

    /** The experiment over seeds 0 … n − 1: {@code zo.repeat(10, seed -> zo.minimize(f).seed(seed).steps(500))}. */
    public Repeats repeat(int n, LongFunction<Run> experiment) {
        return Repeats.of(n, experiment);
    }

    /**
     * Refused: {@code zo.compare()} names nothing to compare. Without this overload it would not compile (both
     * varargs forms match); Zo keeps no list of the session's runs (holding them would pin their arrays), so it
     * says what to pass instead.
     */
    public Comparison compare() {
        throw new IllegalArgumentException("compare() needs what to compare: zo.compare(r1, r2, …) with runs, or"
                + " zo.compare(zo.repeat(n, s -> …), …) with repeats over seeds; zo.lastRun() is this session's last"
                + " run");
    }

    /** Runs side by side: summary table and overlay plot. */
    public Comparison compare(Run... runs) {
        return new Comparison(runs == null ? null : Arrays.asList(runs));
    }

    public Comparison compare(List<Run> runs) {
        return new Comparison(runs);
    }

    /**
     * Methods over seeds side by side: mean ± sd curves, a summary (median, IQR, {@code .target(v)} for the
     * success rate) and a long table that {@code writeCsv(path)} saves, e.g.
     * {@code zo.compare(zo.repeat(10, s -> zo.minimize(f).seed(s).steps(500)), zo.repeat(10, s -> zo.cmaes(f).seed(s).steps(1000)))}.
     */
    public MethodComparison compare(Repeats... repeats) {
        return MethodComparison.of(repeats == null ? null : Arrays.asList(repeats));
    }

    /** As {@link #compare(Repeats...)}, each method under its given name (in the map's order: use a LinkedHashMap). */
    public MethodComparison compare(Map<String, Repeats> methods) {
        return new MethodComparison(methods, null);
    }

    /**
     * The last run of this session (of this JVM), whichever method made it and however it ended: finished,
     * interrupted, or failed (then {@code stopReason()} is FAILED and {@code failure()} says why). Nothing computed
     * is lost even when the cell's variable was never assigned.
     */
    public Run lastRun() {
        Run last = RunRecorder.last();
        if (last == null) {
            throw new IllegalStateException("no run yet in this session: lastRun() answers after a run such as"
                    + " zo.minimize(f).from(x0).steps(100) has started");
        }
        return last;
    }

    /**
     * The run checkpointed in {@code file} ({@code checkpointEvery} or {@link Optimization#save}), continued under
     * ask/tell: its values are replayed (nothing is evaluated) and the run goes on bit for bit as it would have.
     */
    public static Optimization resume(Path file) {
        return Optimization.resume(file, null, null);
    }

    /**
     * The run in {@code file} with its objective f attached again: replayed, then continued evaluating f as the
     * original run did (checkpointing on); {@code finish()} waits for it and returns the Run, equal to the
     * uninterrupted one. f must be the run's objective: one defined in another dimension, or with another name, is
     * refused (a lambda has no name of its own, so it is accepted, and the run keeps its objective's name). The
     * start and domain the original objective gave the run come from the file.
     */
    public static Optimization resume(Path file, Objective f) {
        if (f == null) {
            throw new IllegalArgumentException("resume(file, f): f is null; give the run's objective, or use"
                    + " resume(file) to ask and tell");
        }
        return Optimization.resume(file, f, null);
    }

    /**
     * The run in {@code file} continued with {@code builder} — the same settings (checked) — for runs whose options
     * hold code a file cannot (a MAP-Elites descriptor, a custom schedule or estimator), or to run on a backend again.
     */
    public static Optimization resume(Path file, RunBuilder<?> builder) {
        if (builder == null) {
            throw new IllegalArgumentException("resume(file, builder): builder is null; give the builder the run was"
                    + " started with");
        }
        return Optimization.resume(file, null, builder);
    }

    /** A double vector, e.g. {@code zo.vector(1, 2, 3)}. */
    public INDArray vector(double... values) {
        return Tensors.vector(values);
    }
}
