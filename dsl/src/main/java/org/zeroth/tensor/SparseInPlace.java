package org.zeroth.tensor;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused loops of {@link InPlace} for sparse Gaussian directions uᵢ = [picks.uniform(i) < p] · z.gaussian(i)
 * (the estimate's {@code SparseDirections}): block by block, the direction's support and values are regenerated
 * from the two streams into a per-thread array of {@link Chunks#BLOCK} elements, so no d-sized buffer is ever
 * allocated. The arithmetic is that of the dense loops with 0 off the support: a coordinate off it never changes
 * but for weight decay.
 */
public final class SparseInPlace {
    private static final ThreadLocal<double[]> DIRECTION = ThreadLocal.withInitial(() -> new double[Chunks.BLOCK]);
    private static final ThreadLocal<double[]> COMBINATION = ThreadLocal.withInitial(() -> new double[Chunks.BLOCK]);
    private static final double UNIT = 0x1.0p-53;

    private SparseInPlace() {
    }

    /** The direction's values for elements [first, first + count) into the thread's scratch array. */
    static double[] block(RandomStream z, RandomStream picks, double density, long first, int count) {
        double[] u = DIRECTION.get();
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
        int n = (int) theta.length();
        if (theta.dataType() == DataType.FLOAT) {
            Chunks.update(Tensors.readFloats(theta), n, (t, first, count) -> {
                double[] u = block(z, picks, density, first, count);
                for (int k = 0; k < count; k++) {
                    t[k] = (float) (t[k] + a * u[k]);
                }
                return 0;
            });
        } else {
            Chunks.update(Tensors.read(theta), n, (t, first, count) -> {
                double[] u = block(z, picks, density, first, count);
                for (int k = 0; k < count; k++) {
                    t[k] += a * u[k];
                }
                return 0;
            });
        }
        Tensors.written(theta);
    }

    /**
     * As {@link InPlace#restoreAndUpdate}: θ += restore · u_last, then θ ← θ − (Σᵢ cᵢ uᵢ + decay · θ), in one
     * pass; returns the norm of the update's change.
     */
    public static double restoreAndUpdate(INDArray theta, double restore, RandomStream[] z, RandomStream[] picks,
                                          double density, double[] c, double decay) {
        int n = (int) theta.length();
        boolean floats = theta.dataType() == DataType.FLOAT;
        double squares;
        if (floats) {
            squares = Chunks.update(Tensors.readFloats(theta), n, (t, first, count) -> {
                double[] sum = combination(t, restore, z, picks, density, c, first, count);
                for (int k = 0; k < count; k++) {
                    float before = t[k];
                    float after = (float) (before - (sum[k] + decay * before));
                    t[k] = after;
                    sum[k] = (double) (after - before) * (after - before);
                }
                return InPlace.sum(sum, count);
            });
        } else {
            squares = Chunks.update(Tensors.read(theta), n, (t, first, count) -> {
                double[] sum = combination(t, restore, z, picks, density, c, first, count);
                for (int k = 0; k < count; k++) {
                    double before = t[k];
                    double after = before - (sum[k] + decay * before);
                    t[k] = after;
                    sum[k] = (after - before) * (after - before);
                }
                return InPlace.sum(sum, count);
            });
        }
        Tensors.written(theta);
        return Math.sqrt(squares);
    }

    /** Σᵢ cᵢ uᵢ over the block in query order; first adds restore · u_last to the block's values. */
    private static double[] combination(Object values, double restore, RandomStream[] z, RandomStream[] picks,
                                        double density, double[] c, long first, int count) {
        double[] sum = COMBINATION.get();
        java.util.Arrays.fill(sum, 0, count, 0.0);
        for (int i = 0; i < z.length; i++) {
            double[] u = block(z[i], picks[i], density, first, count);
            if (restore != 0 && i == z.length - 1) {
                if (values instanceof float[] t) {
                    for (int k = 0; k < count; k++) {
                        t[k] = (float) (t[k] + restore * u[k]);
                    }
                } else {
                    double[] t = (double[]) values;
                    for (int k = 0; k < count; k++) {
                        t[k] += restore * u[k];
                    }
                }
            }
            double ci = c[i];
            for (int k = 0; k < count; k++) {
                sum[k] += ci * u[k];
            }
        }
        return sum;
    }
}
