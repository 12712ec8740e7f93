package org.zeroth;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.optimize.Minimizer;
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

    /** A double vector, e.g. {@code zo.vector(1, 2, 3)}. */
    public INDArray vector(double... values) {
        return Tensors.vector(values);
    }
}
