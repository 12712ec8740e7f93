package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Tensors' in-place element-wise helpers (axpy, copy, fill, scale) against a reference computed element by element
 * from plain Java arrays: each element in double, rounded once to the target's type, compared bit for bit. Lengths
 * cross the block (2,048) and chunk (65,536) boundaries, reach the team and (the longest) BLAS per chunk; axpy and
 * multiply run through Zeroth's loops in C and again with them set aside (the paths of a build without them); views
 * and 'f'-ordered arrays go through the copy path and must leave the elements outside the view alone.
 */
class ElementWiseTest {
    private static final int[] LENGTHS = {1, 17, 2_049, 65_537, 600_001, ElementWise.BLAS_CHUNKED_FROM + 5};
    private static final DataType[] TYPES = {DataType.FLOAT, DataType.DOUBLE};
    private static final boolean[] BOTH_WAYS = {true, false};

    @Test
    void axpyOnContiguousArraysRoundsEachElementOnceWhateverTheTypesAndLength() {
        for (int n : LENGTHS) {
            for (DataType xType : TYPES) {
                for (DataType yType : TYPES) {
                    for (double a : new double[] {0.1, 1, -1}) { // ±1 in float in C, else by BLAS (same types)
                        for (boolean inC : BOTH_WAYS) {
                            INDArray x = random(xType, n, 1);
                            INDArray y = random(yType, n, 2);
                            double[] expected = expected(values(y), values(x), yType, (yi, xi) -> yi + a * xi);
                            run(inC, () -> Tensors.axpy(a, x, y));
                            assertArrayEquals(expected, values(y), "axpy, a = " + a + ", n = " + n + ", x " + xType
                                    + ", y " + yType + (inC ? "" : ", loops in C set aside"));
                        }
                    }
                }
            }
        }
    }

    @Test
    void multiplyOnContiguousArraysRoundsEachProductOnce() {
        for (int n : LENGTHS) {
            for (DataType xType : TYPES) {
                for (DataType yType : TYPES) {
                    for (boolean inC : BOTH_WAYS) {
                        INDArray x = random(xType, n, 11);
                        INDArray y = random(yType, n, 12);
                        if (n > 3) { // a float32 product below float's normal range, one past its largest, and 0·∞
                            x.putScalar(0, 1e-30);
                            y.putScalar(0, 3e-15);
                            x.putScalar(1, 3e38);
                            y.putScalar(1, 10);
                            x.putScalar(2, 0);
                            y.putScalar(2, Double.POSITIVE_INFINITY);
                        }
                        double[] expected = expected(values(y), values(x), yType, (yi, xi) -> yi * xi);
                        run(inC, () -> Tensors.multiply(x, y));
                        assertArrayEquals(expected, values(y), "multiply, n = " + n + ", x " + xType + ", y "
                                + yType + (inC ? "" : ", loops in C set aside"));
                    }
                }
            }
        }
    }

    @Test
    void copyFillAndScaleOnContiguousArrays() {
        for (int n : LENGTHS) {
            for (DataType sourceType : TYPES) {
                for (DataType targetType : TYPES) {
                    INDArray source = random(sourceType, n, 3);
                    INDArray target = random(targetType, n, 4);
                    double[] expected = expected(values(target), values(source), targetType, (t, s) -> s);
                    Tensors.copy(source, target);
                    assertArrayEquals(expected, values(target), "copy, n = " + n + ", " + sourceType + " to " + targetType);
                }
            }
            for (DataType type : TYPES) {
                INDArray x = random(type, n, 5);
                x.putScalar(n / 2, Double.NaN);
                for (double factor : new double[] {1.1, 1.5, -0.0}) { // 1.5 by BLAS on float32; 0·NaN stays NaN
                    double[] scaled = expected(values(x), values(x), type, (xi, unused) -> xi * factor);
                    Tensors.scale(x, factor);
                    assertArrayEquals(scaled, values(x), "scale by " + factor + ", n = " + n + ", " + type);
                }
                Tensors.fill(x, 0.1);
                double[] filled = expected(values(x), values(x), type, (xi, unused) -> 0.1);
                assertArrayEquals(filled, values(x), "fill, n = " + n + ", " + type);
            }
        }
    }

    @Test
    void theVectorisedAndTheScalarFloatLoopsGiveTheReferenceBits() {
        assertEquals(VectorFloatUpdates.class, FloatUpdates.FASTEST.getClass(),
                "the test JVM runs the vectorised loop (--add-modules=jdk.incubator.vector)");
        SplittableRandom random = new SplittableRandom(11);
        for (FloatUpdates loop : new FloatUpdates[] {new ScalarFloatUpdates(), FloatUpdates.FASTEST}) {
            for (int count = 0; count <= 70; count++) {
                float[] x = new float[count + 3];
                float[] y = new float[count + 3];
                for (int k = 0; k < x.length; k++) {
                    x[k] = (float) random.nextDouble(-1e3, 1e3);
                    y[k] = (float) random.nextDouble(-1e3, 1e3);
                }
                double a = random.nextDouble(-2, 2);
                float[] axpy = y.clone();
                float[] scaled = y.clone();
                loop.axpy(a, x, axpy, count);
                loop.scale(scaled, a, count);
                for (int k = 0; k < y.length; k++) { // past count: untouched
                    String what = loop.getClass().getSimpleName() + ", count " + count + ", element " + k;
                    assertEquals(k < count ? (float) (y[k] + a * x[k]) : y[k], axpy[k], "axpy, " + what);
                    assertEquals(k < count ? (float) (y[k] * a) : y[k], scaled[k], "scale, " + what);
                }
            }
        }
    }

    @Test
    void anArrayAddedToItselfReadsEachElementBeforeItIsWritten() {
        for (DataType type : TYPES) {
            for (double a : new double[] {0.5, 1}) { // in C; set aside, a Java loop and one BLAS call
                for (boolean inC : BOTH_WAYS) {
                    INDArray x = random(type, 70_001, 6);
                    double[] expected = expected(values(x), values(x), type, (xi, same) -> xi + a * same);
                    run(inC, () -> Tensors.axpy(a, x, x));
                    assertArrayEquals(expected, values(x), type + ", a = " + a + (inC ? "" : ", loops in C set aside"));
                }
            }
        }
    }

    @Test
    void emptyArraysAreLeftAloneAndSumToZero() {
        for (DataType type : TYPES) {
            INDArray x = Nd4j.create(type, 0);
            INDArray y = Nd4j.create(type, 0);
            Tensors.axpy(0.5, x, y);
            Tensors.axpy(1, x, y);
            Tensors.copy(x, y);
            Tensors.multiply(x, y);
            Tensors.scale(y, 2);
            Tensors.fill(y, 1);
            assertEquals(0, Tensors.sum(x));
            assertEquals(0, Tensors.norm(x));
            assertEquals(0, Tensors.dot(x, y));
            assertEquals(0, Tensors.distance(x, y));
            assertEquals(0, y.length());
        }
    }

    @Test
    void viewsAndColumnMajorArraysAreUpdatedWhereTheyLieAndNowhereElse() {
        for (DataType type : TYPES) {
            INDArray matrix = random(type, 3 * 5, 7).reshape('c', 3, 5);
            INDArray column = matrix.getColumn(2);                   // a strided view
            INDArray fOrdered = random(type, 5 * 3, 8).reshape('c', 5, 3).dup('f');
            INDArray row = fOrdered.getRow(1);                       // 3 elements, strided in 'f'
            double[] before = values(matrix);
            double[] columnBefore = values(column);
            double[] rowValues = values(row);

            Tensors.axpy(-2, row, column);
            double[] after = values(matrix);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 5; j++) {
                    double expected = j == 2 ? rounded(columnBefore[i] - 2 * rowValues[i], type) : before[5 * i + j];
                    assertEquals(expected, after[5 * i + j], type + " axpy into a column, element " + i + "," + j);
                }
            }

            double[] columnNow = values(column);
            Tensors.multiply(row, column);
            for (int i = 0; i < 3; i++) {
                assertEquals(rounded(columnNow[i] * rowValues[i], type), matrix.getDouble(i, 2), type + " multiply");
                assertEquals(after[5 * i + 1], matrix.getDouble(i, 1), type + " multiply: the next column untouched");
            }

            Tensors.copy(matrix.getRow(0).get(NDArrayIndex.interval(0, 3)), row);
            assertArrayEquals(Arrays.copyOf(values(matrix.getRow(0)), 3), values(row), type + " copy");
            double[] untouched = values(fOrdered.getRow(0));
            Tensors.scale(row, 3);
            Tensors.fill(fOrdered.getColumn(0), 9);
            assertEquals(9, fOrdered.getDouble(1, 0));
            assertEquals(rounded(matrix.getDouble(0, 1) * 3, type), fOrdered.getDouble(1, 1), type + " scale");
            assertArrayEquals(new double[] {9, untouched[1], untouched[2]}, values(fOrdered.getRow(0)), type + " fill");

            INDArray fVector = random(type, 12, 9).reshape('c', 3, 4).dup('f');
            INDArray flat = random(DataType.DOUBLE, 12, 10);
            double[] reference = expected(values(fVector), values(flat), type, (f, v) -> f + v);
            Tensors.axpy(1, flat, fVector); // paired in row-major order, as ND4J's assign pairs them
            assertArrayEquals(reference, values(fVector), type + " axpy into an 'f' array");

            // its 'c' order is not its buffer's
            INDArray permuted = random(type, 24, 11).reshape('c', 2, 3, 4).dup('c').permute(0, 2, 1);
            INDArray target = random(type, 24, 12).reshape('c', 2, 4, 3).dup('c');
            double[] sum = expected(values(target), values(permuted), type, (t, p) -> t + p);
            Tensors.axpy(1, permuted, target);
            assertArrayEquals(sum, values(target), type + " axpy of a permutation, paired in its 'c' order");
        }
    }

    @Test
    void toArrayGivesAnArraysOwnValuesInRowMajorOrder() {
        INDArray m = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new double[] {2, 5}, Tensors.toArray(m.getColumn(1)), "a column, not the buffer past it");
        assertArrayEquals(new double[] {5, 6}, Tensors.toArray(m.getRow(1).get(NDArrayIndex.interval(1, 3))));
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, Tensors.toArray(m.transpose()), "a transpose");
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, Tensors.toArray(m.castTo(DataType.FLOAT).transpose()));
        INDArray cube = Nd4j.createFromArray(new double[] {0, 1, 2, 3, 4, 5, 6, 7}).reshape(2, 2, 2);
        assertArrayEquals(new double[] {0, 2, 1, 3, 4, 6, 5, 7}, Tensors.toArray(cube.dup('c').permute(0, 2, 1)),
                "a permutation");
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, Tensors.toArray(cube), "a reshape: its buffer");
    }

    @Test
    void badArgumentsGetMessagesThatSayWhatToChange() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 4);
        assertMessage(() -> Tensors.axpy(1, x, Nd4j.ones(DataType.FLOAT, 5)), "differ in length: 4 and 5");
        assertMessage(() -> Tensors.axpy(1, Nd4j.ones(DataType.INT, 4), x), "is INT; it must be FLOAT or DOUBLE");
        assertMessage(() -> Tensors.copy(x, null), "is null");
        assertMessage(() -> Tensors.multiply(Nd4j.ones(DataType.DOUBLE, 3), x), "Tensors.multiply: the arrays differ");
        assertMessage(() -> Tensors.read(x), "Tensors.read needs a contiguous DOUBLE array");
        INDArray column = Nd4j.ones(DataType.DOUBLE, 3, 3).getColumn(1);
        assertMessage(() -> Tensors.read(column), "a part, a permutation or 'f'-ordered");
        INDArray firstRow = Nd4j.ones(DataType.DOUBLE, 3, 3).getRow(0); // from the buffer's start, a third of it
        assertMessage(() -> Tensors.read(firstRow), "a part, a permutation or 'f'-ordered");
        assertMessage(() -> Tensors.readFloats(Nd4j.ones(DataType.DOUBLE, 2)), "use Tensors.readAsDoubles(x)");
    }

    /** The update through the loops in C where they are loaded, or with them set aside. */
    private static void run(boolean inC, Runnable update) {
        if (inC) {
            update.run();
        } else {
            NativeLoops.setAside(() -> {
                update.run();
                return null;
            });
        }
    }

    private static void assertMessage(Runnable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    /** f(target, operand) per element in double, rounded once to the target's type. */
    private static double[] expected(double[] target, double[] operand, DataType type, DoubleBinaryOperator f) {
        double[] out = new double[target.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = rounded(f.applyAsDouble(target[i], operand[i]), type);
        }
        return out;
    }

    private static double rounded(double value, DataType type) {
        return type == DataType.FLOAT ? (float) value : value;
    }

    /** An array's elements in row-major order, read one by one through ND4J (not through Tensors). */
    static double[] values(INDArray x) {
        if (x.rank() > 2) { // in 'c' order, through ND4J's own copy
            return values(x.dup('c').reshape(x.length()));
        }
        double[] out = new double[(int) x.length()];
        long columns = x.rank() == 2 ? x.size(1) : x.length();
        for (int i = 0; i < out.length; i++) {
            out[i] = x.rank() == 2 ? x.getDouble(i / columns, i % columns) : x.getDouble(i);
        }
        return out;
    }

    private static INDArray random(DataType type, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextDouble(-10, 10);
        }
        return Nd4j.createFromArray(values).castTo(type);
    }
}
