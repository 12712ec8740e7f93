package org.zeroth.tensor;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The BLAS calls Zeroth makes itself on arrays' host memory, from the OpenBLAS that ND4J's CPU backend loads
 * ({@code openblas_nolapack}, so its thread setting is ND4J's): {@code dsdot} for float32 (SIMD: 0.065 ms per 10⁶
 * on one core here, 0.11 ms on AVX2 kernels; bench/README.md, section openblas) and {@code ddot} for float64, which
 * accumulate in double; {@code axpy} with a = ±1 and {@code sscal} by a float, whose every element is one correctly
 * rounded sum or product on any kernel, fused or not (so the same bits as Zeroth's own loops).
 * Absent (a GPU backend without OpenBLAS), {@link #AVAILABLE} is false and Zeroth uses its Java loops.
 */
final class Blas {
    static final boolean AVAILABLE = load();
    private Blas() {
    }

    private static boolean load() {
        try {
            openblas_nolapack.blas_get_num_threads();
            return true;
        } catch (Throwable notLoaded) { // NoClassDefFoundError, UnsatisfiedLinkError
            return false;
        }
    }

    /** Σ x[i]·y[i] over [from, from + count) of two float32 buffers, added in double. */
    static double dsdot(Pointer x, Pointer y, int from, int count) {
        return openblas_nolapack.cblas_dsdot(count, new FloatPointer(x).position(from), 1,
                new FloatPointer(y).position(from), 1);
    }

    /** Σ x[i]·y[i] over [from, from + count) of two float64 buffers. */
    static double ddot(Pointer x, Pointer y, int from, int count) {
        return openblas_nolapack.cblas_ddot(count, new DoublePointer(x).position(from), 1,
                new DoublePointer(y).position(from), 1);
    }

    /**
     * The host memory of an array from its first element, a view's offset included (brought to the host first on a
     * GPU backend).
     */
    static Pointer host(INDArray x) {
        Nd4j.getAffinityManager().ensureLocation(x, AffinityManager.Location.HOST);
        return x.data().addressPointer();
    }

    /** y += a·x over [from, from + count) of two FLOAT or two DOUBLE buffers. */
    static void axpy(DataType type, double a, Pointer x, Pointer y, int from, int count) {
        if (type == DataType.FLOAT) {
            openblas_nolapack.cblas_saxpy(count, (float) a, new FloatPointer(x).position(from), 1,
                    new FloatPointer(y).position(from), 1);
        } else {
            openblas_nolapack.cblas_daxpy(count, a, new DoublePointer(x).position(from), 1,
                    new DoublePointer(y).position(from), 1);
        }
    }

    /** y *= factor over [from, from + count) of a float32 buffer. */
    static void sscal(float factor, Pointer y, int from, int count) {
        openblas_nolapack.cblas_sscal(count, factor, new FloatPointer(y).position(from), 1);
    }
}
