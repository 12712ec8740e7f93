/*
 * Zeroth's element-wise loops over arrays' own memory (org.zeroth.tensor.NativeLoops): y *= x and y += a·x, each
 * element computed in double (or float, where that is exact) and rounded once, as the Java loops of ElementWise do.
 * Why C: JDK 17's JIT vectorises loops over Java arrays but not over off-heap memory, and libnd4j's loop is not
 * unrolled; these are numpy's speed (bench/README.md). Built by build.sh: -O3 -funroll-loops, and -ffp-contract=off
 * so that no multiply-add is fused (which would round once less than the Java loops). AVX2 where the CPU has it:
 * AVX-512 was slower on these memory-bound loops (Zen 5, bench/README.md).
 * No restrict: x and y may be the same array (x *= x), and the compiler checks for overlap before it vectorises.
 */
#include <jni.h>

#define LOOP __attribute__((target_clones("avx2", "default")))

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
