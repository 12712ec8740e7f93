package org.zeroth.optimize;

import java.io.Serializable;
import java.util.Objects;
import java.util.function.LongToDoubleFunction;

/** The factor the base learning rate is multiplied by at step t ≥ 1. */
@FunctionalInterface
public interface Schedule {
    double factor(long t);

    /** factor(t), refused unless finite and ≥ 0: a negative factor climbs, silently; a NaN one ends in NaN. */
    default double checkedFactor(long t) {
        double f = factor(t);
        if (!(f >= 0) || Double.isInfinite(f)) {
            throw new IllegalArgumentException("the learning-rate schedule gave the factor " + f + " at step " + t
                    + "; it must be finite and ≥ 0 at every step, e.g. t -> Math.pow(0.999, t)");
        }
        return f;
    }

    /** 1 at every step. */
    static Schedule constant() {
        return named((LongToDoubleFunction & Serializable) t -> 1.0, "constant");
    }

    /** 1/√t: the classic decay for stochastic (zeroth-order) gradient methods. */
    static Schedule inverseSqrt() {
        return named((LongToDoubleFunction & Serializable) t -> 1 / Math.sqrt(t), "1/sqrt(t)");
    }

    /** Any factor as a function of the step t ≥ 1, e.g. {@code t -> Math.pow(0.999, t)}. */
    static Schedule of(LongToDoubleFunction factor) {
        Objects.requireNonNull(factor, "schedule: give a function of the step, e.g. t -> 1.0 / t");
        return named(factor, "custom");
    }

    private static Schedule named(LongToDoubleFunction factor, String name) {
        return new Named(factor, name);
    }

    /** A factor with its name; serializable (for checkpoints) when the factor is. */
    record Named(LongToDoubleFunction factor, String name) implements Schedule, Serializable {
        @Override
        public double factor(long t) {
            return factor.applyAsDouble(t);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
