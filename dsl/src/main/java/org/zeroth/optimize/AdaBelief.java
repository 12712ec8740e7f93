package org.zeroth.optimize;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Config;
import org.zeroth.tensor.Tensors;

/**
 * ZO-AdaBelief — "AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients" (Zhuang et al.
 * 2020, Algorithm 2): Adam whose second moment tracks (ĝ − m)², the estimate's surprise, not ĝ²:
 * m ← β₁ m + (1 − β₁) ĝ; s ← β₂ s + (1 − β₂)(ĝ − m)² + ε; x ← x − lr · m̂ / (√ŝ + ε), with bias-corrected
 * m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ). A noisy ZO estimate that keeps its direction takes large steps.
 * State: m and s (2d values).
 */
public record AdaBelief(double learningRate, double beta1, double beta2, double epsilon) implements UpdateRule {
    public AdaBelief {
        UpdateRule.requireLearningRate(learningRate);
        UpdateRule.requireUnitInterval("AdaBelief beta1", beta1);
        UpdateRule.requireUnitInterval("AdaBelief beta2", beta2);
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("AdaBelief epsilon must be positive, got " + epsilon
                    + "; the authors' default is 1e-16");
        }
    }

    /** β₁ = 0.9, β₂ = 0.999 and the authors' ε = 1e-16 (it enters s too, so it is smaller than Adam's). */
    public AdaBelief(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-16);
    }

    @Override
    public Update start(int dimension) {
        INDArray mVector = Tensors.zeros(dimension);
        INDArray sVector = Tensors.zeros(dimension);
        return (x, g, lr, t) -> {
            double correction1 = 1 - Math.pow(beta1, t);
            double correction2 = 1 - Math.pow(beta2, t);
            DoubleBuffer m = Tensors.write(mVector);
            DoubleBuffer s = Tensors.write(sVector);
            DoubleBuffer xs = Tensors.write(x);
            DoubleBuffer gs = Tensors.read(g);
            for (int i = 0; i < dimension; i++) {
                double gi = gs.get(i);
                double mi = beta1 * m.get(i) + (1 - beta1) * gi;
                double surprise = gi - mi;
                double si = beta2 * s.get(i) + (1 - beta2) * surprise * surprise + epsilon;
                m.put(i, mi);
                s.put(i, si);
                xs.put(i, xs.get(i) - lr * (mi / correction1) / (Math.sqrt(si / correction2) + epsilon));
            }
            Tensors.written(x);
            Tensors.written(mVector);
            Tensors.written(sVector);
        };
    }

    @Override
    public int stateVectors() {
        return 2;
    }

    @Override
    public Config describe() {
        return Config.of("rule", "adabelief", "lr", learningRate, "beta1", beta1, "beta2", beta2, "eps", epsilon);
    }
}
