package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The element-wise loops in C: present wherever the build can make them (so a build or load that silently fails is
 * caught here, not only by the bench), taken for the arrays they are for, right at the parts' edges and on an array
 * given as both operands. Their bits on every length and type pair are checked by {@link ElementWiseTest}, whose
 * calls go through them.
 */
class NativeLoopsTest {
    @Test
    void theLoopsAreLoadedWhereTheBuildCanMakeThem() {
        boolean buildable = System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64") && onPath("gcc");
        assertEquals(buildable, NativeLoops.AVAILABLE, "why not: " + NativeLoops.WHY_UNAVAILABLE);
    }

    @Test
    void theyTakeArraysOfOneTypeUnlessSetAside() {
        INDArray floats = Nd4j.ones(DataType.FLOAT, 8);
        assertEquals(NativeLoops.AVAILABLE, NativeLoops.take(floats, Nd4j.ones(DataType.FLOAT, 8)));
        INDArray doubles = Nd4j.ones(DataType.DOUBLE, 8);
        assertEquals(NativeLoops.AVAILABLE, NativeLoops.take(doubles, Nd4j.ones(DataType.DOUBLE, 8)));
        assertFalse(NativeLoops.take(doubles, floats));
        assertFalse(NativeLoops.setAside(() -> NativeLoops.take(floats, floats)));
    }

    @Test
    void everyElementOfEveryPartIsWorkedOnce() {
        // Lengths around the team's threshold, not multiples of 16 (the parts' edges), and 10⁶ + 3.
        for (int n : new int[] {NativeLoops.PARTS_FROM - 1, NativeLoops.PARTS_FROM, NativeLoops.PARTS_FROM + 17,
                1_000_003}) {
            INDArray y = random(n, n);
            INDArray x = random(n, 7 * n);
            float[] ys = y.toFloatVector();
            float[] xs = x.toFloatVector();
            Tensors.multiply(x, y);
            Tensors.axpy(-0.25, x, y);
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) {
                float product = ys[i] * xs[i];
                expected[i] = (float) (product + -0.25 * xs[i]);
            }
            assertArrayEquals(expected, y.toFloatVector(), "n = " + n);
        }
    }

    @Test
    void anArrayMultipliedByItselfIsSquared() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = random(NativeLoops.PARTS_FROM + 5, 3).castTo(type);
            double[] before = x.toDoubleVector();
            Tensors.multiply(x, x);
            double[] after = x.toDoubleVector();
            for (int i = 0; i < before.length; i++) {
                double square = before[i] * before[i];
                assertEquals(type == DataType.FLOAT ? (float) square : square, after[i], type + ", element " + i);
            }
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, command).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static INDArray random(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-4, 4);
        }
        return Nd4j.createFromArray(values);
    }
}
