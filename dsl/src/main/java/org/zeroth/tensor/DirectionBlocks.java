package org.zeroth.tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused loops of {@link InPlace} for directions that are zero off a support (sparse, masked): block by block,
 * each direction's values are regenerated into a per-thread array of {@link Chunks#BLOCK} elements, so no d-sized
 * buffer is ever allocated. The arithmetic is that of the dense loops with 0 off the support: a coordinate off it
 * never changes but for weight decay. With positions {@code at} (a fixed support), the loops visit those elements
 * only, gathered block by block, and a block's values are the direction's at positions [first, first + count).
 */
final class DirectionBlocks {
    private static final ThreadLocal<double[]> DIRECTION = ThreadLocal.withInitial(() -> new double[Chunks.BLOCK]);
    private static final ThreadLocal<double[]> COMBINATION = ThreadLocal.withInitial(() -> new double[Chunks.BLOCK]);

    /** Direction {@code query}'s values for elements [first, first + count), in a scratch array of the thread. */
    interface Source {
        double[] block(int query, long first, int count);
    }

    private DirectionBlocks() {
    }

    /** The thread's scratch array for a {@link Source}'s block: each block is used up before the next is made. */
    static double[] direction() {
        return DIRECTION.get();
    }

    /** A dense direction: the draws of z's counters. */
    static Source drawn(RandomStream[] z, Draw draw) {
        return (i, first, count) -> {
            double[] u = direction();
            draw.block(z[i], first, u, count);
            return u;
        };
    }

    /** θ += a · u₀, u₀ the source's direction 0 (at the positions {@code at} only, when not null). */
    static void perturb(INDArray theta, int[] at, Source u, double a) {
        Chunks.FloatChunk floats = (t, first, count) -> {
            double[] v = u.block(0, first, count);
            for (int k = 0; k < count; k++) {
                t[k] = (float) (t[k] + a * v[k]);
            }
            return 0;
        };
        Chunks.DoubleChunk doubles = (t, first, count) -> {
            double[] v = u.block(0, first, count);
            for (int k = 0; k < count; k++) {
                t[k] += a * v[k];
            }
            return 0;
        };
        over(theta, at, floats, doubles);
    }

    /** Runs the loop of θ's type over all of θ, or over the positions {@code at}; returns the summed results. */
    private static double over(INDArray theta, int[] at, Chunks.FloatChunk floats, Chunks.DoubleChunk doubles) {
        int n = (int) theta.length();
        double sum;
        if (theta.dataType() == DataType.FLOAT) {
            sum = at == null ? Chunks.update(Tensors.readFloats(theta), n, floats)
                    : Chunks.update(Tensors.readFloats(theta), at, floats);
        } else {
            sum = at == null ? Chunks.update(Tensors.read(theta), n, doubles)
                    : Chunks.update(Tensors.read(theta), at, doubles);
        }
        Tensors.written(theta);
        return sum;
    }

    /**
     * As {@link InPlace#restoreAndUpdate}: θ += restore · u_last (none when restore is 0), then θ ← θ − (Σᵢ cᵢ uᵢ +
     * decay · θ), in one pass (at the positions {@code at} only, when not null: right when decay is 0, as off the
     * support nothing else changes); returns the norm of the update's change.
     */
    static double update(INDArray theta, int[] at, double restore, Source u, double[] c, double decay) {
        Chunks.FloatChunk floats = (t, first, count) -> {
            double[] sum = combination(t, restore, u, c, first, count);
            for (int k = 0; k < count; k++) {
                float before = t[k];
                float after = (float) (before - (sum[k] + decay * before));
                t[k] = after;
                sum[k] = (double) (after - before) * (after - before);
            }
            return InPlace.sum(sum, count);
        };
        Chunks.DoubleChunk doubles = (t, first, count) -> {
            double[] sum = combination(t, restore, u, c, first, count);
            for (int k = 0; k < count; k++) {
                double before = t[k];
                double after = before - (sum[k] + decay * before);
                t[k] = after;
                sum[k] = (after - before) * (after - before);
            }
            return InPlace.sum(sum, count);
        };
        return Math.sqrt(over(theta, at, floats, doubles));
    }

    /** Σᵢ cᵢ uᵢ over the block in query order; first adds restore · u_last to the block's values. */
    private static double[] combination(Object values, double restore, Source u, double[] c, long first,
                                        int count) {
        double[] sum = COMBINATION.get();
        Arrays.fill(sum, 0, count, 0.0);
        for (int i = 0; i < c.length; i++) {
            double[] v = u.block(i, first, count);
            if (restore != 0 && i == c.length - 1) {
                if (values instanceof float[] t) {
                    for (int k = 0; k < count; k++) {
                        t[k] = (float) (t[k] + restore * v[k]);
                    }
                } else {
                    double[] t = (double[]) values;
                    for (int k = 0; k < count; k++) {
                        t[k] += restore * v[k];
                    }
                }
            }
            double ci = c[i];
            for (int k = 0; k < count; k++) {
                sum[k] += ci * v[k];
            }
        }
        return sum;
    }
}
