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
}
