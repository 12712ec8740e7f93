/*
 * Zeroth's loops over arrays' own memory (org.zeroth.tensor.NativeLoops): y *= x and y += a·x, each element computed
 * in double (or float, where that rounds the same) and rounded once, as the Java loops of ElementWise do; and Σx² of
 * float32 arrays, within dsdot's bound. Why C: JDK 17's JIT vectorises loops over Java arrays but not over off-heap
 * memory, and libnd4j's loop is not unrolled; these run at numpy's speed (bench/README.md). Built by build.sh: -O3
 * -funroll-loops, and -ffp-contract=off so that no multiply-add is fused unless written (fused, y += a·x would round
 * once less than the Java loops). AVX2 and FMA where the CPU has them (x86-64-v3): AVX-512 was slower on these
 * memory-bound loops (Zen 5, bench/README.md). No restrict: x and y may be the same array (x *= x), and the compiler
 * checks for overlap before it vectorises.
 */
#include <jni.h>
#include <math.h>

#define LOOP __attribute__((target_clones("arch=x86-64-v3", "default")))

LOOP static void multiply_floats(float *y, const float *x, jlong n) {
    for (jlong i = 0; i < n; i++) {
        y[i] *= x[i]; /* the exact product has 48 bits: float arithmetic rounds it once */
    }
}

LOOP static void multiply_doubles(double *y, const double *x, jlong n) {
    for (jlong i = 0; i < n; i++) {
        y[i] *= x[i];
    }
}

LOOP static void axpy_floats(double a, const float *x, float *y, jlong n) {
    /* y ± x in float: a sum of two floats rounded once to float is that sum in double rounded to float (double has
     * more than 2·24 + 1 bits), and it is 2.5× faster than the loop through double at 10⁶ with a core busy. */
    if (a == 1) {
        for (jlong i = 0; i < n; i++) {
            y[i] += x[i];
        }
    } else if (a == -1) {
        for (jlong i = 0; i < n; i++) {
            y[i] -= x[i];
        }
    } else {
        for (jlong i = 0; i < n; i++) {
            y[i] = (float) (y[i] + a * x[i]);
        }
    }
}

LOOP static void axpy_doubles(double a, const double *x, double *y, jlong n) {
    for (jlong i = 0; i < n; i++) {
        y[i] = y[i] + a * x[i];
    }
}

/*
 * Σx² of floats in blocks of 256: each of 64 lanes adds 4 squares in float, fused (one rounding per step), and the
 * 64 partial sums are added in double. All terms are positive, so the relative error is at most 4·2⁻²⁴ ≈ 2.4e-7,
 * the bound of OpenBLAS's dsdot, which this replaces: 46 µs at 10⁶ on one core against dsdot's 60 and a loop in
 * double's 80. fmaf is exact by definition, so a CPU without FMA (the default clone, libm's fmaf) gives the same bits.
 */
#define LANES 64
#define STEPS 4

LOOP static double squares_floats(const float *x, jlong n) {
    double total[LANES] = {0};
    jlong i = 0;
    for (; i + LANES * STEPS <= n; i += LANES * STEPS) {
        float part[LANES] = {0};
        for (int s = 0; s < STEPS; s++) {
            for (int k = 0; k < LANES; k++) {
                float v = x[i + LANES * s + k];
                part[k] = fmaf(v, v, part[k]);
            }
        }
        for (int k = 0; k < LANES; k++) {
            total[k] += part[k];
        }
    }
    double sum = 0;
    for (int k = 0; k < LANES; k++) {
        sum += total[k];
    }
    for (; i < n; i++) {
        double v = x[i];
        sum += v * v;
    }
    return sum;
}

JNIEXPORT void JNICALL Java_org_zeroth_tensor_NativeLoops_multiplyFloats(JNIEnv *env, jclass loops, jlong y,
        jlong x, jlong n) {
    multiply_floats((float *) y, (const float *) x, n);
}

JNIEXPORT void JNICALL Java_org_zeroth_tensor_NativeLoops_multiplyDoubles(JNIEnv *env, jclass loops, jlong y,
        jlong x, jlong n) {
    multiply_doubles((double *) y, (const double *) x, n);
}

JNIEXPORT void JNICALL Java_org_zeroth_tensor_NativeLoops_axpyFloats(JNIEnv *env, jclass loops, jdouble a, jlong x,
        jlong y, jlong n) {
    axpy_floats(a, (const float *) x, (float *) y, n);
}

JNIEXPORT void JNICALL Java_org_zeroth_tensor_NativeLoops_axpyDoubles(JNIEnv *env, jclass loops, jdouble a, jlong x,
        jlong y, jlong n) {
    axpy_doubles(a, (const double *) x, (double *) y, n);
}

JNIEXPORT jdouble JNICALL Java_org_zeroth_tensor_NativeLoops_squaresOfFloats(JNIEnv *env, jclass loops, jlong x,
        jlong n) {
    return squares_floats((const float *) x, n);
}
