package org.zeroth.optimize;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Config;
import org.zeroth.tensor.Tensors;

/**
 * ZO-Lion — "Symbolic Discovery of Optimization Algorithms" (Chen et al. 2023, Algorithm 2): the sign of an
 * interpolation between momentum and estimate, with the paper's decoupled weight decay λ:
 * c ← β₁ m + (1 − β₁) ĝ; x ← x − lr · (sign(c) + λ x); m ← β₂ m + (1 − β₂) ĝ.
 * Every coordinate moves by lr (plus decay), so lr is typically 3–10× smaller than Adam's. State: m (d values).
 */
public record Lion(double learningRate, double beta1, double beta2, double weightDecay) implements UpdateRule {
    public Lion {
        UpdateRule.requireLearningRate(learningRate);
        UpdateRule.requireUnitInterval("Lion beta1", beta1);
        UpdateRule.requireUnitInterval("Lion beta2", beta2);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("Lion's weight decay must be ≥ 0, got " + weightDecay
                    + "; the paper uses 3–10× AdamW's value, e.g. 0.1");
        }
    }

    /** The paper's defaults β₁ = 0.9, β₂ = 0.99, no weight decay. */
    public Lion(double learningRate) {
        this(learningRate, 0.9, 0.99, 0);
    }

    @Override
    public Update start(int dimension) {
        INDArray mVector = Tensors.zeros(dimension);
        return (x, g, lr, t) -> {
            DoubleBuffer m = Tensors.write(mVector);
            DoubleBuffer xs = Tensors.write(x);
            DoubleBuffer gs = Tensors.read(g);
            for (int i = 0; i < dimension; i++) {
                double gi = gs.get(i);
                double c = beta1 * m.get(i) + (1 - beta1) * gi;
                xs.put(i, xs.get(i) - lr * (Math.signum(c) + weightDecay * xs.get(i)));
                m.put(i, beta2 * m.get(i) + (1 - beta2) * gi);
            }
            Tensors.written(x);
            Tensors.written(mVector);
        };
    }

    @Override
    public int stateVectors() {
        return 1;
    }

    @Override
    public Config describe() {
        return Config.of("rule", "lion", "lr", learningRate, "beta1", beta1, "beta2", beta2,
                "wd", weightDecay == 0 ? null : weightDecay);
    }
}
