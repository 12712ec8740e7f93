package org.zeroth.bench;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Objective;
import org.zeroth.tensor.Tensors;

/**
 * The cheap objective of the MeZO timing: ‖x‖² by {@link Tensors#squaredNorm} (read in place, double
 * accumulation, all cores, the same value on any thread count). numpy's counterpart is {@code x @ x}.
 */
final class SquaredNorm implements Objective {
    @Override
    public double value(INDArray x) {
        return Tensors.squaredNorm(x);
    }

    @Override
    public String name() {
        return "squared norm";
    }
}
