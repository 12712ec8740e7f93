package org.zeroth.tensor;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused loops of {@link InPlace} for sparse Gaussian directions uᵢ = [picks.uniform(i) < p] · z.gaussian(i)
 * (the estimate's {@code SparseDirections}): block by block, the direction's support and values are regenerated
 * from the two streams ({@link DirectionBlocks}).
 */
public final class SparseInPlace {
    private static final double UNIT = 0x1.0p-53;

    private SparseInPlace() {
    }

    /** The direction's values for elements [first, first + count) into the thread's scratch array. */
    static double[] block(RandomStream z, RandomStream picks, double density, long first, int count) {
        double[] u = DirectionBlocks.direction();
        long[] words = picks.words(first, count);
        for (int k = 0; k < count; k++) {
            u[k] = ((words[k] >>> 11) + 0.5) * UNIT < density ? 1 : 0; // RandomStream.uniform
        }
        words = z.words(first, count);
        for (int k = 0; k < count; k++) {
            u[k] = u[k] == 0 ? 0 : Ziggurat.normal(words[k]);
        }
        return u;
    }

    /** θ += a · u with u the sparse direction of (z, picks, density). */
    public static void perturb(INDArray theta, RandomStream z, RandomStream picks, double density, double a) {
        DirectionBlocks.perturb(theta, null, (i, first, count) -> block(z, picks, density, first, count), a);
    }

    /**
     * As {@link InPlace#restoreAndUpdate}: θ += restore · u_last (none when restore is 0), then
     * θ ← θ − (Σᵢ cᵢ uᵢ + decay · θ), in one pass; returns the norm of the update's change.
     */
    public static double restoreAndUpdate(INDArray theta, double restore, RandomStream[] z, RandomStream[] picks,
                                          double density, double[] c, double decay) {
        return DirectionBlocks.update(theta, null, restore, (i, first, count) -> block(z[i], picks[i], density, first,
                count), c, decay);
    }
}
