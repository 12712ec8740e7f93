package org.zeroth.estimate;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * Random directions u for the estimator ĝ = scale(d)/h · Δf · u, chosen so that E[scale · u uᵀ] = I.
 */
public enum Directions implements DirectionFamily {
    /** u ~ N(0, I): Nesterov–Spokoiny Gaussian smoothing. */
    GAUSSIAN("gaussian") {
        @Override
        void fill(DoubleBuffer u, int d, RandomStream stream) {
            stream.fillGaussian(u, 0, d);
        }
    },
    /** u uniform on the unit sphere, estimate scaled by d. */
    SPHERE("sphere") {
        @Override
        void fill(DoubleBuffer u, int d, RandomStream stream) {
            stream.fillGaussian(u, 0, d);
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += u.get(i) * u.get(i);
            }
            double inverse = 1 / Math.sqrt(norm);
            for (int i = 0; i < d; i++) {
                u.put(i, u.get(i) * inverse);
            }
        }

        @Override
        public double scale(int d) {
            return d;
        }
    },
    /** u ∈ {±1}^d with independent fair signs (SPSA). */
    RADEMACHER("rademacher") {
        @Override
        void fill(DoubleBuffer u, int d, RandomStream stream) {
            for (int i = 0; i < d; i++) {
                u.put(i, stream.rademacher(i));
            }
        }
    };

    private final String label;

    Directions(String label) {
        this.label = label;
    }

    abstract void fill(DoubleBuffer u, int d, RandomStream stream);

    @Override
    public void fill(INDArray u, RandomStream stream) {
        fill(Tensors.write(u), (int) u.length(), stream);
        Tensors.written(u);
    }

    @Override
    public double scale(int d) {
        return 1;
    }

    @Override
    public String label() {
        return label;
    }

    /** E‖ĝ − a‖² = c(d)‖a‖²/q on a linear f: c = d + 1 for Gaussian, d − 1 for sphere and Rademacher directions. */
    double errorFactor(int d) {
        return this == GAUSSIAN ? d + 1 : d - 1;
    }

    @Override
    public double linearMeanSquaredError(INDArray a, int q) {
        return errorFactor((int) a.length()) * Tensors.dot(a, a) / q;
    }
}
