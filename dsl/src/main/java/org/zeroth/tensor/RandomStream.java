package org.zeroth.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * A counter-based random stream: element {@code i} is a pure function of (key, i), so any direction can be
 * regenerated from its seed instead of stored (MeZO), and filled in parallel with bit-identical results.
 * Streams fork into independent child streams (run → step → query), each an immutable value.
 */
public final class RandomStream {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double TWO_PI = 2 * Math.PI;
    private static final double UNIT = 0x1.0p-53;

    private final long key;

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

    /** A standard normal for element {@code i} (Box–Muller on the pair of counters 2⌊i/2⌋, 2⌊i/2⌋+1). */
    public double gaussian(long i) {
        long pair = i & ~1L;
        double radius = Math.sqrt(-2 * Math.log(uniform(pair)));
        double angle = TWO_PI * uniform(pair + 1);
        return radius * ((i & 1L) == 0 ? Math.cos(angle) : Math.sin(angle));
    }

    /** ±1 with equal probability for element {@code i}. */
    public double rademacher(long i) {
        return bits(i) < 0 ? -1.0 : 1.0;
    }

    /** Writes standard normals for elements {@code [from, to)} into {@code out} at the same indices. */
    public void fillGaussian(DoubleBuffer out, int from, int to) {
        int i = from;
        if ((i & 1) == 1 && i < to) {
            out.put(i, gaussian(i));
            i++;
        }
        for (; i + 1 < to; i += 2) {
            double radius = Math.sqrt(-2 * Math.log(uniform(i)));
            double angle = TWO_PI * uniform(i + 1);
            out.put(i, radius * Math.cos(angle));
            out.put(i + 1, radius * Math.sin(angle));
        }
        if (i < to) {
            out.put(i, gaussian(i));
        }
    }

    /** {@code y[i] += a · z[i]} for elements {@code [from, to)}, with z this stream's normals: no buffer for z. */
    public void addGaussian(double a, FloatBuffer y, int from, int to) {
        for (int i = from; i < to; i++) {
            y.put(i, (float) (y.get(i) + a * gaussian(i)));
        }
    }

    /** {@code y[i] += a · z[i]} for elements {@code [from, to)}, with z this stream's normals. */
    public void addGaussian(double a, DoubleBuffer y, int from, int to) {
        for (int i = from; i < to; i++) {
            y.put(i, y.get(i) + a * gaussian(i));
        }
    }

    // SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mix with full avalanche.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
