package org.zeroth.tensor;

/**
 * Element-wise updates of float blocks, each element computed in double and rounded once to float. The vectorised
 * loop ({@link VectorFloatUpdates}, where the JVM has {@code jdk.incubator.vector}) and the scalar one make the same
 * IEEE operations per element (a product, then a sum; never fused), so they give the same bits. The JIT of JDK 17
 * does not vectorise conversions between float and double: the scalar loop is 2–5× slower (bench/README.md).
 */
interface FloatUpdates {
    /** The loop this JVM runs: vectorised where the Vector API is there and has 256-bit doubles, else scalar. */
    FloatUpdates FASTEST = VectorLoops.load(FloatUpdates.class, "VectorFloatUpdates", ScalarFloatUpdates::new);

    /** y[k] = (float) (y[k] + a·x[k]), for k < count. */
    void axpy(double a, float[] x, float[] y, int count);

    /** y[k] = (float) (y[k]·factor), for k < count. */
    void scale(float[] y, double factor, int count);
}
