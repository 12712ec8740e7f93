package org.zeroth.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sums over whole vectors with double accumulators: Σx, Σx², Σxy, Σ(x − y)². A float32 vector of 10⁷ entries summed
 * in float loses 3–4 digits (ND4J's {@code norm2Number}/{@code sumNumber}, BLAS {@code sdot}); in double the error
 * is ~10⁻¹² relative. Float and double vectors are read in place, in {@link Chunks}' fixed chunks on all cores (the
 * result does not depend on the thread count), by {@link BlockSums}' loops (floats; vectorised where the JVM has
 * the Vector API; Σxy of two float32 vectors by Zeroth's loop in C in the same order, where it is built) and the
 * loops below (doubles), whose products are exact in double. Σx² goes to BLAS
 * {@code ddot} (float64) and, over float32, to Zeroth's loop in C ({@link NativeLoops}) or else BLAS {@code dsdot},
 * where OpenBLAS is loaded (the CPU backend): 5× faster, and accurate to 2.4e-7 relative because all terms are
 * positive, though both add groups of four squares in float before adding them in double (so not used for Σx or
 * Σxy, whose terms may cancel, and not where squares leave float's range: {@link #floatSquaresAreRight}). Other
 * arrays are first copied to double.
 */
final class Sums {
    enum Kind { SUM, SQUARES, DOT, SQUARED_DISTANCE }

    /**
     * Length from which a BLAS call is made one per chunk on the {@link Team}: two chunks and up. Measured (2 cores,
     * quiet, probe): Σx² by dsdot at 2.5·10⁵ 15–20 µs in one call, 9–13 µs in chunks on the team; at 10⁶ 62–77 and
     * 39–45 µs; at 10⁷ 1.0–1.3 ms and 0.69–0.90 ms. With the other core busy, chunks took what one call takes.
     */
    static final int BLAS_CHUNKED_FROM = 2 * Chunks.CHUNK;

    private static final ThreadLocal<float[]> FLOATS_A = ThreadLocal.withInitial(() -> new float[Chunks.BLOCK]);
    private static final ThreadLocal<float[]> FLOATS_B = ThreadLocal.withInitial(() -> new float[Chunks.BLOCK]);
    private static final ThreadLocal<double[]> DOUBLES_A = ThreadLocal.withInitial(() -> new double[Chunks.BLOCK]);
    private static final ThreadLocal<double[]> DOUBLES_B = ThreadLocal.withInitial(() -> new double[Chunks.BLOCK]);

    private Sums() {
    }

    /** The sum of {@code kind} over x (and y, for the two-vector kinds; same length). */
    static double of(Kind kind, INDArray x, INDArray y) {
        if (x == null || (y == null) != (kind == Kind.SUM || kind == Kind.SQUARES)) {
            throw new IllegalArgumentException("pass " + (kind == Kind.SUM || kind == Kind.SQUARES ? "one vector" : "two vectors")
                    + (x == null ? ", not null" : ""));
        }
        if (y != null && y.length() != x.length()) {
            throw new IllegalArgumentException("the vectors differ in length: " + x.length() + " and " + y.length()
                    + "; pass two vectors of the same length");
        }
        if (x.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("vectors over 2³¹ − 1 entries are not supported (" + x.length() + ")");
        }
        int n = (int) x.length();
        DataType type = x.dataType();
        boolean inPlace = Tensors.isContiguous(x) && (y == null || (Tensors.isContiguous(y) && y.dataType() == type));
        if (inPlace && kind == Kind.SQUARES && Blas.AVAILABLE) {
            Pointer a = Blas.host(x);
            boolean floats = type == DataType.FLOAT;
            Chunks.Range squares = !floats ? (from, to) -> Blas.ddot(a, a, from, to - from)
                    : NativeLoops.take(x, x) ? (from, to) -> NativeLoops.squares(a, from, to - from)
                    : (from, to) -> Blas.dsdot(a, a, from, to - from);
            double sum = n < BLAS_CHUNKED_FROM ? squares.over(0, n) : Chunks.sum(n, squares);
            if (!floats || floatSquaresAreRight(sum, n)) {
                return sum;
            }
        }
        if (inPlace && kind == Kind.DOT && type == DataType.FLOAT && NativeLoops.take(x, y)) {
            Pointer a = Blas.host(x);
            Pointer b = Blas.host(y);
            boolean ahead = NativeLoops.fetchAhead(n, Float.BYTES);
            // the bits of the Java loops below, faster
            return Chunks.sum(n, (from, to) -> NativeLoops.dot(a, b, from, to - from, ahead));
        }
        if (inPlace && type == DataType.FLOAT) {
            FloatBuffer a = Tensors.readFloats(x);
            FloatBuffer b = y == null ? null : Tensors.readFloats(y);
            return Chunks.sum(n, (from, to) -> floats(kind, a, b, from, to));
        }
        DoubleBuffer a = Tensors.readAsDoubles(x);
        DoubleBuffer b = y == null ? null : Tensors.readAsDoubles(y);
        return Chunks.sum(n, (from, to) -> doubles(kind, a, b, from, to));
    }

    /**
     * Whether Σx² with squares in float (dsdot, the loop in C) is right to float precision: entries past ~1.8·10¹⁹
     * overflow (the sum is ∞) and below ~10⁻¹⁹ underflow, each losing at most 2⁻¹²⁶; a sum of at least n·2⁻¹⁰⁰ keeps
     * that loss under 2⁻²⁶ of it. Other sums (and NaN) are made again by the double loops.
     */
    private static boolean floatSquaresAreRight(double sum, int n) {
        return sum >= n * 0x1p-100 && sum < Double.POSITIVE_INFINITY;
    }

    private static double floats(Kind kind, FloatBuffer a, FloatBuffer b, int from, int to) {
        float[] u = FLOATS_A.get();
        float[] v = FLOATS_B.get();
        double[] lanes = new double[BlockSums.LANES];
        for (int first = from; first < to; first += Chunks.BLOCK) {
            int count = Math.min(Chunks.BLOCK, to - first);
            a.get(first, u, 0, count);
            if (b != null) {
                b.get(first, v, 0, count);
            }
            switch (kind) {
                case SUM -> BlockSums.FASTEST.addTerms(u, count, lanes);
                case SQUARES -> BlockSums.FASTEST.addProducts(u, u, count, lanes);
                case DOT -> BlockSums.FASTEST.addProducts(u, v, count, lanes);
                case SQUARED_DISTANCE -> BlockSums.FASTEST.addSquaredDifferences(u, v, count, lanes);
            }
        }
        return BlockSums.total(lanes);
    }

    private static double doubles(Kind kind, DoubleBuffer a, DoubleBuffer b, int from, int to) {
        double[] u = DOUBLES_A.get();
        double[] v = DOUBLES_B.get();
        double total = 0;
        for (int first = from; first < to; first += Chunks.BLOCK) {
            int count = Math.min(Chunks.BLOCK, to - first);
            a.get(first, u, 0, count);
            if (b != null) {
                b.get(first, v, 0, count);
            }
            double s0 = 0;
            double s1 = 0;
            int k = 0;
            switch (kind) {
                case SUM -> {
                    for (; k + 1 < count; k += 2) {
                        s0 += u[k];
                        s1 += u[k + 1];
                    }
                    for (; k < count; k++) {
                        s0 += u[k];
                    }
                }
                case SQUARES -> {
                    for (; k + 1 < count; k += 2) {
                        s0 += u[k] * u[k];
                        s1 += u[k + 1] * u[k + 1];
                    }
                    for (; k < count; k++) {
                        s0 += u[k] * u[k];
                    }
                }
                case DOT -> {
                    for (; k + 1 < count; k += 2) {
                        s0 += u[k] * v[k];
                        s1 += u[k + 1] * v[k + 1];
                    }
                    for (; k < count; k++) {
                        s0 += u[k] * v[k];
                    }
                }
                case SQUARED_DISTANCE -> {
                    for (; k < count; k++) {
                        double e = u[k] - v[k];
                        s0 += e * e;
                    }
                }
            }
            total += s0 + s1;
        }
        return total;
    }
}
