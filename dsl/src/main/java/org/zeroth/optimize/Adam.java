package org.zeroth.optimize;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Config;
import org.zeroth.tensor.Tensors;

/** ZO-Adam (ZO-AdaMM, Chen et al. 2019): Adam's bias-corrected moments of the estimate. */
public record Adam(double learningRate, double beta1, double beta2, double epsilon) implements UpdateRule {
    public Adam {
        UpdateRule.requireLearningRate(learningRate);
        UpdateRule.requireUnitInterval("Adam beta1", beta1);
        UpdateRule.requireUnitInterval("Adam beta2", beta2);
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam epsilon must be positive, got " + epsilon + "; the usual value is 1e-8");
        }
    }

    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8);
    }

    @Override
    public Update start(int dimension) {
        // Moments live in one ND4J array each; the loop below is the only place they are touched.
        INDArray mVector = Tensors.zeros(dimension);
        INDArray vVector = Tensors.zeros(dimension);
        return (x, g, lr, t) -> {
            double correction1 = 1 - Math.pow(beta1, t);
            double correction2 = 1 - Math.pow(beta2, t);
            DoubleBuffer m = Tensors.write(mVector);
            DoubleBuffer v = Tensors.write(vVector);
            DoubleBuffer xs = Tensors.write(x);
            DoubleBuffer gs = Tensors.read(g);
            for (int i = 0; i < dimension; i++) {
                double gi = gs.get(i);
                double mi = beta1 * m.get(i) + (1 - beta1) * gi;
                double vi = beta2 * v.get(i) + (1 - beta2) * gi * gi;
                m.put(i, mi);
                v.put(i, vi);
                xs.put(i, xs.get(i) - lr * (mi / correction1) / (Math.sqrt(vi / correction2) + epsilon));
            }
            Tensors.written(x);
            Tensors.written(mVector);
            Tensors.written(vVector);
        };
    }

    @Override
    public int stateVectors() {
        return 2;
    }

    @Override
    public Config describe() {
        return Config.of("rule", "adam", "lr", learningRate, "beta1", beta1, "beta2", beta2, "eps", epsilon);
    }
}
