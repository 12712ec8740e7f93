package org.zeroth.optimize;

import java.nio.DoubleBuffer;
import org.zeroth.Config;
import org.zeroth.tensor.Tensors;

/** ZO-signSGD (Liu et al. 2019): x ← x − lr · sign(ĝ); robust to the estimate's scale. */
public record SignSgd(double learningRate) implements UpdateRule {
    public SignSgd {
        UpdateRule.requireLearningRate(learningRate);
    }

    @Override
    public Update start(int dimension) {
        return (x, g, lr, t) -> {
            DoubleBuffer xs = Tensors.write(x);
            DoubleBuffer gs = Tensors.read(g);
            for (int i = 0; i < dimension; i++) {
                xs.put(i, xs.get(i) - lr * Math.signum(gs.get(i)));
            }
            Tensors.written(x);
        };
    }

    @Override
    public Config describe() {
        return Config.of("rule", "sign-sgd", "lr", learningRate);
    }
}
