package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Tensors.randn: the stream's normals element by element, on any thread count, standard normal in distribution. */
class RandnTest {
    @Test
    void everyElementIsTheStreamsNormalOnAnyThreadCount() {
        int n = 3 * Chunks.CHUNK + Chunks.BLOCK + 17; // several chunks, a partial block at the end
        RandomStream z = RandomStream.of(21).fork(4);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double[] one = Team.alone(() -> Tensors.randn(z, type, n).toDoubleVector());
            double[] all = Tensors.randn(z, type, n).toDoubleVector();
            assertArrayEquals(one, all, 0.0, type + ": one thread and the team");
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) {
                double v = z.gaussian(i);
                expected[i] = type == DataType.FLOAT ? (float) v : v;
            }
            assertArrayEquals(expected, one, 0.0, type + " against gaussian(i)");
            INDArray filled = Tensors.randn(Nd4j.create(type, 3, n / 3), z); // in place, any shape
            assertArrayEquals(Arrays.copyOf(expected, 3 * (n / 3)), filled.reshape(filled.length()).toDoubleVector(),
                    0.0, type + " filled in place");
        }
        assertArrayEquals(Tensors.randn(5, DataType.FLOAT, 100).toDoubleVector(),
                Tensors.randn(RandomStream.of(5), DataType.FLOAT, 100).toDoubleVector(), 0.0, "the seed's root stream");
    }

    @Test
    void aViewIsFilledThroughACopy() {
        INDArray big = Nd4j.zeros(DataType.FLOAT, 6, 8);
        INDArray block = big.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 7));
        RandomStream z = RandomStream.of(8);
        Tensors.randn(block, z);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals((float) z.gaussian(5L * i + j), block.getFloat(i, j), 0.0f);
            }
        }
        double inside = Tensors.squaredNorm(block.dup());
        assertEquals(inside, Tensors.squaredNorm(big), 1e-6 * inside, "nothing else written");
    }

    @Test
    void isStandardNormalInDistribution() {
        int n = 1_000_000;
        double[] x = Tensors.randn(33, DataType.FLOAT, n).toDoubleVector();
        double mean = 0;
        double squares = 0;
        for (double v : x) {
            mean += v;
            squares += v * v;
        }
        mean /= n;
        double variance = squares / n - mean * mean;
        // Five standard errors (mean 1/√n, variance √(2/n)): a correct generator fails with p < 1e-6.
        assertEquals(0, mean, 5 / Math.sqrt(n), "mean");
        assertEquals(1, variance, 5 * Math.sqrt(2.0 / n), "variance");
        RandomStreamTest.assertNormalByKolmogorovSmirnov(x);
    }

    @Test
    void badInputSaysWhatToChange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensors.randn(1, DataType.INT32, 4));
        assertTrue(e.getMessage().contains("FLOAT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensors.randn(1, DataType.FLOAT, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensors.randn(null, DataType.FLOAT, 4));
        assertThrows(IllegalArgumentException.class,
                () -> Tensors.randn(Nd4j.create(DataType.INT32, 4), RandomStream.of(1)));
        assertEquals(0, Tensors.randn(1, DataType.DOUBLE, 0).length());
    }
}
