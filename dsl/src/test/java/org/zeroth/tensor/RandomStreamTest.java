package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Supplier;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The stream's normals and signs: the right distribution, a pure function of (key, index), the same on any thread
 * count, in blocks as one by one.
 */
class RandomStreamTest {
    private static final int N = 1_000_000;
    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    private static double[] normals(long seed) {
        double[] z = new double[N];
        RandomStream stream = RandomStream.of(seed);
        for (int i = 0; i < N; i++) {
            z[i] = stream.gaussian(i);
        }
        return z;
    }

    @Test
    void momentsAreThoseOfAStandardNormal() {
        double[] z = normals(7);
        double m1 = 0;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (double v : z) {
            m1 += v;
            m2 += v * v;
            m3 += v * v * v;
            m4 += v * v * v * v;
        }
        m1 /= N;
        m2 /= N;
        m3 /= N;
        m4 /= N;
        // Standard errors of the sample moments of N(0, 1) for n draws: mean 1/√n, variance √(2/n),
        // skewness √(6/n), kurtosis √(24/n). Five standard errors: a correct generator fails with p < 1e-6.
        assertEquals(0, m1, 5 / Math.sqrt(N), "mean");
        assertEquals(1, m2, 5 * Math.sqrt(2.0 / N), "variance");
        assertEquals(0, m3, 5 * Math.sqrt(6.0 / N), "skewness");
        assertEquals(3, m4, 5 * Math.sqrt(24.0 / N), "kurtosis");
    }

    @Test
    void passesKolmogorovSmirnovAgainstTheNormalCdf() {
        assertNormalByKolmogorovSmirnov(normals(11));
    }

    /** √n·D of the sample against the standard normal cdf stays below 2.63 (asymptotic KS: p ≈ 1e-6). */
    static void assertNormalByKolmogorovSmirnov(double[] sample) {
        double[] z = sample.clone();
        Arrays.sort(z);
        int n = z.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double cdf = NORMAL.cumulativeProbability(z[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - cdf, cdf - (double) i / n));
        }
        // P(√n·D > t) ≈ 2e^{−2t²}; t = 2.63 gives p ≈ 1e-6.
        assertTrue(d * Math.sqrt(n) < 2.63, "KS statistic √n·D = " + d * Math.sqrt(n));
    }

    @Test
    void fillsTheTailsAndTheWedgesAtTheNormalRates() {
        // Bins resolve the ziggurat's slow paths: the tail beyond R = 3.654 and the outer layers' wedges.
        double[] edges = {-4.5, -3.654, -3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.654, 4.5};
        long[] counts = new long[edges.length + 1];
        for (double v : normals(13)) {
            int bin = 0;
            while (bin < edges.length && v >= edges[bin]) {
                bin++;
            }
            counts[bin]++;
        }
        double chi2 = 0;
        for (int bin = 0; bin < counts.length; bin++) {
            double lo = bin == 0 ? Double.NEGATIVE_INFINITY : edges[bin - 1];
            double hi = bin == edges.length ? Double.POSITIVE_INFINITY : edges[bin];
            double expected = N * (NORMAL.cumulativeProbability(hi) - NORMAL.cumulativeProbability(lo));
            chi2 += (counts[bin] - expected) * (counts[bin] - expected) / expected;
        }
        double critical = new ChiSquaredDistribution(counts.length - 1).inverseCumulativeProbability(1 - 1e-6);
        assertTrue(chi2 < critical, "chi-square " + chi2 + " over " + counts.length + " bins, critical " + critical);
        assertTrue(counts[0] + counts[counts.length - 1] > 0, "draws beyond ±4.5 occur (expected ≈ 7 in 10⁶)");
    }

    @Test
    void theZigguratLayersCloseExactly() {
        // With R and the layer area as given, the recurrence ends with a top layer of the same area.
        double top = Ziggurat.X[255];
        assertEquals(4.928673233974658e-3, top * (1 - Math.exp(-0.5 * top * top)), 1e-12);
    }

    @Test
    void everyElementIsAPureFunctionOfKeyAndIndex() {
        RandomStream stream = RandomStream.of(3).fork(5).fork(2);
        int n = 3 * Chunks.BLOCK + 77;
        INDArray whole = Nd4j.zeros(DataType.DOUBLE, n);
        stream.fillGaussian(Tensors.write(whole), 0, n);
        INDArray part = Nd4j.zeros(DataType.DOUBLE, n);
        stream.fillGaussian(Tensors.write(part), 1234, n - 5);
        RandomStream again = RandomStream.ofKey(stream.key());
        for (int i = 0; i < n; i++) {
            double expected = again.gaussian(i);
            assertEquals(expected, whole.getDouble(i), 0.0, "fill from 0, element " + i);
            if (i >= 1234 && i < n - 5) {
                assertEquals(expected, part.getDouble(i), 0.0, "fill from 1234, element " + i);
            }
        }
        assertTrue(RandomStream.of(3).fork(5).fork(3).gaussian(0) != stream.gaussian(0), "sibling streams differ");
    }

    @Test
    void aBlockOfDrawsIsTheDrawOfEachCounter() {
        // Rademacher signs are the counter's sign bit, as runs recorded before Draw replay them; a block of either
        // draw holds the values the single draws give (the in-place loops use blocks, the ordinary run single draws).
        RandomStream z = RandomStream.of(21).fork(4);
        double[] block = new double[Chunks.BLOCK];
        long first = 5_000_000_000L;
        int negative = 0;
        Draw.RADEMACHER.block(z, first, block, Chunks.BLOCK);
        for (int k = 0; k < Chunks.BLOCK; k++) {
            assertEquals(z.bits(first + k) < 0 ? -1.0 : 1.0, block[k], 0.0);
            assertEquals(block[k], z.rademacher(first + k), 0.0);
            negative += block[k] < 0 ? 1 : 0;
        }
        // 2,048 fair signs: negatives within 5 standard deviations (±113) of 1,024
        assertEquals(1024, negative, 5 * Math.sqrt(Chunks.BLOCK / 4.0));
        Draw.GAUSSIAN.block(z, first, block, Chunks.BLOCK);
        for (int k = 0; k < Chunks.BLOCK; k++) {
            assertEquals(z.gaussian(first + k), block[k], 0.0);
        }
    }

    @Test
    void theNormalsLengthIsTheirSumOfSquares() {
        // Over 3½ chunks (the team's sum) and within one block, against a plain loop in order.
        RandomStream z = RandomStream.of(8).fork(2);
        for (int n : new int[] {1, 7, 3 * Chunks.CHUNK + Chunks.CHUNK / 2}) {
            double squares = 0;
            for (int i = 0; i < n; i++) {
                squares += z.gaussian(i) * z.gaussian(i);
            }
            // summed in another order: ≤ n ulps of the sum apart, far under a missing or doubled normal's ≈ 1/n
            assertEquals(Math.sqrt(squares), z.gaussianNorm(n), 1e-13 * Math.sqrt(squares), "n = " + n);
            assertEquals(z.gaussianNorm(n), RandomStream.ofKey(z.key()).gaussianNorm(n), 0.0, "kept, not stale");
        }
    }

    @Test
    void parallelLoopsGiveTheSameBitsOnAnyNumberOfThreads() {
        int n = 3 * Chunks.CHUNK + 123;
        RandomStream[] z = {RandomStream.of(1), RandomStream.of(2), RandomStream.of(3)};
        double[] c = {1e-3, -2e-3, 5e-4};
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Supplier<Object[]> step = () -> {
                INDArray theta = ramp(type, n);
                InPlace.perturb(theta, z[0], 1e-3);
                double norm = InPlace.update(theta, z, c, 1e-4);
                return new Object[] {theta.toDoubleVector(), norm};
            };
            Object[] one = Team.alone(step);
            Object[] all = step.get();
            assertArrayEquals((double[]) one[0], (double[]) all[0], 0.0, type + " parameters");
            assertEquals((double) one[1], (double) all[1], 0.0, type + " norm of the change");
            // And the same as the plain element-by-element definition.
            double[] theta = ramp(type, n).toDoubleVector();
            for (int j = 0; j < n; j++) {
                double moved = theta[j] + 1e-3 * z[0].gaussian(j);
                double before = type == DataType.FLOAT ? (float) moved : moved;
                double combination = c[0] * z[0].gaussian(j) + c[1] * z[1].gaussian(j) + c[2] * z[2].gaussian(j);
                double after = before - (combination + 1e-4 * before);
                theta[j] = type == DataType.FLOAT ? (float) after : after;
            }
            assertArrayEquals(theta, (double[]) one[0], 0.0, type + " against the definition");
        }
    }

    @Test
    void restoreAndUpdateIsPerturbThenUpdateBitForBit() {
        int n = Chunks.CHUNK + 2 * Chunks.BLOCK + 5;
        RandomStream[][] queries = {{RandomStream.of(4)}, {RandomStream.of(4), RandomStream.of(5)}};
        for (RandomStream[] z : queries) {
            RandomStream last = z[z.length - 1];
            double[] c = {3e-3, -1e-3};
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                INDArray separate = ramp(type, n);
                INDArray fused = separate.dup();
                InPlace.perturb(separate, last, -1e-3);
                InPlace.perturb(fused, last, -1e-3);
                InPlace.perturb(separate, last, 1e-3);
                double a = InPlace.update(separate, z, c, 1e-2);
                double b = InPlace.restoreAndUpdate(fused, 1e-3, z, c, 1e-2);
                String what = type + ", q = " + z.length;
                assertArrayEquals(separate.toDoubleVector(), fused.toDoubleVector(), 0.0, what);
                assertEquals(a, b, 0.0, what);
            }
        }
    }

    /** Values spread over [−1, 1] (Nd4j.linspace's overloads are easy to misread: (lower, step, count)). */
    private static INDArray ramp(DataType type, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = -1 + 2.0 * i / (n - 1);
        }
        return Nd4j.createFromArray(values).castTo(type);
    }
}
