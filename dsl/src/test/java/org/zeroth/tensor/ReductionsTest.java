package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Tensors' reductions against an independent reference: Neumaier-compensated double sums over the same values,
 * accurate to ~1e-16 relative. Σx, Σxy and Σ(x − y)² (exact products, double sums in chunks) are held to 1e-9,
 * which any float accumulator in the path misses at d = 10⁷; Σx² (Zeroth's loop in C or BLAS dsdot, which both
 * add groups of four squares in float: ≤ 2.4e-7 for positive terms) to the promised 1e-6, which float accumulation
 * (sdot, ND4J's norm2Number) misses by 50×. Σx² and Σxy are checked both ways: through the loops in C and with
 * them set aside.
 */
class ReductionsTest {
    private static final int D = 10_000_003; // not a multiple of the block, the chunk or the unrolling
    private static final double TOLERANCE = 1e-9;

    /** Σ terms with Neumaier's compensation: the sum of the exact double terms to ~1 ulp. */
    private static final class Reference {
        private double sum;
        private double compensation;

        void add(double term) {
            double t = sum + term;
            compensation += Math.abs(sum) >= Math.abs(term) ? (sum - t) + term : (term - t) + sum;
            sum = t;
        }

        double value() {
            return sum + compensation;
        }
    }

    private static float[] values(long seed, int d, double mean) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = (float) (mean + random.nextGaussian());
        }
        return v;
    }

    /** v with each entry scaled by a power of two in 2⁻²⁰–2²⁰. */
    private static float[] spread(float[] v, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.scalb(v[i], random.nextInt(-20, 21));
        }
        return v;
    }

    private static final double SQUARES_TOLERANCE = 1e-6;

    private static void assertRelative(double expected, double actual, String what) {
        assertRelative(expected, actual, TOLERANCE, what);
    }

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        double error = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(error <= tolerance, what + ": " + actual + " against " + expected + ", relative error " + error);
    }

    @Test
    void float32ReductionsAt1e7AreAccurate() {
        float[] a = values(1, D, 0.5);
        float[] b = values(2, D, -0.25);
        Reference sum = new Reference();
        Reference squares = new Reference();
        Reference dot = new Reference();
        Reference distance = new Reference();
        float floatSquares = 0; // what a float accumulator gets: the test must be able to tell it apart
        for (int i = 0; i < D; i++) {
            sum.add(a[i]);
            squares.add((double) a[i] * a[i]);
            dot.add((double) a[i] * b[i]);
            distance.add(((double) a[i] - b[i]) * ((double) a[i] - b[i]));
            floatSquares += a[i] * a[i];
        }
        assertTrue(Math.abs(floatSquares - squares.value()) / squares.value() > 10 * SQUARES_TOLERANCE,
                "the data defeats float sums");
        INDArray x = Nd4j.createFromArray(a);
        INDArray y = Nd4j.createFromArray(b);
        assertRelative(sum.value(), Tensors.sum(x), "sum");
        assertRelative(squares.value(), Tensors.squaredNorm(x), SQUARES_TOLERANCE, "squaredNorm");
        assertRelative(squares.value(), withoutC(() -> Tensors.squaredNorm(x)), SQUARES_TOLERANCE, "by dsdot");
        assertRelative(Math.sqrt(squares.value()), Tensors.norm(x), SQUARES_TOLERANCE / 2, "norm");
        assertRelative(dot.value(), Tensors.dot(x, y), "dot");
        assertRelative(dot.value(), withoutC(() -> Tensors.dot(x, y)), "dot by the Java loops");
        assertRelative(Math.sqrt(distance.value()), Tensors.distance(x, y), "distance");
        // float64 copies of the same values, and a float/double mix (copied to double), give the same sums
        INDArray xd = x.castTo(DataType.DOUBLE);
        assertRelative(squares.value(), Tensors.squaredNorm(xd), "squaredNorm, float64 (ddot: exact products)");
        assertRelative(dot.value(), Tensors.dot(xd, y), "dot, float64 · float32");
        assertRelative(sum.value(), Tensors.sum(xd), "sum, float64");
    }

    @Test
    void smallAndOddLengthsAreExactSums() {
        for (int d : new int[] {1, 2, 3, 5, 7, 2047, 2049, 65_537}) {
            float[] a = values(d, d, 1);
            double sum = 0;
            double squares = 0;
            for (float v : a) {
                sum += v;
                squares += (double) v * v;
            }
            INDArray x = Nd4j.createFromArray(a);
            assertEquals(sum, Tensors.sum(x), 1e-12 * Math.max(1, Math.abs(sum)), "sum, d = " + d);
            assertEquals(squares, Tensors.squaredNorm(x), 2.4e-7 * squares, "squaredNorm, d = " + d);
            assertEquals(squares, withoutC(() -> Tensors.squaredNorm(x)), 2.4e-7 * squares, "by dsdot, d = " + d);
            assertEquals(squares, Tensors.dot(x, x), 1e-12 * squares, "dot, d = " + d);
            assertEquals(squares, withoutC(() -> Tensors.dot(x, x)), 1e-12 * squares, "dot by Java, d = " + d);
        }
    }

    @Test
    void squaresOutsideFloatsRangeAreSummedInDouble() {
        // BLAS dsdot squares in float: 1e20² overflows and 1e-25² underflows there, not in double.
        for (float scale : new float[] {1e37f, 1e20f, 2e19f, 1e-20f, 1e-25f, 1e-40f}) {
            for (int d : new int[] {32, 1000, 300_001}) {
                float[] a = values(d, d, 1);
                Reference squares = new Reference();
                for (int i = 0; i < d; i++) {
                    a[i] *= scale;
                    squares.add((double) a[i] * a[i]);
                }
                INDArray x = Nd4j.createFromArray(a);
                String what = "squaredNorm, d = " + d + ", entries ~ " + scale;
                assertRelative(squares.value(), Tensors.squaredNorm(x), 2.4e-7, what);
                assertRelative(squares.value(), withoutC(() -> Tensors.squaredNorm(x)), 2.4e-7, what + ", dsdot");
                assertRelative(Math.sqrt(squares.value()), Tensors.norm(x), 1.2e-7, what);
            }
        }
        assertTrue(Double.isNaN(Tensors.squaredNorm(Nd4j.createFromArray(1f, Float.NaN, 2f))));
    }

    @Test
    void aDistanceWhoseSquaresOverflowIsStillFinite() {
        // (2e300)² overflows; the distance itself, 2e300·√2 ≈ 2.83e300, is a double (a huge box's points).
        INDArray x = Nd4j.createFromArray(1e300, -1e300);
        INDArray y = Nd4j.createFromArray(-1e300, 1e300);
        assertEquals(2e300 * Math.sqrt(2), Tensors.distance(x, y), 1e286);
        assertEquals(Double.POSITIVE_INFINITY, Tensors.distance(Nd4j.createFromArray(1.7e308), Nd4j.createFromArray(-1.7e308)),
                "beyond the doubles it is infinite");
    }

    @Test
    void viewsAreReadAsTheirOwnEntries() {
        INDArray m = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        INDArray column = m.get(NDArrayIndex.all(), NDArrayIndex.point(1)); // 2, 5: a strided view
        assertEquals(29, Tensors.squaredNorm(column));
        assertEquals(7, Tensors.sum(column));
        assertEquals(91, Tensors.squaredNorm(m)); // a matrix: all its entries
    }

    @Test
    void float32SumsHaveTheBitsOfTheDocumentedOrder() {
        // On the team and on the calling thread alone, and Σxy through the loop in C and the Java loops alike: term
        // i goes to running sum i mod 16 of its chunk, the chunk's sixteen are added pairwise, the chunks in order.
        // Entries spread over 2⁻²⁰–2²⁰ make every sum round (products of floats alike in size add up exactly in
        // double, whatever the order), so another order shows. One chunk alone (its own sum), and past the length
        // from which the loop in C no longer fetches ahead.
        int[] lengths = {2047, Chunks.CHUNK * 3 + 5, Chunks.CHUNK * 2 + 2047, Chunks.CHUNK * 9 + 17,
                Chunks.CHUNK * 17 + 2047};
        assertTrue(NativeLoops.fetchAhead(lengths[3], Float.BYTES) && !NativeLoops.fetchAhead(lengths[4], Float.BYTES),
                "both sides");
        for (int d : lengths) {
            float[] u = spread(values(5, d, 0.1), 7);
            float[] v = spread(values(6, d, -0.2), 8);
            double sum = 0;
            double dot = 0;
            for (int first = 0; first < d; first += Chunks.CHUNK) {
                double[] terms = new double[BlockSums.LANES];
                double[] products = new double[BlockSums.LANES];
                for (int i = first; i < Math.min(d, first + Chunks.CHUNK); i++) {
                    terms[i % 16] += u[i];
                    products[i % 16] += (double) u[i] * v[i];
                }
                sum += BlockSums.total(terms);
                dot += BlockSums.total(products);
            }
            INDArray x = Nd4j.createFromArray(u);
            INDArray y = Nd4j.createFromArray(v);
            assertEquals(sum, Tensors.sum(x), 0.0, "Σx, d = " + d);
            assertEquals(dot, Tensors.dot(x, y), 0.0, "Σxy, d = " + d);
            assertEquals(sum, Team.alone(() -> Tensors.sum(x)), 0.0, "Σx on one thread, d = " + d);
            assertEquals(dot, Team.alone(() -> Tensors.dot(x, y)), 0.0, "Σxy on one thread, d = " + d);
            assertEquals(dot, withoutC(() -> Tensors.dot(x, y)), 0.0, "Σxy by the Java loops, d = " + d);
        }
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        INDArray x = Nd4j.createFromArray(values(3, 1_000_003, 0.1));
        double all = Tensors.squaredNorm(x);
        assertEquals(all, Team.alone(() -> Tensors.squaredNorm(x)), 0.0);
        double byDsdot = withoutC(() -> Tensors.squaredNorm(x));
        assertEquals(byDsdot, withoutC(() -> Team.alone(() -> Tensors.squaredNorm(x))), 0.0);
    }

    @Test
    void equalSquaresErrNoMoreThanTheBound() {
        // Equal entries round alike in every group, so the groups' errors add up instead of cancelling as random
        // data's do: the bound of four roundings in float (4·2⁻²⁴ ≈ 2.4e-7) is what is checked, not luck.
        for (float v : new float[] {1 + 0x1p-12f, 1.1f, 0.3f, 7.77f}) {
            for (int d : new int[] {256, 4_096, 1_000_000}) {
                float[] a = new float[d];
                Arrays.fill(a, v);
                double exact = (double) d * ((double) v * v); // d·v² rounds once in double: ~1e-16
                INDArray x = Nd4j.createFromArray(a);
                assertRelative(exact, Tensors.squaredNorm(x), 2.4e-7, "Σx², " + d + " entries of " + v);
                assertRelative(exact, withoutC(() -> Tensors.squaredNorm(x)), 2.4e-7, "by dsdot, " + d + " of " + v);
            }
        }
    }

    private static double withoutC(Supplier<Double> sum) {
        return NativeLoops.setAside(sum);
    }

    @Test
    void badInputSaysWhatToChange() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensors.dot(x, Nd4j.zeros(DataType.FLOAT, 4)));
        assertTrue(e.getMessage().contains("3 and 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensors.dot(x, null));
    }
}
