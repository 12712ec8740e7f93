package org.zeroth.tensor;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products by one OpenBLAS {@code sgemm}/{@code dgemm} call on the arrays' own memory ({@code gemv} when
 * one side is a vector). ND4J's {@code mmul} on 'c'-ordered arrays first copies its operands to 'f' order and
 * allocates: 36–64 ms for 1000² float32 here, where the same OpenBLAS (the one ND4J loads) takes 19–22 ms on one
 * core and 10.5–11.6 ms on two.
 * Any array whose elements are one unit stride apart along rows or along columns — 'c' and 'f' arrays, their
 * transposes, row or column ranges — is passed as it is, as row- or column-major with its own leading dimension and
 * a transpose flag; only others (e.g. every second column) and operands of another type are copied, once.
 *
 * <p>Threads: OpenBLAS's count stays at one ({@link NativeThreads}: element-wise BLAS on two threads stalls when the
 * other core is busy). A product of at least {@link #SPLIT_FROM} multiply-adds is cut into blocks of C's rows (or
 * columns), each one single-threaded call on the arrays' own memory, claimed by the calling thread and the {@link
 * Team}'s helpers (as {@link Chunks}' are): on an idle core a block runs beside the caller, on a busy one the caller
 * takes the rest. The blocks depend on the shape only, so the result is the same on any number of threads. With
 * {@code zeroth.nativeThreads=keep|n} a product is one call on OpenBLAS's own threads.
 */
final class Gemm {
    /**
     * The least multiply-adds of a block: ≈ 0.7 ms of one core here (OpenBLAS 0.3.31), far above handing a block
     * to a helper thread (up to 15–40 µs when it has parked). Every block packs the whole of the other operand
     * again, so blocks stay few and large. Measured on 2 cores (bench/README.md, "Tensors.mmul's blocks"): 1000³ in
     * 4 blocks took 0.54–0.60× one call's time quiet and 1.08–1.10× with the other core busy (one call with
     * OpenBLAS's count held at 2: 0.52–0.57× and 1.04–1.08×);
     * in 8 blocks 0.60× / 1.18×, in 14 blocks 0.86× / 1.34×; 384³ and 1000×100×1000 in blocks of a quarter of this
     * size lost 7–15% quiet. Products from two blocks' worth ({@link #SPLIT_FROM}, 512³) are split.
     */
    static final long BLOCK_WORK = 1L << 26;
    static final long SPLIT_FROM = 2 * BLOCK_WORK;
    /** At most this many blocks (two to four cores kept busy), each at least {@link #MIN_EXTENT} rows or columns. */
    static final int MAX_BLOCKS = 4;
    static final int MIN_EXTENT = 32;

    private Gemm() {
    }

    /** a·b into a new array: 2-D × 2-D gives m×n, a vector on either side gives a vector (as numpy's {@code @}). */
    static INDArray product(INDArray a, INDArray b) {
        Shape s = shape(a, b);
        DataType type = resultType(a.dataType(), b.dataType());
        INDArray into = s.vectorResult ? Nd4j.create(type, s.vectorLength())
                : Nd4j.create(type, new long[] {s.m, s.n}, 'c');
        compute(a, b, into, s);
        return into;
    }

    /** a·b written into {@code into} (its shape must be the product's; float32 or float64); returns {@code into}. */
    static INDArray product(INDArray a, INDArray b, INDArray into) {
        Shape s = shape(a, b);
        if (into == null) {
            throw new IllegalArgumentException("Tensors.mmul: 'into' is null; use Tensors.mmul(a, b) for a new array");
        }
        floating("into", into.dataType());
        boolean fits = s.vectorResult ? into.length() == s.vectorLength() && into.rank() <= 2
                && (into.rank() == 1 || into.size(0) == s.m && into.size(1) == s.n)
                : into.rank() == 2 && into.size(0) == s.m && into.size(1) == s.n;
        if (!fits) {
            throw new IllegalArgumentException("Tensors.mmul: 'into' has shape " + Arrays.toString(into.shape())
                    + " but " + Arrays.toString(a.shape()) + " · " + Arrays.toString(b.shape()) + " is "
                    + (s.vectorResult ? "a vector of length " + s.vectorLength() : "[" + s.m + ", " + s.n + "]")
                    + "; pass an array of that shape");
        }
        compute(a, b, into, s);
        return into;
    }

    /** The blocks an m×k·k×n product is cut into along its longer side (1 = one call): from its shape only. */
    static int blocks(long m, long n, long k, boolean zerothChooses) {
        if (!zerothChooses || m == 1 || n == 1) {
            return 1;
        }
        long work = m * n * k;
        return (int) Math.max(1, Math.min(Math.min(MAX_BLOCKS, Math.max(m, n) / MIN_EXTENT), work / BLOCK_WORK));
    }

    // --- shapes -------------------------------------------------------------------------------------------------

    /** m×k times k×n; {@code vectorResult} when a or b is 1-D. */
    private record Shape(long m, long k, long n, boolean vectorResult) {
        long vectorLength() {
            return m * n;
        }
    }

    private static Shape shape(INDArray a, INDArray b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("Tensors.mmul: pass two arrays, not null");
        }
        floating("a", a.dataType());
        floating("b", b.dataType());
        if (a.rank() < 1 || a.rank() > 2 || b.rank() < 1 || b.rank() > 2 || (a.rank() == 1 && b.rank() == 1)) {
            throw new IllegalArgumentException("Tensors.mmul multiplies matrices (2-D) or a matrix and a vector (1-D);"
                    + " got shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape())
                    + (a.rank() == 1 && b.rank() == 1 ? ": for two vectors use Tensors.dot(a, b)"
                    : ": reshape to 2-D, e.g. x.reshape(rows, columns)"));
        }
        long m = a.rank() == 1 ? 1 : a.size(0);
        long k = a.rank() == 1 ? a.length() : a.size(1);
        long kb = b.rank() == 1 ? b.length() : b.size(0);
        long n = b.rank() == 1 ? 1 : b.size(1);
        if (k != kb) {
            throw new IllegalArgumentException("Tensors.mmul: shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " do not chain: a has " + k + " columns but b has " + kb
                    + " rows; they must be equal (transpose one with x.transpose(), or swap a and b)");
        }
        if (m > Integer.MAX_VALUE || k > Integer.MAX_VALUE || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Tensors.mmul: dimensions over 2³¹ − 1 are not supported: m = " + m
                    + ", k = " + k + ", n = " + n);
        }
        return new Shape(m, k, n, a.rank() == 1 || b.rank() == 1);
    }

    private static void floating(String name, DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("Tensors.mmul: " + name + " is " + type + "; it must be FLOAT or"
                    + " DOUBLE (convert with x.castTo(DataType.DOUBLE))");
        }
    }

    private static DataType resultType(DataType a, DataType b) {
        return a == DataType.FLOAT && b == DataType.FLOAT ? DataType.FLOAT : DataType.DOUBLE;
    }

    // --- layouts ------------------------------------------------------------------------------------------------

    /** How BLAS sees a rows×cols array: row- or column-major with a leading dimension; null = not expressible. */
    private record Layout(boolean rowMajor, int ld) {
    }

    /** The layout of x seen as rows×cols with element strides (s0, s1), or null if neither stride is 1. */
    static Layout layout(long rows, long cols, long s0, long s1) {
        // A dimension of extent 1 has no stride that matters; BLAS only wants ld ≥ the other extent.
        if ((cols == 1 || s1 == 1) && (rows == 1 || s0 >= cols) && (rows == 1 ? cols : s0) <= Integer.MAX_VALUE) {
            return new Layout(true, (int) Math.max(1, rows == 1 ? cols : s0));
        }
        if ((rows == 1 || s0 == 1) && (cols == 1 || s1 >= rows) && (cols == 1 ? rows : s1) <= Integer.MAX_VALUE) {
            return new Layout(false, (int) Math.max(1, cols == 1 ? rows : s1));
        }
        return null;
    }

    /** x's layout as an m×k (or k×n) operand: a 1-D x is a row (a, 1×k) or a column (b, k×1). */
    private static Layout layout(INDArray x, long rows, long cols) {
        if (x.rank() == 1) {
            long stride = x.stride(0);
            return rows == 1 ? layout(1, cols, cols, stride) : layout(rows, 1, stride, 1);
        }
        return layout(rows, cols, x.stride(0), x.stride(1));
    }

    // --- the call -----------------------------------------------------------------------------------------------

    private static void compute(INDArray a, INDArray b, INDArray into, Shape s) {
        if (s.m == 0 || s.n == 0) {
            return;
        }
        if (s.k == 0) {
            into.assign(0);
            return;
        }
        if (!Blas.AVAILABLE) { // no OpenBLAS (a GPU backend): ND4J's own product
            INDArray a2 = a.rank() == 1 ? a.reshape(1, s.k) : a;
            INDArray b2 = b.rank() == 1 ? b.reshape(s.k, 1) : b;
            into.assign(a2.castTo(into.dataType()).mmul(b2.castTo(into.dataType())).reshape(into.shape()));
            return;
        }
        INDArray x = usable(a, s.m, s.k, into.dataType());
        INDArray y = usable(b, s.k, s.n, into.dataType());
        Layout la = layout(x, s.m, s.k);
        Layout lb = layout(y, s.k, s.n);
        Layout lc = into.rank() == 1 ? layout(into, s.m, s.n) : layout(s.m, s.n, into.stride(0), into.stride(1));
        if (lc == null || overlaps(into, a) || overlaps(into, b)) { // write a fresh array, then copy it in
            INDArray fresh = product(x, y);
            into.assign(fresh.reshape(into.shape()));
            fresh.close();
        } else {
            call(x, la, y, lb, into, lc, s);
        }
        if (x != a) {
            x.close();
        }
        if (y != b) {
            y.close();
        }
    }

    /** C = A·B in C's own order: one call, or {@link #blocks} calls on the {@link Team}'s threads. */
    private static void call(INDArray x, Layout la, INDArray y, Layout lb, INDArray into, Layout lc, Shape s) {
        DataType type = into.dataType();
        int m = (int) s.m;
        int n = (int) s.n;
        int k = (int) s.k;
        Pointer pa = Blas.host(x);
        Pointer pb = Blas.host(y);
        Pointer pc = Blas.host(into);
        if (n == 1) { // a matrix times a column: gemv, 4× faster than gemm with n = 1 here
            gemv(type, la, CblasNoTrans, m, k, pa, pb, step(lb, true), pc, step(lc, true));
        } else if (m == 1) { // a row times a matrix: its transpose is Bᵀ·aᵀ
            gemv(type, lb, CblasTrans, k, n, pb, pa, step(la, false), pc, step(lc, false));
        } else {
            int blocks = blocks(m, n, k, NativeThreads.zerothChooses());
            if (blocks == 1) {
                gemm(type, la, lb, lc, m, n, k, pa, 0, pb, 0, pc, 0);
            } else {
                inBlocks(blocks, type, la, lb, lc, m, n, k, pa, pb, pc);
            }
        }
        Tensors.written(into);
    }

    /** C = A·B as {@code blocks} calls, each a range of C's rows (or columns, if wider), on the {@link Team}. */
    private static void inBlocks(int blocks, DataType type, Layout la, Layout lb, Layout lc, int m, int n, int k,
                                 Pointer pa, Pointer pb, Pointer pc) {
        boolean alongRows = m >= n;
        int extent = alongRows ? m : n;
        Team.forEach(blocks, b -> {
            int from = (int) ((long) extent * b / blocks);
            int to = (int) ((long) extent * (b + 1) / blocks);
            // Rows of C are rows of A; columns of C are columns of B.
            long offsetA = alongRows ? offset(la, from, 0) : 0;
            long offsetB = alongRows ? 0 : offset(lb, 0, from);
            long offsetC = alongRows ? offset(lc, from, 0) : offset(lc, 0, from);
            gemm(type, la, lb, lc, alongRows ? to - from : m, alongRows ? n : to - from, k,
                    pa, offsetA, pb, offsetB, pc, offsetC);
        });
    }

    /** The element offset of (row, column) in a matrix of this layout. */
    private static long offset(Layout l, long row, long column) {
        return l.rowMajor ? row * l.ld + column : row + column * l.ld;
    }

    /** One single call C = A·B on the calling thread, each operand from an element offset in its layout. */
    private static void gemm(DataType type, Layout la, Layout lb, Layout lc, int m, int n, int k,
                             Pointer a, long offsetA, Pointer b, long offsetB, Pointer c, long offsetC) {
        // C in C's own order; an operand in the other order is the transpose of what that order reads.
        int order = lc.rowMajor ? CblasRowMajor : CblasColMajor;
        int ta = la.rowMajor == lc.rowMajor ? CblasNoTrans : CblasTrans;
        int tb = lb.rowMajor == lc.rowMajor ? CblasNoTrans : CblasTrans;
        if (type == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(order, ta, tb, m, n, k, 1f, new FloatPointer(a).position(offsetA), la.ld,
                    new FloatPointer(b).position(offsetB), lb.ld, 0f, new FloatPointer(c).position(offsetC), lc.ld);
        } else {
            openblas_nolapack.cblas_dgemm(order, ta, tb, m, n, k, 1.0, new DoublePointer(a).position(offsetA), la.ld,
                    new DoublePointer(b).position(offsetB), lb.ld, 0.0, new DoublePointer(c).position(offsetC), lc.ld);
        }
    }

    /** y = op(A)·x for an M×N matrix A in its own layout. */
    private static void gemv(DataType type, Layout la, int trans, int rows, int cols, Pointer a, Pointer x, int incX,
                             Pointer y, int incY) {
        int order = la.rowMajor ? CblasRowMajor : CblasColMajor;
        if (type == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemv(order, trans, rows, cols, 1f, new FloatPointer(a), la.ld, new FloatPointer(x),
                    incX, 0f, new FloatPointer(y), incY);
        } else {
            openblas_nolapack.cblas_dgemv(order, trans, rows, cols, 1.0, new DoublePointer(a), la.ld,
                    new DoublePointer(x), incX, 0.0, new DoublePointer(y), incY);
        }
    }

    /** The step between a vector operand's elements: a column (k×1) or a row (1×n) in its layout. */
    private static int step(Layout l, boolean column) {
        return column == l.rowMajor ? l.ld : 1;
    }

    /** x itself when BLAS can read it as a rows×cols operand of {@code type}; else a 'c' copy of that type. */
    private static INDArray usable(INDArray x, long rows, long cols, DataType type) {
        if (x.dataType() == type && layout(x, rows, cols) != null) {
            return x;
        }
        INDArray copy = x.castTo(type).dup('c');
        return x.rank() == 1 ? copy : copy.reshape('c', rows, cols);
    }

    /** True if the memory spans of two arrays intersect (BLAS must not write what it reads). */
    private static boolean overlaps(INDArray c, INDArray x) {
        long[] sc = span(c);
        long[] sx = span(x);
        return sc[0] < sx[1] && sx[0] < sc[1];
    }

    private static long[] span(INDArray x) {
        long start = Blas.host(x).address();
        long last = 0;
        for (int d = 0; d < x.rank(); d++) {
            last += (x.size(d) - 1) * Math.abs(x.stride(d));
        }
        return new long[] {start, start + (last + 1) * x.dataType().width()};
    }
}
