package org.zeroth.optimize;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Config;
import org.zeroth.tensor.Tensors;

/** ZO-momentum (heavy ball): m ← β m + ĝ; x ← x − lr · m. */
public record Momentum(double learningRate, double beta) implements UpdateRule {
    public Momentum {
        UpdateRule.requireLearningRate(learningRate);
        UpdateRule.requireUnitInterval("momentum beta", beta);
    }

    @Override
    public Update start(int dimension) {
        INDArray mVector = Tensors.zeros(dimension);
        return (x, g, lr, t) -> {
            DoubleBuffer m = Tensors.write(mVector);
            DoubleBuffer xs = Tensors.write(x);
            DoubleBuffer gs = Tensors.read(g);
            for (int i = 0; i < dimension; i++) {
                double mi = beta * m.get(i) + gs.get(i);
                m.put(i, mi);
                xs.put(i, xs.get(i) - lr * mi);
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
        return Config.of("rule", "momentum", "lr", learningRate, "beta", beta);
    }
}
