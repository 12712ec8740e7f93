package org.zeroth.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * A counter-based random stream: element {@code i} is a pure function of (key, i), so any direction can be
 * regenerated from its seed instead of stored (MeZO), and filled in parallel with bit-identical results.
 * Streams fork into independent child streams (run → step → query), each an immutable value.
 */
public final class RandomStream implements java.io.Serializable {
    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double UNIT = 0x1.0p-53;

    /** k · GOLDEN: adding a table entry (rather than multiplying the loop index) lets the JIT vectorise the hash. */
    private static final long[] STRIDES = new long[Chunks.BLOCK];

    static {
        for (int k = 0; k < STRIDES.length; k++) {
            STRIDES[k] = k * GOLDEN;
        }
    }

    private final long key;
    /** The last {@link #gaussianNorm}: a MeZO step asks for it in the probe and again in the update. */
    private transient volatile Norm norm;

    private record Norm(int n, double value) {
    }

    private RandomStream(long key) {
        this.key = key;
    }

    /** The root stream of a run with this seed. */
    public static RandomStream of(long seed) {
        return new RandomStream(mix(seed ^ 0x5DEECE66DL));
    }

    /** An independent child stream, e.g. {@code run.fork(step).fork(query)}. */
    public RandomStream fork(long index) {
        return new RandomStream(mix(key + mix(index + GOLDEN)));
    }

    /** The key that, with {@link #ofKey}, regenerates this stream (what a MeZO step records). */
    public long key() {
        return key;
    }

    public static RandomStream ofKey(long key) {
        return new RandomStream(key);
    }

    /** 64 random bits for counter {@code i}. */
    public long bits(long i) {
        return mix(key + i * GOLDEN);
    }

    /** Uniform in (0, 1) for counter {@code i}: never exactly 0, so logarithms stay finite. */
    public double uniform(long i) {
        return ((bits(i) >>> 11) + 0.5) * UNIT;
    }

    /**
     * A standard normal for element {@code i}: the ziggurat method on counter i's 64 bits (exact; about 1% of
     * elements need more bits, drawn from a sequence seeded by those bits, so the value depends on (key, i) only).
     */
    public double gaussian(long i) {
        return Ziggurat.normal(bits(i));
    }

    /** ±1 with equal probability for element {@code i}. */
    public double rademacher(long i) {
        return Draw.RADEMACHER.of(bits(i));
    }

    /**
     * √(Σ_{i<n} gaussian(i)²): the length of the stream's first n normals (a sphere direction is them over it),
     * summed in {@link Chunks}' fixed chunks on all cores, so the same on any thread count. Kept for the next call
     * (as String keeps its hash: a pure function of (key, n), so two threads at once only compute it twice).
     */
    public double gaussianNorm(int n) {
        Norm last = norm;
        if (last == null || last.n() != n) {
            last = new Norm(n, computeNorm(n));
            norm = last;
        }
        return last.value();
    }

    private double computeNorm(int n) {
        return Math.sqrt(Chunks.sum(n, (from, to) -> {
            double[] values = Chunks.doubles();
            double squares = 0;
            for (int first = from; first < to; first += Chunks.BLOCK) {
                int count = Math.min(Chunks.BLOCK, to - first);
                gaussians(first, values, count);
                for (int k = 0; k < count; k++) {
                    values[k] *= values[k];
                }
                squares += InPlace.sum(values, count);
            }
            return squares;
        }));
    }

    /** Writes standard normals for elements {@code [from, to)} into {@code out} at the same indices. */
    public void fillGaussian(DoubleBuffer out, int from, int to) {
        double[] values = Chunks.doubles();
        for (int first = from; first < to; first += Chunks.BLOCK) {
            int count = Math.min(Chunks.BLOCK, to - first);
            gaussians(first, values, count);
            out.put(first, values, 0, count);
        }
    }

    /** {@code y[i] += a · z[i]} for elements {@code [from, to)}, with z this stream's normals: no buffer for z. */
    public void addGaussian(double a, FloatBuffer y, int from, int to) {
        float[] values = Chunks.floats();
        for (int first = from; first < to; first += Chunks.BLOCK) {
            int count = Math.min(Chunks.BLOCK, to - first);
            y.get(first, values, 0, count);
            addGaussian(a, values, first, count);
            y.put(first, values, 0, count);
        }
    }

    /** {@code y[i] += a · z[i]} for elements {@code [from, to)}, with z this stream's normals. */
    public void addGaussian(double a, DoubleBuffer y, int from, int to) {
        double[] values = Chunks.doubles();
        for (int first = from; first < to; first += Chunks.BLOCK) {
            int count = Math.min(Chunks.BLOCK, to - first);
            y.get(first, values, 0, count);
            addGaussian(a, values, first, count);
            y.put(first, values, 0, count);
        }
    }

    // The array forms below work on one block (count ≤ Chunks.BLOCK): element first + k sits at index k. They
    // first hash all counters of the block (a loop the JIT vectorises), then run the ziggurat over the words.

    /** {@code out[k] = gaussian(first + k)}. */
    void gaussians(long first, double[] out, int count) {
        long[] words = words(first, count);
        for (int k = 0; k < count; k++) {
            out[k] = Ziggurat.normal(words[k]);
        }
    }

    /** {@code y[k] += a · gaussian(first + k)}, rounded once to float. */
    void addGaussian(double a, float[] y, long first, int count) {
        long[] words = words(first, count);
        for (int k = 0; k < count; k++) {
            y[k] = (float) (y[k] + a * Ziggurat.normal(words[k]));
        }
    }

    /** {@code y[k] += a · gaussian(first + k)}. */
    void addGaussian(double a, double[] y, long first, int count) {
        long[] words = words(first, count);
        for (int k = 0; k < count; k++) {
            y[k] += a * Ziggurat.normal(words[k]);
        }
    }

    /** {@code bits(first + k)} for k in [0, count), in the calling thread's scratch array. */
    long[] words(long first, int count) {
        long[] words = Chunks.words();
        long base = key + first * GOLDEN;
        for (int k = 0; k < count; k++) {
            words[k] = mix(base + STRIDES[k]);
        }
        return words;
    }

    // SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mix with full avalanche.
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
