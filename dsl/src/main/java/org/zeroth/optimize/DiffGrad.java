package org.zeroth.optimize;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Config;
import org.zeroth.tensor.Tensors;

/**
 * ZO-diffGrad — "diffGrad: An Optimization Method for Convolutional Neural Networks" (Dubey et al. 2019): Adam's
 * step scaled per coordinate by the friction ξ = 1 / (1 + e^(−|ĝₜ₋₁ − ĝₜ|)) ∈ [½, 1): where the estimate barely
 * changes, the step halves. x ← x − lr · ξ · m̂ / (√v̂ + ε), m̂, v̂ Adam's bias-corrected moments; ĝ₀ = 0 as in the
 * authors' code. State: m, v and the previous estimate (3d values).
 */
public record DiffGrad(double learningRate, double beta1, double beta2, double epsilon) implements UpdateRule {
    public DiffGrad {
        UpdateRule.requireLearningRate(learningRate);
        UpdateRule.requireUnitInterval("diffGrad beta1", beta1);
        UpdateRule.requireUnitInterval("diffGrad beta2", beta2);
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("diffGrad epsilon must be positive, got " + epsilon
                    + "; the usual value is 1e-8");
        }
    }

    /** Adam's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8, as in the paper. */
    public DiffGrad(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8);
    }

    @Override
    public Update start(int dimension) {
        INDArray mVector = Tensors.zeros(dimension);
        INDArray vVector = Tensors.zeros(dimension);
        INDArray previousVector = Tensors.zeros(dimension);
        return (x, g, lr, t) -> {
            double correction1 = 1 - Math.pow(beta1, t);
            double correction2 = 1 - Math.pow(beta2, t);
            DoubleBuffer m = Tensors.write(mVector);
            DoubleBuffer v = Tensors.write(vVector);
            DoubleBuffer previous = Tensors.write(previousVector);
            DoubleBuffer xs = Tensors.write(x);
            DoubleBuffer gs = Tensors.read(g);
            for (int i = 0; i < dimension; i++) {
                double gi = gs.get(i);
                double mi = beta1 * m.get(i) + (1 - beta1) * gi;
                double vi = beta2 * v.get(i) + (1 - beta2) * gi * gi;
                double friction = 1 / (1 + Math.exp(-Math.abs(previous.get(i) - gi)));
                m.put(i, mi);
                v.put(i, vi);
                previous.put(i, gi);
                xs.put(i, xs.get(i) - lr * friction * (mi / correction1) / (Math.sqrt(vi / correction2) + epsilon));
            }
            Tensors.written(x);
            Tensors.written(mVector);
            Tensors.written(vVector);
            Tensors.written(previousVector);
        };
    }

    @Override
    public int stateVectors() {
        return 3;
    }

    @Override
    public Config describe() {
        return Config.of("rule", "diffgrad", "lr", learningRate, "beta1", beta1, "beta2", beta2, "eps", epsilon);
    }
}
