package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.tensor.ElementWiseTest.values;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Norm2;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * ND4J's own API with {@link OpRouter} in front of its executioner and BLAS wrapper: sums, differences and products
 * give each element's IEEE result (against plain Java arithmetic, bit for bit), whole-array norms and sums are right
 * to double precision (against sums in Java), normals are seeded by ND4J's generator with N(μ, σ²)'s first two
 * moments, and whatever the router leaves to ND4J (broadcasting, parts of arrays, permutations, mixed types,
 * reductions along an axis, another scale α) still gives ND4J's answers.
 */
class OpRouterTest {
    private static final int[] LENGTHS = {1, 17, 1_000, NativeLoops.PARTS_FROM + 3}; // the last in parts on the team
    private static final DataType[] TYPES = {DataType.FLOAT, DataType.DOUBLE};

    @BeforeAll
    static void zerothStarts() {
        Tensors.zeros(1); // Tensors' first use installs the router
    }

    @Test
    void tensorsInstallsTheRouterWhereTheLoopsInCAreBuilt() {
        assertEquals(NativeLoops.AVAILABLE, OpRouter.routes(), OpRouter.install());
        assertTrue(NativeLoops.AVAILABLE, "the build on Linux x86-64 with gcc has the loops: "
                + NativeLoops.WHY_UNAVAILABLE);
    }

    @Test
    void sumsDifferencesAndProductsRoundEachElementOnce() {
        for (int n : LENGTHS) {
            for (DataType type : TYPES) {
                check(type, n, "x.addi(y)", (a, b) -> a + b, (x, y) -> x.addi(y), 'x');
                check(type, n, "x.subi(y)", (a, b) -> a - b, (x, y) -> x.subi(y), 'x');
                check(type, n, "x.muli(y)", (a, b) -> a * b, (x, y) -> x.muli(y), 'x');
                check(type, n, "x.addi(x)", (a, b) -> a + a, (x, y) -> x.addi(x), 'x');
                check(type, n, "x.addi(y, y)", (a, b) -> a + b, (x, y) -> x.addi(y, y), 'y');
                check(type, n, "x.subi(y, y)", (a, b) -> a - b, (x, y) -> x.subi(y, y), 'y');
                check(type, n, "x.muli(y, y)", (a, b) -> a * b, (x, y) -> x.muli(y, y), 'y');
                check(type, n, "x.add(y)", (a, b) -> a + b, (x, y) -> x.add(y), 'z');
                check(type, n, "x.sub(y)", (a, b) -> a - b, (x, y) -> x.sub(y), 'z');
                check(type, n, "x.mul(y)", (a, b) -> a * b, (x, y) -> x.mul(y), 'z');
            }
        }
    }

    @Test
    void theSameBitsAsNd4jsOwnLoops() {
        for (DataType type : TYPES) {
            INDArray x = random(type, NativeLoops.PARTS_FROM + 3, 5);
            INDArray y = random(type, NativeLoops.PARTS_FROM + 3, 6);
            for (String op : new String[] {"addi", "subi", "muli", "add", "sub", "mul"}) {
                INDArray routed = apply(op, x.dup(), y);
                INDArray nd4j = NativeLoops.setAside(() -> apply(op, x.dup(), y)); // the router leaves it to ND4J
                assertEquals(nd4j, routed, op + " " + type);
                assertTrue(Arrays.equals(nd4j.data().asDouble(), routed.data().asDouble()), op + " " + type);
            }
        }
    }

    @Test
    void whatTheRouterLeavesToNd4jIsStillRight() {
        INDArray m = matrix(DataType.FLOAT, 3, 4, 1);
        INDArray row = random(DataType.FLOAT, 4, 2);
        double[] expected = new double[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = (float) (values(m)[i] + values(row)[i % 4]);
        }
        assertArrayEquals(expected, values(m.dup().addiRowVector(row)), "a row added to every row (broadcast)");
        assertArrayEquals(expected, values(m.addi(row)), "the same by addi (broadcast)");

        INDArray x = random(DataType.FLOAT, 10, 3);
        INDArray y = random(DataType.FLOAT, 4, 4);
        double[] before = values(x);
        x.get(NDArrayIndex.interval(3, 7)).addi(y);
        for (int i = 0; i < 10; i++) {
            double want = i >= 3 && i < 7 ? (float) (before[i] + values(y)[i - 3]) : before[i];
            assertEquals(want, x.getDouble(i), "a view: only its elements change, at " + i);
        }

        INDArray f = random(DataType.DOUBLE, 6, 5).reshape('f', 2, 3);
        INDArray c = random(DataType.DOUBLE, 6, 6).reshape('c', 2, 3);
        double[] fValues = values(f);
        double[] cValues = values(c);
        f.addi(c);
        for (int i = 0; i < 6; i++) {
            assertEquals(fValues[i] + cValues[i], values(f)[i], "'f' plus 'c' order, element " + i);
        }

        INDArray cube = random(DataType.FLOAT, 24, 13).reshape(2, 3, 4);
        INDArray permuted = cube.dup('c').permute(0, 2, 1); // 'c' order over a buffer laid out otherwise
        INDArray other = random(DataType.FLOAT, 24, 14).reshape(2, 4, 3).dup('c');
        INDArray sum = permuted.add(other);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals((float) (cube.getDouble(i, k, j) + other.getDouble(i, j, k)), sum.getDouble(i, j, k),
                            "a permutation plus an array of its shape, at " + i + j + k);
                }
            }
        }

        INDArray floats = random(DataType.FLOAT, 5, 7);
        INDArray doubles = random(DataType.DOUBLE, 5, 8);
        double[] mixed = values(floats);
        floats.addi(doubles);
        for (int i = 0; i < 5; i++) {
            assertEquals((float) (mixed[i] + values(doubles)[i]), values(floats)[i], "float32 plus float64, " + i);
        }
    }

    @Test
    void aReshapeOfAWholeArrayIsTakenAndWritesThatArray() {
        int n = NativeLoops.PARTS_FROM + 3;
        INDArray x = random(DataType.FLOAT, 2 * n, 15);
        INDArray y = random(DataType.FLOAT, 2 * n, 16);
        double[] xs = values(x);
        double[] ys = values(y);
        INDArray matrix = x.reshape(2, n);
        assertTrue(matrix.isView() && Tensors.isContiguous(matrix), "a view in ND4J over all of x's buffer");
        matrix.addi(y.reshape(2, n));
        double squares = 0;
        for (int i = 0; i < 2 * n; i++) {
            assertEquals((float) (xs[i] + ys[i]), x.getDouble(i), "x itself, through its reshape, at " + i);
            squares += x.getDouble(i) * x.getDouble(i);
        }
        assertEquals(Math.sqrt(squares), matrix.norm2Number().doubleValue(), 1e-6 * Math.sqrt(squares));
        assertTrue(!Tensors.isContiguous(matrix.getRow(1)) && !Tensors.isContiguous(matrix.transpose()),
                "a row past the first and a transpose are not the buffer from its start in 'c' order");
    }

    @Test
    void wholeArrayNormsAndSumsAreRightToDoublePrecision() {
        int n = 4_000_000; // ND4J's own float loops are off by about 10⁻⁴ here
        INDArray x = random(DataType.FLOAT, n, 9);
        double squares = 0;
        double sum = 0;
        for (double v : x.data().asDouble()) {
            squares += v * v;
            sum += v;
        }
        assertEquals(Math.sqrt(squares), x.norm2Number().doubleValue(), 1e-6 * Math.sqrt(squares), "norm2Number");
        assertEquals(sum, x.sumNumber().doubleValue(), 1e-6 * Math.sqrt(squares), "sumNumber"); // |Σx| ≤ √n‖x‖
        INDArray norm = x.norm2();
        assertEquals(DataType.FLOAT, norm.dataType(), "a float32 array's norm is float32, as ND4J's");
        assertEquals(0, norm.rank(), "a scalar");
        assertEquals((float) Math.sqrt(squares), norm.getFloat(0), "rounded once to float32");

        INDArray d = matrix(DataType.DOUBLE, 7, 143, 10);
        double dSquares = 0;
        for (double v : d.data().asDouble()) {
            dSquares += v * v;
        }
        assertEquals(DataType.DOUBLE, d.norm2(0, 1).dataType());
        assertEquals(Math.sqrt(dSquares), d.norm2(0, 1).getDouble(0), 1e-12 * Math.sqrt(dSquares), "over both axes");
        assertEquals(Math.sqrt(dSquares), d.norm2Number().doubleValue(), 1e-12 * Math.sqrt(dSquares));

        INDArray withNaN = random(DataType.FLOAT, 100, 11);
        withNaN.putScalar(50, Float.NaN);
        assertTrue(Double.isNaN(withNaN.norm2Number().doubleValue()), "NaN in, NaN out");
    }

    @Test
    void reductionsAlongAnAxisOrKeepingDimensionsAreNd4jsOwn() {
        INDArray m = matrix(DataType.DOUBLE, 3, 4, 12);
        double[] values = values(m);
        INDArray rows = m.norm2(1);
        assertArrayEquals(new long[] {3}, rows.shape(), "one norm per row");
        INDArray columns = m.sum(0);
        assertArrayEquals(new long[] {4}, columns.shape(), "one sum per column");
        for (int r = 0; r < 3; r++) {
            double squares = 0;
            for (int c = 0; c < 4; c++) {
                squares += values[4 * r + c] * values[4 * r + c];
            }
            assertEquals(Math.sqrt(squares), rows.getDouble(r), 1e-12, "row " + r);
        }
        for (int c = 0; c < 4; c++) {
            assertEquals(values[c] + values[4 + c] + values[8 + c], columns.getDouble(c), 1e-12, "column " + c);
        }
        assertArrayEquals(new long[] {1, 1}, m.norm2(true, 0, 1).shape(), "kept dimensions");
    }

    @Test
    void nd4jsNormalsAreSeededByItsGeneratorAndNormal() {
        int n = 200_000; // a mean within 5/√n, a variance within 5·√(2/n) of N(0, 1)'s: seeds fixed, no flakes
        for (DataType type : TYPES) {
            Nd4j.getRandom().setSeed(42);
            INDArray first = Nd4j.randn(type, n);
            INDArray second = Nd4j.randn(type, n);
            Nd4j.getRandom().setSeed(42);
            assertEquals(first, Nd4j.randn(type, n), "the same values after the same seed");
            assertTrue(!first.equals(second), "new values on every call");
            Nd4j.getRandom().setSeed(42);
            long key = Nd4j.getRandom().nextLong(); // one draw of ND4J's generator keys Zeroth's normals
            assertEquals(Tensors.randn(RandomStream.of(key), type, n), first, "Zeroth's normals, as documented");
            moments(first, 0, 1, "Nd4j.randn " + type);
            INDArray scaled = Nd4j.create(type, n);
            Nd4j.getExecutioner().exec(new GaussianDistribution(scaled, 3, 2), Nd4j.getRandom());
            moments(scaled, 3, 2, "mean 3, σ 2");
            INDArray fortran = Nd4j.randn(type, 'f', 400, 500); // ND4J's own: the loops take 'c' order only
            moments(fortran, 0, 1, "an 'f' array");
        }
    }

    private static void moments(INDArray x, double mean, double sigma, String what) {
        double[] v = values(x);
        double sum = 0;
        double squares = 0;
        for (double e : v) {
            double z = (e - mean) / sigma;
            sum += z;
            squares += z * z;
        }
        double m = sum / v.length;
        assertEquals(0, m, 5 / Math.sqrt(v.length), what + ": mean");
        assertEquals(1, squares / v.length - m * m, 5 * Math.sqrt(2.0 / v.length), what + ": variance");
    }

    @Test
    void arraysInAWorkspaceAndEmptyArraysGetNd4jsAnswers() {
        WorkspaceConfiguration config = WorkspaceConfiguration.builder().initialSize(16L << 20).build();
        int n = NativeLoops.PARTS_FROM + 3;
        try (MemoryWorkspace workspace = Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "OpRouterTest")) {
            INDArray x = random(DataType.FLOAT, n, 17).leverageTo("OpRouterTest");
            INDArray y = random(DataType.FLOAT, n, 18).leverageTo("OpRouterTest");
            assertTrue(x.isAttached() && y.isAttached(), "arrays in the workspace");
            double[] xs = values(x);
            double[] ys = values(y);
            INDArray product = x.mul(y);
            assertTrue(product.isAttached(), "a new array in the workspace, as ND4J makes it");
            x.subi(y);
            for (int i = 0; i < n; i++) {
                assertEquals((float) (xs[i] * ys[i]), product.getDouble(i), "x * y at " + i);
                assertEquals((float) (xs[i] - ys[i]), x.getDouble(i), "x -= y at " + i);
            }
            assertTrue(x.norm2().isAttached(), "the norm's scalar in the workspace, as ND4J's");
        }
        INDArray empty = Nd4j.create(DataType.FLOAT, 0);
        for (INDArray[] in : new INDArray[][] {{empty, empty, empty}, {empty, empty, Nd4j.create(DataType.FLOAT, 0)}}) {
            INDArray[] routed = Nd4j.exec(new AddOp(in[0], in[1], in[2]));
            INDArray[] own = OpRouter.nd4j().exec(new AddOp(in[0], in[1], in[2]));
            assertEquals(own.length, routed.length);
            assertTrue(routed[0].isEmpty() && own[0].isEmpty(), "an empty sum");
        }
        INDArray routed = Nd4j.getExecutioner().exec(new Norm2(empty));
        INDArray own = OpRouter.nd4j().exec(new Norm2(empty));
        assertEquals(own.dataType(), routed.dataType());
        assertEquals(own.getDouble(0), routed.getDouble(0), "the norm of nothing");
        assertEquals(OpRouter.nd4j().exec(new Sum(empty)).getDouble(0), Nd4j.getExecutioner().exec(new Sum(empty))
                .getDouble(0), "the sum of nothing");
    }

    @Test
    void nd4jsExceptionsReachTheCallerUnwrapped() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 3);
        INDArray y = Nd4j.ones(DataType.FLOAT, 4);
        RuntimeException routed = assertThrows(RuntimeException.class, () -> Nd4j.exec(new AddOp(x, y, x)));
        RuntimeException own = assertThrows(RuntimeException.class, () -> OpRouter.nd4j().exec(new AddOp(x, y, x)));
        assertEquals(own.getClass(), routed.getClass(), "the exception ND4J throws, not a proxy's wrapper");
        assertEquals(own.getMessage(), routed.getMessage());
    }

    @Test
    void theChoiceIsZerothOrNd4jAndABadOneSaysWhatToWrite() {
        assertEquals("zeroth", OpRouter.choice(null, null));
        assertEquals("zeroth", OpRouter.choice(" ", ""));
        assertEquals("nd4j", OpRouter.choice(null, "ND4J"));
        assertEquals("zeroth", OpRouter.choice("zeroth", "nd4j"), "the property before the environment");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> OpRouter.choice("off", null));
        assertTrue(bad.getMessage().contains("'off'") && bad.getMessage().contains("'nd4j'"), bad.getMessage());
    }

    private interface Op {
        INDArray apply(INDArray x, INDArray y);
    }

    /** Runs {@code op} on fresh x and y; checks the array it writes (x, y or a new z) and that the others are kept. */
    private static void check(DataType type, int n, String name, DoubleBinaryOperator f, Op op, char written) {
        INDArray x = random(type, n, 31);
        INDArray y = random(type, n, 32);
        if (n > 2) { // a product below float's normal range and one past its largest
            x.putScalar(0, 1e-30);
            y.putScalar(0, 3e-15);
            x.putScalar(1, 3e38);
            y.putScalar(1, 7);
        }
        double[] xs = values(x);
        double[] ys = values(y);
        INDArray result = op.apply(x, y);
        double[] want = new double[n];
        for (int i = 0; i < n; i++) {
            double exact = f.applyAsDouble(xs[i], ys[i]);
            want[i] = type == DataType.FLOAT ? (float) exact : exact;
        }
        String what = name + ", " + type + ", n = " + n;
        assertTrue(written == 'x' ? result == x : written == 'y' ? result == y : result != x && result != y,
                what + " returns the array it wrote");
        assertEquals(type, result.dataType(), what);
        assertArrayEquals(want, values(result), what);
        if (written != 'x') {
            assertArrayEquals(xs, values(x), what + ": x keeps its values");
        }
        if (written != 'y' && !name.equals("x.addi(x)")) {
            assertArrayEquals(ys, values(y), what + ": y keeps its values");
        }
    }

    private static INDArray apply(String op, INDArray x, INDArray y) {
        switch (op) {
            case "addi": return x.addi(y);
            case "subi": return x.subi(y);
            case "muli": return x.muli(y);
            case "add": return x.add(y);
            case "sub": return x.sub(y);
            default: return x.mul(y);
        }
    }

    /** A matrix with its own memory in 'c' order. */
    private static INDArray matrix(DataType type, int rows, int columns, long seed) {
        INDArray m = random(type, rows * columns, seed).reshape(rows, columns).dup('c');
        assertTrue(Tensors.isContiguous(m), "a matrix the router takes");
        return m;
    }

    private static INDArray random(DataType type, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian() * Math.pow(10, random.nextInt(-3, 4));
        }
        return Nd4j.createFromArray(values).castTo(type);
    }
}
