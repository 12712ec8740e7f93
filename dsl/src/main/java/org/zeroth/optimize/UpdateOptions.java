package org.zeroth.optimize;

/**
 * The update-rule options of every descent builder ({@code zo.minimize}, {@code zo.minimizeByRanking}): the
 * shortcuts live here once, each builder supplies {@link #rule} and {@link #schedule}.
 */
public interface UpdateOptions<B extends UpdateOptions<B>> {

    /** Any update rule, e.g. one of your own; it receives the method's gradient estimate. */
    B rule(UpdateRule updateRule);

    /** Scales the learning rate at step t, e.g. {@code Schedule.inverseSqrt()}. Default: constant. */
    B schedule(Schedule learningRateSchedule);

    /** ZO-SGD: x ← x − lr · ĝ. */
    default B sgd(double lr) {
        return rule(new Sgd(lr));
    }

    /** ZO-signSGD: x ← x − lr · sign(ĝ). */
    default B signSgd(double lr) {
        return rule(new SignSgd(lr));
    }

    /** ZO-momentum: m ← β m + ĝ; x ← x − lr · m. */
    default B momentum(double lr, double beta) {
        return rule(new Momentum(lr, beta));
    }

    /** ZO-Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
    default B adam(double lr) {
        return rule(new Adam(lr));
    }

    default B adam(double lr, double beta1, double beta2, double epsilon) {
        return rule(new Adam(lr, beta1, beta2, epsilon));
    }

    /** ZO-Lion (Chen et al. 2023) with β₁ = 0.9, β₂ = 0.99: x ← x − lr · sign(β₁ m + (1 − β₁) ĝ). */
    default B lion(double lr) {
        return rule(new Lion(lr));
    }

    default B lion(double lr, double beta1, double beta2) {
        return rule(new Lion(lr, beta1, beta2, 0));
    }

    /** Lion with the paper's decoupled weight decay: x ← x − lr · (sign(c) + wd · x). */
    default B lion(double lr, double beta1, double beta2, double weightDecay) {
        return rule(new Lion(lr, beta1, beta2, weightDecay));
    }

    /** ZO-AdaBelief (Zhuang et al. 2020) with β₁ = 0.9, β₂ = 0.999, ε = 1e-16: second moment of (ĝ − m). */
    default B adaBelief(double lr) {
        return rule(new AdaBelief(lr));
    }

    default B adaBelief(double lr, double beta1, double beta2, double epsilon) {
        return rule(new AdaBelief(lr, beta1, beta2, epsilon));
    }

    /** ZO-diffGrad (Dubey et al. 2019): Adam scaled per coordinate by the friction 1/(1 + e^(−|ĝₜ₋₁ − ĝₜ|)). */
    default B diffGrad(double lr) {
        return rule(new DiffGrad(lr));
    }
}
