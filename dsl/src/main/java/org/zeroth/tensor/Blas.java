package org.zeroth.tensor;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The BLAS dot products that accumulate in double, from the OpenBLAS that ND4J's CPU backend loads
 * ({@code openblas_nolapack}, so its thread setting is ND4J's): {@code dsdot} for float32 (SIMD: 0.065 ms per 10⁶
 * on one core here, 0.11 ms on AVX2 kernels; bench/README.md, section openblas) and {@code ddot} for float64.
 * Absent (a GPU backend without OpenBLAS), {@link #AVAILABLE} is false and {@link Sums} uses its Java loops.
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
}
