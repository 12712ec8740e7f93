package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Tensors.mmul against a naive triple loop in double, for every layout it reads in place and the ones it copies,
 * with a tolerance from the GEMM error bound |C − AB| ≤ (k + 2)·ε·|A||B| (k products summed, +2 for a rounding of
 * each operand to the computing type); products cut into blocks, alone and in concurrent calls.
 */
class GemmTest {
    /** A rows×cols array of uniform(−1, 1) values of this type and order (seeded). */
    static INDArray matrix(DataType type, char order, int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = 2 * r.nextDouble() - 1;
            }
        }
        return Nd4j.create(v).castTo(type).dup(order);
    }

    private static double at(INDArray x, long i, long j, boolean column) {
        return x.rank() == 2 ? x.getDouble(i, j) : x.getDouble(column ? i : j);
    }

    /** Checks c = a·b entry by entry against the loop in double, within (k + 2)·ε·(|A||B|)ᵢⱼ. */
    static void check(INDArray a, INDArray b, INDArray c) {
        long m = a.rank() == 1 ? 1 : a.size(0);
        long k = a.rank() == 1 ? a.length() : a.size(1);
        long n = b.rank() == 1 ? 1 : b.size(1);
        assertEquals(m * n, c.length(), "result length");
        double eps = c.dataType() == DataType.FLOAT || a.dataType() == DataType.FLOAT && b.dataType() == DataType.FLOAT
                ? Math.ulp(1.0f) : Math.ulp(1.0);
        double[][] av = new double[(int) m][(int) k]; // read once through ND4J's indexing (views included)
        double[][] bv = new double[(int) k][(int) n];
        for (int l = 0; l < k; l++) {
            for (int i = 0; i < m; i++) {
                av[i][l] = at(a, i, l, false);
            }
            for (int j = 0; j < n; j++) {
                bv[l][j] = at(b, l, j, true);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0;
                double magnitude = 0;
                for (int l = 0; l < k; l++) {
                    double p = av[i][l] * bv[l][j];
                    exact += p;
                    magnitude += Math.abs(p);
                }
                double got = c.rank() == 2 ? c.getDouble(i, j) : c.getDouble(m == 1 ? j : i);
                double tolerance = (k + 2) * eps * magnitude + Double.MIN_NORMAL;
                assertTrue(Math.abs(got - exact) <= tolerance, "entry (" + i + ", " + j + "): " + got + " against "
                        + exact + " ± " + tolerance + " (a " + a.ordering() + ", b " + b.ordering() + ")");
            }
        }
    }

    @Test
    void everyOrderAndTypeMatchesTheLoop() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (char oa : new char[] {'c', 'f'}) {
                for (char ob : new char[] {'c', 'f'}) {
                    INDArray a = matrix(type, oa, 7, 5, 1);
                    INDArray b = matrix(type, ob, 5, 3, 2);
                    INDArray c = Tensors.mmul(a, b);
                    assertEquals(type, c.dataType());
                    assertArrayEquals(new long[] {7, 3}, c.shape());
                    check(a, b, c);
                    for (char oc : new char[] {'c', 'f'}) {
                        INDArray into = Nd4j.create(type, new long[] {7, 3}, oc);
                        assertSame(into, Tensors.mmul(a, b, into));
                        check(a, b, into);
                    }
                }
            }
        }
    }

    @Test
    void vectorsOnEitherSide() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = matrix(type, 'c', 6, 4, 3);
            INDArray x = matrix(type, 'c', 1, 4, 4).reshape(4); // 1-D
            INDArray y = Tensors.mmul(a, x);
            assertArrayEquals(new long[] {6}, y.shape());
            check(a, x, y);
            INDArray u = matrix(type, 'c', 1, 6, 5).reshape(6);
            INDArray v = Tensors.mmul(u, a);
            assertArrayEquals(new long[] {4}, v.shape());
            check(u, a, v);
            check(a.transpose(), u, Tensors.mmul(a.transpose(), u));
            INDArray column = matrix(type, 'c', 4, 1, 6); // k×1
            check(a, column, Tensors.mmul(a, column));
            INDArray row = matrix(type, 'f', 1, 6, 7); // 1×k
            check(row, a, Tensors.mmul(row, a));
            check(column, row, Tensors.mmul(column, row)); // outer product, k = 1
            INDArray into = Nd4j.create(type, 6);
            check(a, x, Tensors.mmul(a, x, into));
        }
    }

    @Test
    void viewsAreReadWithTheirStridesOrCopied() {
        INDArray big = matrix(DataType.FLOAT, 'c', 9, 8, 8);
        INDArray rows = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all()); // offset, ld 8
        INDArray block = big.get(NDArrayIndex.interval(1, 7), NDArrayIndex.interval(2, 5)); // ld 8 > 3 columns
        INDArray everyOther = big.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 8)); // no unit stride: copied
        INDArray column = big.getColumn(3); // 1-D, stride 8
        INDArray f = big.dup('f');
        INDArray fBlock = f.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 8)); // column-major, ld 9
        INDArray right = matrix(DataType.FLOAT, 'c', 8, 2, 9);
        check(rows, right, Tensors.mmul(rows, right));
        check(block.transpose(), block, Tensors.mmul(block.transpose(), block));
        check(block, fBlock, Tensors.mmul(block, fBlock));
        check(fBlock.transpose(), fBlock, Tensors.mmul(fBlock.transpose(), fBlock));
        check(everyOther.transpose(), big, Tensors.mmul(everyOther.transpose(), big));
        check(big.transpose(), column, Tensors.mmul(big.transpose(), column));
        check(column, big, Tensors.mmul(column, big));
        check(column.reshape(1, 9), big, Tensors.mmul(column.reshape(1, 9), big));
        INDArray slice = Nd4j.createFromArray(new float[40]).addi(1.5f).get(NDArrayIndex.interval(10, 40)).reshape(5, 6);
        check(slice, block, Tensors.mmul(slice, block));
    }

    @Test
    void intoAViewWritesOnlyThatBlock() {
        INDArray a = matrix(DataType.DOUBLE, 'c', 4, 6, 10);
        INDArray b = matrix(DataType.DOUBLE, 'f', 6, 3, 11);
        for (char order : new char[] {'c', 'f'}) {
            INDArray big = Nd4j.create(DataType.DOUBLE, new long[] {7, 9}, order).assign(0);
            INDArray into = big.get(NDArrayIndex.interval(2, 6), NDArrayIndex.interval(5, 8));
            Tensors.mmul(a, b, into);
            check(a, b, into);
            double inside = Tensors.squaredNorm(into.dup());
            assertEquals(inside, Tensors.squaredNorm(big.dup()), 1e-12 * inside, "nothing outside the block is written");
            INDArray v = matrix(DataType.DOUBLE, 'c', 1, 6, 12).reshape(6);
            // A matrix–vector product into a 1-D view of stride 9 ('c') or 1 ('f').
            INDArray column = big.getColumn(1).get(NDArrayIndex.interval(0, 4));
            check(a, v, Tensors.mmul(a, v, column));
            INDArray w = matrix(DataType.DOUBLE, 'c', 1, 6, 13).reshape(6);
            INDArray row = big.getRow(3).get(NDArrayIndex.interval(0, 3)); // stride 1 ('c') or 7 ('f')
            check(w, b, Tensors.mmul(w, b, row));
            INDArray strided = big.get(NDArrayIndex.interval(0, 2, 7), NDArrayIndex.interval(0, 3, 9)); // copied in
            Tensors.mmul(a, b, strided);
            check(a, b, strided);
        }
    }

    @Test
    void mixedTypesAndAliasedOutput() {
        INDArray f = matrix(DataType.FLOAT, 'c', 5, 5, 12);
        INDArray d = matrix(DataType.DOUBLE, 'f', 5, 5, 13);
        INDArray mixed = Tensors.mmul(f, d);
        assertEquals(DataType.DOUBLE, mixed.dataType());
        check(f, d, mixed);
        INDArray intoFloat = Nd4j.create(DataType.FLOAT, 5, 5);
        check(d, d, Tensors.mmul(d, d, intoFloat));
        INDArray a = matrix(DataType.DOUBLE, 'c', 5, 5, 14);
        INDArray before = a.dup();
        Tensors.mmul(a, a, a); // a ← a·a: BLAS must not read what it writes
        check(before, before, a);
    }

    @Test
    void blocksDependOnTheShapeOnly() {
        assertEquals(1, Gemm.blocks(511, 512, 512, true), "below two blocks' work: one call");
        assertEquals(2, Gemm.blocks(512, 512, 512, true));
        assertEquals(3, Gemm.blocks(600, 500, 700, true));
        assertEquals(Gemm.MAX_BLOCKS, Gemm.blocks(2000, 2000, 2000, true));
        assertEquals(3, Gemm.blocks(100, 40, 1 << 26, true), "at least MIN_EXTENT rows or columns a block");
        assertEquals(1, Gemm.blocks(1000, 1000, 1000, false), "zeroth.nativeThreads=keep|n: one call");
        assertEquals(1, Gemm.blocks(100_000, 1, 100_000, true), "a matrix times a vector: one gemv");
    }

    @Test
    void blocksOfRowsOrColumnsMatchTheLoopInEveryLayout() {
        Tensors.zeros(1); // the policy applied
        assertTrue(NativeThreads.zerothChooses(), "the build sets no zeroth.nativeThreads");
        int before = openblas_nolapack.blas_get_num_threads();
        // Tall (blocks of rows) and wide (blocks of columns), each in every order of a, b and the output,
        // transposed operands, and an output that is a view with its own leading dimension.
        int[][] shapes = {{600, 97, 2400}, {97, 600, 2400}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            assertTrue(Gemm.blocks(m, n, k, true) > 1, "a product that is split");
            for (char oa : new char[] {'c', 'f'}) {
                for (char ob : new char[] {'c', 'f'}) {
                    INDArray a = matrix(DataType.FLOAT, oa, m, k, 30 + oa);
                    INDArray b = matrix(DataType.FLOAT, ob, k, n, 40 + ob);
                    check(a, b, Tensors.mmul(a, b));
                    INDArray big = Nd4j.create(DataType.FLOAT, new long[] {m + 3, n + 5}, oa == ob ? 'f' : 'c');
                    INDArray into = big.get(NDArrayIndex.interval(2, m + 2), NDArrayIndex.interval(4, n + 4));
                    check(a, b, Tensors.mmul(a, b, into));
                    INDArray at = matrix(DataType.DOUBLE, oa, k, m, 50).transpose();
                    INDArray bt = matrix(DataType.DOUBLE, ob, n, k, 60).transpose();
                    check(at, bt, Tensors.mmul(at, bt));
                }
            }
        }
        assertEquals(before, openblas_nolapack.blas_get_num_threads(), "OpenBLAS's count is never changed");
    }

    @Test
    void theSameProductOnOneThreadAndOnThePool() {
        INDArray a = matrix(DataType.FLOAT, 'c', 700, 500, 70);
        INDArray b = matrix(DataType.FLOAT, 'f', 500, 600, 71);
        INDArray pooled = Tensors.mmul(a, b);
        for (int round = 0; round < 5; round++) {
            assertTrue(pooled.equalsWithEps(Team.alone(() -> Tensors.mmul(a, b)), 0.0),
                    "blocks from the shape only: bit for bit on one thread");
            assertTrue(pooled.equalsWithEps(Tensors.mmul(a, b), 0.0));
        }
    }

    @Test
    void concurrentCallsGiveTheRightResultsAndLeaveTheCount() throws Exception {
        Tensors.zeros(1);
        int before = openblas_nolapack.blas_get_num_threads();
        int side = (int) Math.ceil(Math.cbrt(Gemm.SPLIT_FROM)) + 1; // large: cut into blocks
        INDArray a = matrix(DataType.FLOAT, 'c', side, side, 17);
        INDArray b = matrix(DataType.FLOAT, 'c', side, side, 18);
        INDArray large = Tensors.mmul(a, b);
        check(a, b, large);
        INDArray s = matrix(DataType.DOUBLE, 'f', 30, 20, 19);
        INDArray t = matrix(DataType.DOUBLE, 'c', 20, 10, 20);
        INDArray small = Tensors.mmul(s, t);
        check(s, t, small);
        double norm = Tensors.norm(a);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int id = thread;
                Callable<String> work = () -> {
                    for (int round = 0; round < 40; round++) {
                        INDArray c = (round + id) % 2 == 0 ? Tensors.mmul(a, b) : Tensors.mmul(s, t);
                        INDArray expected = (round + id) % 2 == 0 ? large : small;
                        if (!c.equalsWithEps(expected, 0.0)) {
                            return "thread " + id + ", round " + round + ": a different product";
                        }
                        c.close();
                        if (Tensors.norm(a) != norm) {
                            return "thread " + id + ", round " + round + ": a different norm";
                        }
                    }
                    return null;
                };
                done.add(pool.submit(work));
            }
            for (Future<String> f : done) {
                String failure = f.get();
                assertTrue(failure == null, failure);
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(before, openblas_nolapack.blas_get_num_threads(), "OpenBLAS's count after 160 concurrent calls");
    }

    @Test
    void badInputSaysWhatToChange() {
        INDArray a = Nd4j.create(DataType.FLOAT, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensors.mmul(a, Nd4j.create(DataType.FLOAT, 3, 2)));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[3, 2]")
                && e.getMessage().contains("transpose"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensors.mmul(a, Nd4j.create(DataType.FLOAT, 4, 2), Nd4j.create(DataType.FLOAT, 2, 3)));
        assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("'into'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensors.mmul(a, Nd4j.create(DataType.INT32, 4, 2)));
        assertTrue(e.getMessage().contains("castTo"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensors.mmul(Nd4j.create(DataType.FLOAT, 4), Nd4j.create(DataType.FLOAT, 4)));
        assertTrue(e.getMessage().contains("Tensors.dot"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensors.mmul(Nd4j.create(DataType.FLOAT, 2, 3, 4), a));
        assertThrows(IllegalArgumentException.class, () -> Tensors.mmul(null, a));
    }
}
