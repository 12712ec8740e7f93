/*
 * Zeroth's loops over arrays' own memory (org.zeroth.tensor.NativeLoops): y *= x and y += a·x, each element computed
 * in double (or float, where that rounds the same) and rounded once, as the Java loops of ElementWise do; z = x ± y
 * and z = x·y for ND4J's ops (OpRouter); Σx² of float32 arrays, within dsdot's bound; and Σxy of float32 arrays,
 * with the bits of BlockSums' Java loops. Why C: JDK 17's JIT vectorises loops over Java arrays but not over
 * off-heap memory, and libnd4j's loop is not unrolled; these run at numpy's speed (bench/README.md). Built by
 * build.sh: -O3 -funroll-loops, and -ffp-contract=off so that no multiply-add is fused unless written (fused, y +=
 * a·x would round once less than the Java loops). AVX2 and FMA where the CPU has them (x86-64-v3): AVX-512 was
 * slower on the memory-bound loops (Zen 5, bench/README.md) but for Σxy. No restrict: x and y may be the same array
 * (x *= x), and the compiler checks for overlap before it vectorises.
 */
#include <jni.h>
#include <math.h>
#include <stdint.h>

#define LOOP __attribute__((target_clones("arch=x86-64-v3", "default")))

/*
 * Fetching ahead: a pass over x and y (y *= x, y += a·x, Σxy) over arrays in the last-level cache ran 5–20 % faster
 * on Zen 5, most with the other core busy, when each 256 bytes first ask for the 256 bytes 512 bytes on (the
 * hardware prefetcher brings them from L3 too late), and 20–50 % slower over arrays in memory, where the hardware
 * prefetcher is better left alone; so NativeLoops asks for it (ahead) only for arrays small enough. Σx² (one array)
 * ran slower with it. bench/README.md, "Fetching ahead, and Σxy in C".
 */
static inline void fetch_ahead(const void *p) {
    const char *line = (const char *) p + 512;
    __builtin_prefetch(line, 0, 3);
    __builtin_prefetch(line + 64, 0, 3);
    __builtin_prefetch(line + 128, 0, 3);
    __builtin_prefetch(line + 192, 0, 3);
}

/*
 * for (i = 0; i < n; i++) step; with ahead, in blocks of 256 bytes of y, each first fetching ahead in x and y. The
 * first elements, up to where y starts a cache line, go one by one: ND4J's long arrays start 16 bytes past a line
 * (glibc's header before an mmap'd block), and vector loads and stores that straddle lines made y *= x over 10⁶
 * floats 12 % slower (81 µs against 71 on Zen 5, bench/README.md "Arrays that start past a cache line").
 */
#define EACH(i, n, x, y, ahead, step) do { \
        jlong i = 0; \
        for (; i < (n) && ((uintptr_t) ((y) + i) & 63) != 0; i++) { \
            step; \
        } \
        if (ahead) { \
            const jlong block = 256 / sizeof *(y); \
            while (i + block <= (n)) { \
                fetch_ahead((x) + i); \
                fetch_ahead((y) + i); \
                for (const jlong end = i + block; i < end; i++) { \
                    step; \
                } \
            } \
        } \
        for (; i < (n); i++) { \
            step; \
        } \
    } while (0)

LOOP static void multiply_floats(float *y, const float *x, jlong n, jboolean ahead) {
    EACH(i, n, x, y, ahead, y[i] *= x[i]); /* the exact product has 48 bits: float arithmetic rounds it once */
}

LOOP static void multiply_doubles(double *y, const double *x, jlong n, jboolean ahead) {
    EACH(i, n, x, y, ahead, y[i] *= x[i]);
}

LOOP static void axpy_floats(double a, const float *x, float *y, jlong n, jboolean ahead) {
    /* y ± x in float: a sum of two floats rounded once to float is that sum in double rounded to float (double has
     * more than 2·24 + 1 bits), and it is 2.5× faster than the loop through double at 10⁶ with a core busy. */
    if (a == 1) {
        EACH(i, n, x, y, ahead, y[i] += x[i]);
    } else if (a == -1) {
        EACH(i, n, x, y, ahead, y[i] -= x[i]);
    } else {
        EACH(i, n, x, y, ahead, y[i] = (float) (y[i] + a * x[i]));
    }
}

LOOP static void axpy_doubles(double a, const double *x, double *y, jlong n, jboolean ahead) {
    EACH(i, n, x, y, ahead, y[i] = y[i] + a * x[i]);
}

/*
 * z = x + y, x − y or x·y (op 0, 1, 2) into a third array, as ND4J's x.add(y), x.sub(y), x.mul(y): one IEEE sum,
 * difference or product per element, the bits of ND4J's loops. z starts a cache line first, as in EACH; no fetching
 * ahead: z is most often fresh memory.
 */
#define INTO(i, n, z, step) do { \
        jlong i = 0; \
        for (; i < (n) && ((uintptr_t) ((z) + i) & 63) != 0; i++) { \
            step; \
        } \
        for (; i < (n); i++) { \
            step; \
        } \
    } while (0)

#define COMBINE(name, type) \
    LOOP static void name(jint op, type *z, const type *x, const type *y, jlong n) { \
        if (op == 0) { \
            INTO(i, n, z, z[i] = x[i] + y[i]); \
        } else if (op == 1) { \
            INTO(i, n, z, z[i] = x[i] - y[i]); \
        } else { \
            INTO(i, n, z, z[i] = x[i] * y[i]); \
        } \
    }

COMBINE(combine_floats, float)
COMBINE(combine_doubles, double)

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

/*
 * Σxy of floats in the order of BlockSums (Java): term k to lane k mod 16, products exact in double, the sixteen
 * lanes added pairwise; so the same bits as the Java loops. Here AVX-512 pays: converting floats to doubles is what
 * bounds the AVX2 loop (128 µs at 10⁶ against 89, which is this core's bandwidth for 8 MB; numpy's sdot 91 on two
 * threads). The products are exact, so a fused multiply-add rounds the same and every clone gives the same bits.
 */
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
static double dot_floats(const float *x, const float *y, jlong n, jboolean ahead) {
    double lanes[16] = {0};
    jlong i = 0;
    for (; i + 64 <= n; i += 64) {
        if (ahead) {
            fetch_ahead(x + i);
            fetch_ahead(y + i);
        }
        for (int b = 0; b < 64; b += 16) {
            for (int k = 0; k < 16; k++) {
                lanes[k] += (double) x[i + b + k] * y[i + b + k];
            }
        }
    }
    for (; i + 16 <= n; i += 16) {
        for (int k = 0; k < 16; k++) {
            lanes[k] += (double) x[i + k] * y[i + k];
        }
    }
    for (int k = 0; i < n; i++, k++) {
        lanes[k] += (double) x[i] * y[i];
    }
    for (int width = 8; width > 0; width /= 2) {
        for (int k = 0; k < width; k++) {
            lanes[k] += lanes[k + width];
        }
    }
    return lanes[0];
}

JNIEXPORT void JNICALL Java_org_zeroth_tensor_NativeLoops_multiplyFloats(JNIEnv *env, jclass loops, jlong y,
        jlong x, jlong n, jboolean ahead) {
    multiply_floats((float *) y, (const float *) x, n, ahead);
}

JNIEXPORT void JNICALL Java_org_zeroth_tensor_NativeLoops_multiplyDoubles(JNIEnv *env, jclass loops, jlong y,
        jlong x, jlong n, jboolean ahead) {
    multiply_doubles((double *) y, (const double *) x, n, ahead);
}

JNIEXPORT void JNICALL Java_org_zeroth_tensor_NativeLoops_axpyFloats(JNIEnv *env, jclass loops, jdouble a, jlong x,
        jlong y, jlong n, jboolean ahead) {
    axpy_floats(a, (const float *) x, (float *) y, n, ahead);
}

JNIEXPORT void JNICALL Java_org_zeroth_tensor_NativeLoops_axpyDoubles(JNIEnv *env, jclass loops, jdouble a, jlong x,
        jlong y, jlong n, jboolean ahead) {
    axpy_doubles(a, (const double *) x, (double *) y, n, ahead);
}

JNIEXPORT void JNICALL Java_org_zeroth_tensor_NativeLoops_combineFloats(JNIEnv *env, jclass loops, jint op, jlong z,
        jlong x, jlong y, jlong n) {
    combine_floats(op, (float *) z, (const float *) x, (const float *) y, n);
}

JNIEXPORT void JNICALL Java_org_zeroth_tensor_NativeLoops_combineDoubles(JNIEnv *env, jclass loops, jint op, jlong z,
        jlong x, jlong y, jlong n) {
    combine_doubles(op, (double *) z, (const double *) x, (const double *) y, n);
}

JNIEXPORT jdouble JNICALL Java_org_zeroth_tensor_NativeLoops_squaresOfFloats(JNIEnv *env, jclass loops, jlong x,
        jlong n) {
    return squares_floats((const float *) x, n);
}

JNIEXPORT jdouble JNICALL Java_org_zeroth_tensor_NativeLoops_dotOfFloats(JNIEnv *env, jclass loops, jlong x,
        jlong y, jlong n, jboolean ahead) {
    return dot_floats((const float *) x, (const float *) y, n, ahead);
}
