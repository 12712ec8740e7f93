package org.zeroth;

import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/**
 * A function that can only be evaluated: f(x) for a vector x. Write it as a lambda over an {@link INDArray},
 * {@code x -> x.norm2Number().doubleValue()}, or over a {@code double[]} with {@link #ofArray}.
 * An objective must not modify x; with {@code parallelism(k)} it is called from k threads at once.
 */
@FunctionalInterface
public interface Objective {
    double value(INDArray x);

    /** An objective written over plain {@code double[]} vectors: {@code Objective.ofArray(x -> x[0] * x[0])}. */
    static Objective ofArray(ToDoubleFunction<double[]> f) {
        Objects.requireNonNull(f, "the double[] objective is null: pass a function such as x -> x[0] * x[0]");
        return x -> f.applyAsDouble(Tensors.toArray(x));
    }

    /**
     * f with its dimension and name: a run checks its start against the dimension, and summaries and legends use
     * the name, e.g. {@code Objective.of(20, "my-f", x -> x.norm2Number().doubleValue())}. Dimension 0: any.
     */
    static Objective of(int dimension, String name, Objective f) {
        if (f instanceof FiniteSum sum) {
            Named.of(dimension, name, f); // the same checks and messages
            return sum.named(dimension, name);
        }
        return Named.of(dimension, name, f);
    }

    /** As {@link #of(int, String, Objective)} for f over {@code double[]}: {@code Objective.ofArray(20, "my-f", x -> …)}. */
    static Objective ofArray(int dimension, String name, ToDoubleFunction<double[]> f) {
        return Named.of(dimension, name, ofArray(f));
    }

    /**
     * A finite sum f(x) = (1/n) Σᵢ fᵢ(x) over components i = 0 … n − 1, e.g. a loss over n examples:
     * {@code Objective.finiteSum(100, (i, x) -> Math.pow(a[i].dot(x) - b[i], 2))}. Its value is the mean; mini-batch
     * and variance-reduced descents ({@code miniBatch(b)}, {@code svrg(m)}) query single components. On a finite
     * sum one evaluation is one component query, so f(x) counts n ({@link FiniteSum}).
     */
    static FiniteSum finiteSum(int n, FiniteSum.Component f) {
        return new FiniteSum(n, 0, "finite-sum(" + n + ")", f);
    }

    /** The dimension f is defined for, or 0 when any dimension goes. */
    default int dimension() {
        return 0;
    }

    /** The usual start point, or null when there is none (then a run needs {@code from(x0)}). */
    default INDArray start() {
        return null;
    }

    /** A short name for summaries and legends. */
    default String name() {
        return "f";
    }

    /** An objective with a declared dimension and name ({@link #of(int, String, Objective)}). */
    record Named(int dimension, String name, Objective f) implements Objective {
        static Named of(int dimension, String name, Objective f) {
            if (dimension < 0) {
                throw new IllegalArgumentException("Objective.of(dimension, name, f): dimension must be ≥ 1 (or 0 for"
                        + " any), got " + dimension);
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("Objective.of(dimension, name, f): give a short name for legends,"
                        + " e.g. \"my-f\"");
            }
            Objects.requireNonNull(f, "Objective.of(dimension, name, f): f is null; pass a function such as"
                    + " x -> x.norm2Number().doubleValue()");
            return new Named(dimension, name, f);
        }

        @Override
        public double value(INDArray x) {
            return f.value(x);
        }

        @Override
        public INDArray start() {
            return f.start();
        }
    }
}
