package org.zeroth.optimize;

import org.zeroth.Config;
import org.zeroth.tensor.Tensors;

/** ZO-SGD: x ← x − lr · ĝ. */
public record Sgd(double learningRate) implements UpdateRule {
    public Sgd {
        UpdateRule.requireLearningRate(learningRate);
    }

    @Override
    public Update start(int dimension) {
        return (x, g, lr, t) -> Tensors.axpy(-lr, g, x);
    }

    @Override
    public Config describe() {
        return Config.of("rule", "sgd", "lr", learningRate);
    }
}
