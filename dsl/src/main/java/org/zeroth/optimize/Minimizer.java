package org.zeroth.optimize;

import java.util.Objects;
import org.zeroth.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.FiniteSum;
import org.zeroth.Objective;
import org.zeroth.Replicas;
import org.zeroth.Run;
import org.zeroth.RunContext;
import org.zeroth.ShardLoss;
import org.zeroth.Shards;
import org.zeroth.estimate.EstimatorOptions;
import org.zeroth.estimate.FiniteSumEstimation;
import org.zeroth.estimate.GradientEstimator;

/**
 * {@code zo.minimize(f)}: a zeroth-order descent, configured fluently and run by {@link #steps(long)}.
 * Defaults: Gaussian directions with h = 1e-3, q = 1, forward differences, ZO-SGD with lr = 1e-3, seed 0.
 */
public final class Minimizer extends EstimatorOptions<Minimizer> implements UpdateOptions<Minimizer> {
    UpdateRule rule = new Sgd(1e-3);
    Schedule schedule = Schedule.constant();
    double weightDecay;
    int parallelism = 1;
    boolean inPlace;
    /** Null, or the shards of {@code zo.minimizeSharded}: where an in-place run gets its replicas of θ. */
    private final Sharded<?> sharded;
    int miniBatch;
    int epochLength;

    public Minimizer(Objective objective, boolean maximize) {
        super(objective, maximize);
        this.sharded = null;
    }

    private <S> Minimizer(Shards<S> shards, ShardLoss<S> loss) {
        super(shards.objective(loss), false);
        this.sharded = new Sharded<>(shards, loss);
    }

    /**
     * Data-parallel descent on f(θ) = (1/K) Σₖ loss(shardₖ, θ): {@code zo.minimizeSharded(shards, loss)}. Every
     * option works; with {@link #inPlace()} (MeZO) and shards on a cluster, a step ships only seeds and scalars.
     */
    public static <S> Minimizer sharded(Shards<S> shards, ShardLoss<S> loss) {
        if (shards == null || loss == null) {
            throw new IllegalArgumentException("minimizeSharded(shards, loss): " + (shards == null ? "shards" : "loss")
                    + " is null; give e.g. Shards.local(list) and (shard, theta) -> loss");
        }
        return new Minimizer(shards, loss);
    }

    @Override
    public Minimizer rule(UpdateRule updateRule) {
        Objects.requireNonNull(updateRule, "rule(r): r is null");
        return with(m -> m.rule = updateRule);
    }

    @Override
    public Minimizer schedule(Schedule learningRateSchedule) {
        Objects.requireNonNull(learningRateSchedule, "schedule(s): s is null; use Schedule.constant() for none");
        return with(m -> m.schedule = learningRateSchedule);
    }

    /** L2 weight decay added to the estimate: ĝ + wd · x (MeZO's wd). */
    public Minimizer weightDecay(double wd) {
        if (!(wd >= 0) || Double.isInfinite(wd)) {
            throw new IllegalArgumentException("weightDecay(wd) needs wd ≥ 0, got " + wd);
        }
        return with(m -> m.weightDecay = wd);
    }

    /** Evaluates a step's points on k threads; the run is identical to the sequential one. */
    public Minimizer parallelism(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("parallelism(k) needs k ≥ 1 threads, got " + k);
        }
        return with(m -> m.parallelism = k);
    }

    /**
     * MeZO (Malladi et al. 2023): perturbs the array given to {@code from(x0)} in place, regenerating each
     * direction from its seed, so the run needs no memory beyond the parameters; records (seed, projected
     * gradient) per step for {@link Run#replay}. Gaussian, Rademacher (SPSA's ±1) or sphere directions (each normal
     * over the length of all, found by one more pass over them), forward or central, ZO-SGD; masked ones ({@code
     * withMask(mask)}: only the masked coordinates move) and sparse Gaussian ones ({@code withSparseDirections(eps,
     * density)}) too: their values are regenerated from the seed block by block, never stored as a d-sized vector.
     * On a finite sum with {@link #miniBatch(int)}, each step's probes evaluate one mini-batch (MeZO's training on
     * batches of examples), drawn as the ordinary mini-batch descent of the same seed draws it.
     */
    public Minimizer inPlace() {
        return with(m -> m.inPlace = true);
    }

    /**
     * Each step estimates the gradient of b components of the finite sum, drawn uniformly with replacement:
     * ZO-SGD on mini-batches, k·b evaluations (component queries) a step for an estimator of k queries. Needs
     * {@code Objective.finiteSum(n, (i, x) -> …)}; with {@link #svrg(int)}, the mini-batch of its corrected steps;
     * with {@link #inPlace()}, the batch all of a MeZO step's probes evaluate.
     */
    public Minimizer miniBatch(int b) {
        FiniteSum sum = requireFiniteSum("miniBatch(b)");
        if (b < 1 || b > sum.n()) {
            throw new IllegalArgumentException(FiniteSumEstimation.miniBatchMessage(b, sum.n()));
        }
        return with(m -> m.miniBatch = b);
    }

    /**
     * ZO-SVRG (Liu et al., "Zeroth-Order Stochastic Variance Reduction for Nonconvex Optimization", NeurIPS 2018)
     * on a finite sum: epochs of m steps; the first takes a snapshot x̃ and its estimate ĝ(x̃) over all n
     * components (k·n evaluations), the others step along ĝ_B(x) − ĝ_B(x̃) + ĝ(x̃) on a mini-batch B
     * ({@link #miniBatch(int)}, default 1) with the same directions for both terms (2·k·b evaluations).
     */
    public Minimizer svrg(int epochLength) {
        requireFiniteSum("svrg(m)");
        if (epochLength < 2) {
            throw new IllegalArgumentException("svrg(m) needs an epoch of m ≥ 2 steps (one snapshot, then m − 1"
                    + " corrected mini-batch steps), got " + epochLength + "; the paper's m is about n / b");
        }
        return with(m -> m.epochLength = epochLength);
    }

    private FiniteSum requireFiniteSum(String option) {
        if (!(objective instanceof FiniteSum sum)) {
            throw new IllegalArgumentException(option + " samples components of a finite sum f = (1/n) Σᵢ fᵢ:"
                    + " write the objective as Objective.finiteSum(n, (i, x) -> fᵢ(x))");
        }
        return sum;
    }

    @Override
    protected Run runSteps(long n) {
        return steps(n);
    }

    /** Runs at most n steps (fewer if a budget, target, time limit or interrupt ends it first). */
    public Run steps(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("steps(n) needs n ≥ 0, got " + n);
        }
        if (miniBatch > 0 && epochLength == 0 && target != null) {
            throw new IllegalArgumentException("stopAt(target) compares f with the target, but miniBatch(b) evaluates"
                    + " batch means, never f itself; stop by maxEvaluations, timeLimit or steps, or use svrg(m), whose"
                    + " snapshots evaluate f");
        }
        if (sharded == null) {
            return run(n);
        }
        try (Shards.Use held = sharded.shards.use()) { // a cluster's cache lives as long as the run
            return run(n);
        }
    }

    private Run run(long n) {
        if (inPlace) {
            return new InPlaceDescent(this, n).run();
        }
        return samplesComponents() ? new FiniteSumDescent(this, n).run() : new ZerothOrderDescent(this, n).run();
    }

    @Override
    protected String plannedMethod() {
        if (inPlace) {
            return "mezo";
        }
        String method = ZerothOrderDescent.method(rule);
        return epochLength == 0 ? method : rule instanceof Sgd ? "zo-svrg" : "zo-svrg-" + method.substring(3);
    }

    /** Whether steps use the finite sum's mini-batches (miniBatch or svrg). */
    boolean samplesComponents() {
        return miniBatch > 0 || epochLength > 0;
    }

    FiniteSum finiteSum() {
        return (FiniteSum) objective;
    }

    /** The mini-batch size b: as set, else 1 (ZO-SVRG's default). */
    int miniBatchSize() {
        return miniBatch > 0 ? miniBatch : 1;
    }

    @Override
    protected Config plannedSettings(Integer d) {
        return config(Config.of(), estimator());
    }

    /** The validated common options, for the loops in this package. */
    RunContext runContext(String method) {
        return context(method, inPlace);
    }

    /**
     * Replicas of θ₀ next to the shards, or where the backend evaluates f, for an in-place run; null when θ is
     * evaluated here or shipped with each evaluation (also when resample or reevaluate asks several values of one
     * point, or a finite sum counts n component queries per point or evaluates a mini-batch: the replicas give one
     * value of the whole f).
     */
    Replicas replicas(INDArray theta0, MezoStep step) {
        if (resample > 1 || reevaluateCandidates > 0 || objective instanceof FiniteSum) {
            return null;
        }
        if (sharded != null) {
            return sharded.replicas(theta0, step);
        }
        return backend == null ? null : backend.replicas(objective, theta0, step);
    }

    boolean hasBounds() {
        return bounds != null;
    }

    boolean isMezoEstimator() {
        return regeneratesDirections();
    }

    /** The run's full configuration: common options, estimator, rule, schedule and the rest. */
    Config config(Config common, GradientEstimator estimator) {
        return common.with(estimator.describe()).with(rule.describe()).with(
                "schedule", schedule.toString().equals("constant") ? null : schedule,
                "weightDecay", weightDecay == 0 ? null : weightDecay,
                "parallelism", parallelism == 1 ? null : parallelism,
                "inPlace", inPlace ? true : null,
                "shards", sharded == null ? null : sharded.shards.count(),
                "components", objective instanceof FiniteSum sum ? sum.n() : null,
                "miniBatch", samplesComponents() ? miniBatchSize() : null,
                "epochLength", epochLength == 0 ? null : epochLength);
    }

    private record Sharded<S>(Shards<S> shards, ShardLoss<S> loss) {
        Replicas replicas(INDArray theta0, MezoStep step) {
            return shards.replicas(loss, theta0, step);
        }
    }
}
