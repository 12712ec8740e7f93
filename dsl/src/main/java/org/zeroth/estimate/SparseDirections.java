package org.zeroth.estimate;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * Sparse Gaussian directions: each coordinate is perturbed with probability p (independently, drawn anew for
 * every direction), uᵢ = mᵢ zᵢ with mᵢ ~ Bernoulli(p), z ~ N(0, I). E[u uᵀ] = p I, so scale = 1/p keeps the
 * estimate unbiased on a linear f. Its price: E‖ĝ − a‖² = (d − 2 + 3/p)‖a‖²/q (p = 1 gives Gaussian's d + 1),
 * from E[(uᵀa)²‖u‖²] = ‖a‖² p (3 + (d − 1)p). A step touches about p·d coordinates (ZO-Bench's and DeepZero's
 * sparse perturbations).
 */
public record SparseDirections(double density) implements DirectionFamily {
    /** The stream index of the coordinate picks: apart from the Gaussian values' indices, so the two are independent. */
    private static final long PICKS = 0x5a5a_0001L;

    public SparseDirections {
        if (!(density > 0 && density <= 1)) {
            throw new IllegalArgumentException("withSparseDirections(h, density) needs 0 < density ≤ 1 (the"
                    + " fraction of coordinates each direction perturbs), got " + density + "; e.g. 0.1");
        }
    }

    /** The stream that picks a direction's coordinates (uniform(i) < density), apart from its Gaussian values. */
    public static RandomStream picks(RandomStream direction) {
        return direction.fork(PICKS);
    }

    @Override
    public void fill(INDArray u, RandomStream stream) {
        RandomStream picks = picks(stream);
        DoubleBuffer out = Tensors.write(u);
        for (int i = 0; i < out.limit(); i++) {
            out.put(i, picks.uniform(i) < density ? stream.gaussian(i) : 0);
        }
        Tensors.written(u);
    }

    @Override
    public double scale(int d) {
        return 1 / density;
    }

    @Override
    public String label() {
        return "sparse-gaussian(" + density + ")";
    }

    @Override
    public double linearMeanSquaredError(INDArray a, int q) {
        double squaredNorm = Tensors.dot(a, a);
        return (a.length() - 2 + 3 / density) * squaredNorm / q;
    }
}
