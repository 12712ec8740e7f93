package org.zeroth.bench;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Objective;
import org.zeroth.tensor.Tensors;

/**
 * The cheap objective of the MeZO timing: ‖x‖² of a float32 vector, read from its host buffer, on all cores
 * (numpy's counterpart is {@code x @ x}, a BLAS sdot). Fixed chunks summed in order: the same value on any
 * thread count. Each block is bulk-copied into a small per-thread array: loops over arrays run far faster.
 */
final class SquaredNorm implements Objective {
    private static final int CHUNK = 1 << 16;
    private static final int BLOCK = 1 << 12;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[BLOCK]);

    @Override
    public double value(INDArray x) {
        if (x.dataType() != DataType.FLOAT) {
            return Tensors.dot(x, x); // the copy a non-in-place run makes is double: plain loop, one core
        }
        FloatBuffer xs = Tensors.readFloats(x);
        int n = (int) x.length();
        int chunks = (n + CHUNK - 1) / CHUNK;
        if (chunks == 1) {
            return sum(xs, 0, n);
        }
        double[] partial = new double[chunks];
        IntStream.range(0, chunks).parallel()
                .forEach(c -> partial[c] = sum(xs, c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
        double s = 0;
        for (double p : partial) {
            s += p;
        }
        return s;
    }

    private static double sum(FloatBuffer x, int from, int to) {
        float[] values = SCRATCH.get();
        double total = 0;
        for (int first = from; first < to; first += BLOCK) {
            int count = Math.min(BLOCK, to - first);
            x.get(first, values, 0, count);
            total += squares(values, count);
        }
        return total;
    }

    // Eight accumulators: independent additions the CPU overlaps (one alone is bound by the add's latency).
    private static double squares(float[] v, int count) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 7 < count; i += 8) {
            s0 += v[i] * v[i];
            s1 += v[i + 1] * v[i + 1];
            s2 += v[i + 2] * v[i + 2];
            s3 += v[i + 3] * v[i + 3];
            s4 += v[i + 4] * v[i + 4];
            s5 += v[i + 5] * v[i + 5];
            s6 += v[i + 6] * v[i + 6];
            s7 += v[i + 7] * v[i + 7];
        }
        for (; i < count; i++) {
            s0 += v[i] * v[i];
        }
        return (double) s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
    }

    @Override
    public String name() {
        return "squared norm";
    }
}
