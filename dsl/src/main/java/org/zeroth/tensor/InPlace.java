package org.zeroth.tensor;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fused loops over a parameter array that is never copied (MeZO): perturb along a regenerated Gaussian
 * direction, and update from several regenerated directions in one pass. No d-sized buffer is allocated.
 * Both run on all cores in fixed chunks: the parameters and the returned norm do not depend on the thread count.
 */
public final class InPlace {
    private InPlace() {
    }

    /** θ += a · z with z the stream's standard normals. */
    public static void perturb(INDArray theta, RandomStream z, double a) {
        int n = (int) theta.length();
        if (theta.dataType() == DataType.FLOAT) {
            Chunks.update(Tensors.readFloats(theta), n, (t, first, count) -> {
                z.addGaussian(a, t, first, count);
                return 0;
            });
        } else {
            Chunks.update(Tensors.read(theta), n, (t, first, count) -> {
                z.addGaussian(a, t, first, count);
                return 0;
            });
        }
        Tensors.written(theta);
    }

    /**
     * θ ← θ − (Σᵢ cᵢ zᵢ + decay · θ) in one pass, regenerating every zᵢ; returns the norm of the change.
     */
    public static double update(INDArray theta, RandomStream[] z, double[] c, double decay) {
        return update(theta, 0, z, c, decay);
    }

    /**
     * The end of a MeZO step in one pass: first θ += restore · z_last (undoing the last query's perturbation,
     * z_last = {@code z[z.length − 1]}), then the update of {@link #update}. Bit for bit the same as
     * {@code perturb(theta, z_last, restore)} followed by {@code update(theta, z, c, decay)}, with one
     * regeneration and one pass over θ fewer. Returns the norm of the update's change.
     */
    public static double restoreAndUpdate(INDArray theta, double restore, RandomStream[] z, double[] c,
                                          double decay) {
        if (restore == 0) {
            throw new IllegalArgumentException("restoreAndUpdate needs the last perturbation's nonzero coefficient;"
                    + " use update(...) when θ is not perturbed");
        }
        return update(theta, restore, z, c, decay);
    }

    private static double update(INDArray theta, double restore, RandomStream[] z, double[] c, double decay) {
        int n = (int) theta.length();
        double squares;
        if (theta.dataType() == DataType.FLOAT) {
            squares = Chunks.update(Tensors.readFloats(theta), n, (t, first, count) -> {
                double[] combination = combination(t, restore, z, c, first, count);
                double sum = 0;
                for (int k = 0; k < count; k++) {
                    float before = t[k];
                    float after = (float) (before - (combination[k] + decay * before));
                    t[k] = after;
                    sum += (double) (after - before) * (after - before);
                }
                return sum;
            });
        } else {
            squares = Chunks.update(Tensors.read(theta), n, (t, first, count) -> {
                double[] combination = combination(t, restore, z, c, first, count);
                double sum = 0;
                for (int k = 0; k < count; k++) {
                    double before = t[k];
                    double after = before - (combination[k] + decay * before);
                    t[k] = after;
                    sum += (after - before) * (after - before);
                }
                return sum;
            });
        }
        Tensors.written(theta);
        return Math.sqrt(squares);
    }

    /**
     * Σᵢ cᵢ zᵢ[first + k] for the chunk, summed in query order; when {@code restore ≠ 0}, also adds restore · z_last
     * to the chunk's values, reusing the last direction's normals.
     */
    private static double[] combination(Object values, double restore, RandomStream[] z, double[] c, long first,
                                        int count) {
        double[] sum = Chunks.sums();
        java.util.Arrays.fill(sum, 0, count, 0.0);
        for (int i = 0; i < z.length; i++) {
            long[] words = z[i].words(first, count);
            double ci = c[i];
            boolean last = restore != 0 && i == z.length - 1;
            if (!last) {
                for (int k = 0; k < count; k++) {
                    sum[k] += ci * Ziggurat.normal(words[k]);
                }
            } else if (values instanceof float[] t) {
                for (int k = 0; k < count; k++) {
                    double normal = Ziggurat.normal(words[k]);
                    t[k] = (float) (t[k] + restore * normal);
                    sum[k] += ci * normal;
                }
            } else {
                double[] t = (double[]) values;
                for (int k = 0; k < count; k++) {
                    double normal = Ziggurat.normal(words[k]);
                    t[k] += restore * normal;
                    sum[k] += ci * normal;
                }
            }
        }
        return sum;
    }
}
