package org.zeroth.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * In-place element-wise updates of float32 and float64 arrays: y += a·x, y *= x, y = x, x = c, x *= c. Each element
 * is computed in double and rounded once to the target's type. Contiguous arrays are worked in place: y += a·x and
 * y *= x on arrays of one type by Zeroth's loops in C ({@link NativeLoops}) where the DSL was built with them; else
 * by one BLAS call or memory copy where that gives those same bits (y ± x, a product by a float, a copy), else in
 * {@link Chunks}' blocks (on all cores: element by element, so the same bits on any thread count). Views and other
 * layouts go through a contiguous double copy and ND4J's {@code assign}, with the same values.
 */
final class ElementWise {
    /**
     * Length from which an update by BLAS (y ± x, y *= c) is made one call per chunk on the {@link Team}: unlike a
     * sum, which gains from two chunks, it only gains once the arrays outgrow the caches. Measured (2 cores, quiet,
     * probe): saxpy at 10⁶ 80 µs in one call and 89–95 µs in chunks; at 2²¹ 194–197 and 194–210 µs; at 3·10⁶ 502–545
     * and 322–324 µs; at 10⁷ 2.4 ms and 1.45–1.49 ms.
     */
    static final int BLAS_CHUNKED_FROM = 1 << 21;

    // The other operand's block; Chunks.update lends the target's block in its own scratch arrays.
    private static final ThreadLocal<double[]> DOUBLE_OPERAND = ThreadLocal.withInitial(() -> new double[Chunks.BLOCK]);
    private static final ThreadLocal<float[]> FLOAT_OPERAND = ThreadLocal.withInitial(() -> new float[Chunks.BLOCK]);

    /** Elements [first, first + count) of the other operand, in a scratch array of the calling thread. */
    private interface Operand {
        double[] block(int first, int count);
    }

    private ElementWise() {
    }

    /** y += a·x. */
    static void axpy(double a, INDArray x, INDArray y) {
        operands("axpy", x, y);
        if (!Tensors.isContiguous(x) || !Tensors.isContiguous(y)) {
            INDArray sum = Tensors.doubleCopy(y);
            axpy(a, Tensors.doubleCopy(x), sum);
            assign(y, sum);
            return;
        }
        int n = (int) y.length();
        if (NativeLoops.take(x, y)) {
            NativeLoops.axpy(a, x, y);
        } else if ((a == 1 || a == -1) && x.dataType() == y.dataType() && Blas.AVAILABLE) {
            Pointer xs = Blas.host(x);
            Pointer ys = Blas.host(y);
            blas(n, (from, to) -> Blas.axpy(y.dataType(), a, xs, ys, from, to - from)); // y ± x: the same bits
        } else if (y.dataType() == DataType.DOUBLE) {
            Operand xs = doubles(x);
            Chunks.update(Tensors.read(y), n, (v, first, count) -> {
                double[] u = xs.block(first, count);
                for (int k = 0; k < count; k++) {
                    v[k] += a * u[k];
                }
                return 0;
            });
        } else if (x.dataType() == DataType.FLOAT) {
            FloatBuffer xs = Tensors.readFloats(x);
            Chunks.update(Tensors.readFloats(y), n, (v, first, count) -> {
                float[] u = FLOAT_OPERAND.get();
                xs.get(first, u, 0, count);
                FloatUpdates.FASTEST.axpy(a, u, v, count);
                return 0;
            });
        } else {
            Operand xs = doubles(x);
            Chunks.update(Tensors.readFloats(y), n, (v, first, count) -> {
                double[] u = xs.block(first, count);
                for (int k = 0; k < count; k++) {
                    v[k] = (float) (v[k] + a * u[k]);
                }
                return 0;
            });
        }
        Tensors.written(y);
    }

    /** y *= x, element by element. */
    static void multiply(INDArray x, INDArray y) {
        operands("multiply", x, y);
        if (!Tensors.isContiguous(x) || !Tensors.isContiguous(y)) {
            INDArray product = Tensors.doubleCopy(y);
            multiply(Tensors.doubleCopy(x), product);
            assign(y, product);
            return;
        }
        int n = (int) y.length();
        if (NativeLoops.take(x, y)) {
            NativeLoops.multiply(x, y); // one IEEE product per element, as below
        } else if (y.dataType() == DataType.DOUBLE) {
            Operand xs = doubles(x);
            Chunks.update(Tensors.read(y), n, (v, first, count) -> {
                double[] u = xs.block(first, count);
                for (int k = 0; k < count; k++) {
                    v[k] *= u[k];
                }
                return 0;
            });
        } else if (x.dataType() == DataType.FLOAT) {
            // A float product is the exact product (48 bits: exact in double) rounded once: float arithmetic suffices.
            FloatBuffer xs = Tensors.readFloats(x);
            Chunks.update(Tensors.readFloats(y), n, (v, first, count) -> {
                float[] u = FLOAT_OPERAND.get();
                xs.get(first, u, 0, count);
                for (int k = 0; k < count; k++) {
                    v[k] *= u[k];
                }
                return 0;
            });
        } else {
            Operand xs = doubles(x);
            Chunks.update(Tensors.readFloats(y), n, (v, first, count) -> {
                double[] u = xs.block(first, count);
                for (int k = 0; k < count; k++) {
                    v[k] = (float) (v[k] * u[k]);
                }
                return 0;
            });
        }
        Tensors.written(y);
    }

    /** target = source. */
    static void copy(INDArray source, INDArray target) {
        operands("copy", source, target);
        if (!Tensors.isContiguous(source) || !Tensors.isContiguous(target)) {
            if (!Transposes.copy(source, target)) { // an 'f' matrix into a 'c' one: in blocks
                assign(target, source);
            }
            return;
        }
        int n = (int) target.length();
        if (source.dataType() == target.dataType()) { // one bulk copy of the memory
            if (target.dataType() == DataType.FLOAT) {
                Tensors.readFloats(target).put(0, Tensors.readFloats(source), 0, n);
            } else {
                Tensors.read(target).put(0, Tensors.read(source), 0, n);
            }
        } else if (target.dataType() == DataType.DOUBLE) {
            Operand sources = doubles(source);
            Chunks.update(Tensors.read(target), n, (v, first, count) -> {
                System.arraycopy(sources.block(first, count), 0, v, 0, count);
                return 0;
            });
        } else {
            Operand sources = doubles(source);
            Chunks.update(Tensors.readFloats(target), n, (v, first, count) -> {
                double[] u = sources.block(first, count);
                for (int k = 0; k < count; k++) {
                    v[k] = (float) u[k];
                }
                return 0;
            });
        }
        Tensors.written(target);
    }

    /** x = value everywhere. */
    static void fill(INDArray x, double value) {
        floating("fill", "x", x);
        if (!Tensors.isContiguous(x)) {
            x.assign(value);
            return;
        }
        int n = (int) x.length();
        if (x.dataType() == DataType.FLOAT) {
            float f = (float) value;
            Chunks.update(Tensors.readFloats(x), n, (v, first, count) -> {
                Arrays.fill(v, 0, count, f);
                return 0;
            });
        } else {
            Chunks.update(Tensors.read(x), n, (v, first, count) -> {
                Arrays.fill(v, 0, count, value);
                return 0;
            });
        }
        Tensors.written(x);
    }

    /** x *= factor. */
    static void scale(INDArray x, double factor) {
        floating("scale", "x", x);
        if (!Tensors.isContiguous(x)) {
            INDArray product = Tensors.doubleCopy(x);
            scale(product, factor);
            assign(x, product);
            return;
        }
        int n = (int) x.length();
        float f = (float) factor;
        if (x.dataType() == DataType.FLOAT && Blas.AVAILABLE && f == factor && f != 0 && Float.isFinite(f)) {
            // One rounding of the exact product: the same bits. Not by 0: some OpenBLAS versions write zeros there,
            // where 0·NaN is NaN.
            Pointer xs = Blas.host(x);
            blas(n, (from, to) -> Blas.sscal(f, xs, from, to - from));
        } else if (x.dataType() == DataType.FLOAT) {
            Chunks.update(Tensors.readFloats(x), n, (v, first, count) -> {
                FloatUpdates.FASTEST.scale(v, factor, count);
                return 0;
            });
        } else {
            Chunks.update(Tensors.read(x), n, (v, first, count) -> {
                for (int k = 0; k < count; k++) {
                    v[k] *= factor;
                }
                return 0;
            });
        }
        Tensors.written(x);
    }

    /** One BLAS call on this thread, or one per chunk on the {@link Team} from {@link #BLAS_CHUNKED_FROM}. */
    private static void blas(int n, BlasRange call) {
        if (n < BLAS_CHUNKED_FROM) {
            call.over(0, n);
            return;
        }
        Chunks.sum(n, (from, to) -> {
            call.over(from, to);
            return 0;
        });
    }

    private interface BlasRange {
        void over(int from, int to);
    }

    /** A contiguous FLOAT or DOUBLE array's elements as doubles, block by block. */
    private static Operand doubles(INDArray x) {
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer xs = Tensors.readFloats(x);
            return (first, count) -> {
                float[] f = FLOAT_OPERAND.get();
                double[] u = DOUBLE_OPERAND.get();
                xs.get(first, f, 0, count);
                for (int k = 0; k < count; k++) {
                    u[k] = f[k];
                }
                return u;
            };
        }
        DoubleBuffer xs = Tensors.read(x);
        return (first, count) -> {
            double[] u = DOUBLE_OPERAND.get();
            xs.get(first, u, 0, count);
            return u;
        };
    }

    /** target = values (a contiguous double array of target's length), rounded to target's type, in its layout. */
    private static void assign(INDArray target, INDArray values) {
        target.assign(values.reshape('c', target.shape()));
    }

    private static void operands(String op, INDArray x, INDArray y) {
        floating(op, "the first array", x);
        floating(op, "the second array", y);
        if (x.length() != y.length()) {
            throw new IllegalArgumentException("Tensors." + op + ": the arrays differ in length: " + x.length()
                    + " and " + y.length() + "; pass two arrays of the same length");
        }
    }

    private static void floating(String op, String name, INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException("Tensors." + op + ": " + name + " is null; pass an array");
        }
        if (x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("Tensors." + op + ": " + name + " is " + x.dataType()
                    + "; it must be FLOAT or DOUBLE (convert with x.castTo(DataType.DOUBLE))");
        }
        if (x.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Tensors." + op + ": arrays over 2³¹ − 1 elements are not supported ("
                    + x.length() + ")");
        }
    }
}
