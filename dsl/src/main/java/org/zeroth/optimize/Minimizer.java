package org.zeroth.optimize;

import java.util.Objects;
import org.zeroth.Config;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.RunContext;
import org.zeroth.estimate.EstimatorOptions;
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

    public Minimizer(Objective objective, boolean maximize) {
        super(objective, maximize);
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
     * gradient) per step for {@link Run#replay}. Gaussian directions, forward or central, ZO-SGD.
     */
    public Minimizer inPlace() {
        return with(m -> m.inPlace = true);
    }

    /** Runs at most n steps (fewer if a budget, target, time limit or interrupt ends it first). */
    @Override
    protected Run runSteps(long n) {
        return steps(n);
    }

    public Run steps(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("steps(n) needs n ≥ 0, got " + n);
        }
        return inPlace ? new InPlaceDescent(this, n).run() : new ZerothOrderDescent(this, n).run();
    }

    @Override
    protected String plannedMethod() {
        return inPlace ? "mezo" : ZerothOrderDescent.method(rule);
    }

    @Override
    protected Config plannedSettings(Integer d) {
        return config(Config.of(), estimator());
    }

    /** The validated common options, for the loops in this package. */
    RunContext runContext(String method) {
        return context(method, inPlace);
    }

    boolean hasBounds() {
        return bounds != null;
    }

    boolean isMezoEstimator() {
        return isGaussianTwoPoint();
    }

    /** The run's full configuration: common options, estimator, rule, schedule and the rest. */
    Config config(Config common, GradientEstimator estimator) {
        return common.with(estimator.describe()).with(rule.describe()).with(
                "schedule", schedule.toString().equals("constant") ? null : schedule,
                "weightDecay", weightDecay == 0 ? null : weightDecay,
                "parallelism", parallelism == 1 ? null : parallelism,
                "inPlace", inPlace ? true : null);
    }
}
