package org.zeroth.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Loops over long vectors on all cores (the {@link Team}'s threads). The range is cut into fixed chunks that depend
 * on its length only, and per-chunk sums are added in chunk order, so every result is bit-identical whatever the
 * number of threads. A chunk is worked on in blocks: each block of the host buffer is copied into a per-thread array
 * (a bulk copy that stays in the core's L1/L2 cache), worked on there, and copied back — the JIT optimises loops
 * over arrays far better than over buffers.
 */
final class Chunks {
    /** 64 Ki elements per task: 4 µs (one dsdot) to ≈ 100 µs (normals generated) of one core's work. */
    static final int CHUNK = 1 << 16;
    /** 2 Ki elements per block: a float loop's per-thread scratch is 40 KB, in L1/L2 cache. */
    static final int BLOCK = 1 << 11;

    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[BLOCK]);
    private static final ThreadLocal<double[]> DOUBLES = ThreadLocal.withInitial(() -> new double[BLOCK]);
    private static final ThreadLocal<long[]> WORDS = ThreadLocal.withInitial(() -> new long[BLOCK]);
    private static final ThreadLocal<double[]> SUMS = ThreadLocal.withInitial(() -> new double[BLOCK]);

    /**
     * Works on {@code values[0, count)} (count ≤ {@link #BLOCK}), which hold elements {@code [first, first + count)};
     * returns a partial sum. May use {@link #words} and {@link #sums}, not the array it is given.
     */
    interface FloatChunk {
        double apply(float[] values, int first, int count);
    }

    interface DoubleChunk {
        double apply(double[] values, int first, int count);
    }

    private Chunks() {
    }

    /** Applies {@code body} to every block of {@code buffer[0, n)} in place; returns the ordered sum of its results. */
    static double update(FloatBuffer buffer, int n, FloatChunk body) {
        return blocks(n, FLOATS, (values, first, count) -> {
            buffer.get(first, values, 0, count);
            double partial = body.apply(values, first, count);
            buffer.put(first, values, 0, count);
            return partial;
        });
    }

    static double update(DoubleBuffer buffer, int n, DoubleChunk body) {
        return blocks(n, DOUBLES, (values, first, count) -> {
            buffer.get(first, values, 0, count);
            double partial = body.apply(values, first, count);
            buffer.put(first, values, 0, count);
            return partial;
        });
    }

    /**
     * As {@link #update(FloatBuffer, int, FloatChunk)} over the elements at the given distinct positions only:
     * block by block, {@code buffer[at[first + k]]} is gathered into {@code values[k]} and written back after the
     * body; {@code first} counts positions, not elements.
     */
    static double update(FloatBuffer buffer, int[] at, FloatChunk body) {
        return blocks(at.length, FLOATS, (values, first, count) -> {
            for (int k = 0; k < count; k++) {
                values[k] = buffer.get(at[first + k]);
            }
            double partial = body.apply(values, first, count);
            for (int k = 0; k < count; k++) {
                buffer.put(at[first + k], values[k]);
            }
            return partial;
        });
    }

    static double update(DoubleBuffer buffer, int[] at, DoubleChunk body) {
        return blocks(at.length, DOUBLES, (values, first, count) -> {
            for (int k = 0; k < count; k++) {
                values[k] = buffer.get(at[first + k]);
            }
            double partial = body.apply(values, first, count);
            for (int k = 0; k < count; k++) {
                buffer.put(at[first + k], values[k]);
            }
            return partial;
        });
    }

    private interface Block<A> {
        double apply(A scratch, int first, int count);
    }

    /** Runs {@code block} over [0, n) in blocks, chunk by chunk on all cores; sums chunk results in order. */
    private static <A> double blocks(int n, ThreadLocal<A> scratch, Block<A> block) {
        return sum(n, (from, to) -> {
            A values = scratch.get();
            double partial = 0;
            for (int first = from; first < to; first += BLOCK) {
                partial += block.apply(values, first, Math.min(BLOCK, to - first));
            }
            return partial;
        });
    }

    /** The calling thread's scratch arrays of {@link #BLOCK} elements: values, hashed counters, sums. */
    static float[] floats() {
        return FLOATS.get();
    }

    static double[] doubles() {
        return DOUBLES.get();
    }

    static long[] words() {
        return WORDS.get();
    }

    static double[] sums() {
        return SUMS.get();
    }

    interface Range {
        double over(int from, int to);
    }

    /** Σ over the fixed chunks of [0, n) of {@code range}, chunks claimed by the {@link Team}, summed in order. */
    static double sum(int n, Range range) {
        int chunks = (int) ((n + (long) CHUNK - 1) / CHUNK);
        if (chunks <= 1) {
            return range.over(0, n);
        }
        double[] partial = new double[chunks];
        Team.forEach(chunks, c -> partial[c] = range.over(c * CHUNK, (int) Math.min(n, (c + 1L) * CHUNK)));
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }
}
