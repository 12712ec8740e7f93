package org.zeroth.tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fused loops over a parameter array that is never copied (MeZO): perturb along a regenerated Gaussian
 * direction, and update from several regenerated directions in one pass. No d-sized buffer is allocated. Other
 * draws ({@link Draw}: Rademacher, SPSA's ±1) run the block loops of {@link DirectionBlocks}.
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

    /** θ += a · u with u the draws of z's counters. */
    public static void perturb(INDArray theta, RandomStream z, Draw draw, double a) {
        if (draw == Draw.GAUSSIAN) {
            perturb(theta, z, a);
        } else {
            DirectionBlocks.perturb(theta, null, DirectionBlocks.drawn(new RandomStream[] {z}, draw), a);
        }
    }

    /**
     * As {@link #restoreAndUpdate}, for directions of any draw: θ += restore · u_last (none when restore is 0),
     * then θ ← θ − (Σᵢ cᵢ uᵢ + decay · θ), in one pass; returns the norm of the update's change.
     */
    public static double restoreAndUpdate(INDArray theta, double restore, RandomStream[] z, Draw draw, double[] c,
                                          double decay) {
        return draw == Draw.GAUSSIAN ? update(theta, restore, z, c, decay)
                : DirectionBlocks.update(theta, null, restore, DirectionBlocks.drawn(z, draw), c, decay);
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
                double[] change = Chunks.sums();
                if (z.length == 1 && restore != 0) {
                    // MeZO's q = 1 in one loop: regenerate, restore, update.
                    long[] words = z[0].words(first, count);
                    double c0 = c[0];
                    for (int k = 0; k < count; k++) {
                        double normal = Ziggurat.normal(words[k]);
                        float before = (float) (t[k] + restore * normal);
                        float after = (float) (before - (c0 * normal + decay * before));
                        t[k] = after;
                        change[k] = (double) (after - before) * (after - before);
                    }
                } else if (z.length == 1) {
                    long[] words = z[0].words(first, count);
                    double c0 = c[0];
                    for (int k = 0; k < count; k++) {
                        float before = t[k];
                        float after = (float) (before - (c0 * Ziggurat.normal(words[k]) + decay * before));
                        t[k] = after;
                        change[k] = (double) (after - before) * (after - before);
                    }
                } else {
                    double[] combination = combination(t, restore, z, c, first, count); // = change
                    for (int k = 0; k < count; k++) {
                        float before = t[k];
                        float after = (float) (before - (combination[k] + decay * before));
                        t[k] = after;
                        combination[k] = (double) (after - before) * (after - before);
                    }
                }
                return sum(change, count);
            });
        } else {
            squares = Chunks.update(Tensors.read(theta), n, (t, first, count) -> {
                double[] change = Chunks.sums();
                if (z.length == 1) {
                    long[] words = z[0].words(first, count);
                    double c0 = c[0];
                    for (int k = 0; k < count; k++) {
                        double normal = Ziggurat.normal(words[k]);
                        double before = restore == 0 ? t[k] : t[k] + restore * normal;
                        double after = before - (c0 * normal + decay * before);
                        t[k] = after;
                        change[k] = (after - before) * (after - before);
                    }
                } else {
                    double[] combination = combination(t, restore, z, c, first, count); // = change
                    for (int k = 0; k < count; k++) {
                        double before = t[k];
                        double after = before - (combination[k] + decay * before);
                        t[k] = after;
                        combination[k] = (after - before) * (after - before);
                    }
                }
                return sum(change, count);
            });
        }
        Tensors.written(theta);
        return Math.sqrt(squares);
    }

    /**
     * Σᵢ cᵢ zᵢ[first + k] for the block, summed in query order, into the thread's sums array; when
     * {@code restore ≠ 0}, also adds restore · z_last to the block's values, reusing the last direction's normals.
     */
    private static double[] combination(Object values, double restore, RandomStream[] z, double[] c, long first,
                                        int count) {
        double[] sum = Chunks.sums();
        Arrays.fill(sum, 0, count, 0.0);
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

    /** Σ v[0, count) with four running sums: one alone is bound by the latency of each addition. */
    static double sum(double[] v, int count) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < count; k += 4) {
            s0 += v[k];
            s1 += v[k + 1];
            s2 += v[k + 2];
            s3 += v[k + 3];
        }
        for (; k < count; k++) {
            s0 += v[k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
