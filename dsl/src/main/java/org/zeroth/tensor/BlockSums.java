package org.zeroth.tensor;

/**
 * Running sums over blocks of floats, in double, in one fixed order so that the vectorised loop and the scalar one
 * give the same bits: term k of a block (xₖ, xₖyₖ or (xₖ − yₖ)²) is added to {@code lanes[k mod 16]}, and
 * {@link #total} adds the sixteen pairwise. The vectorised loop ({@link VectorBlockSums}) needs the JVM option
 * {@code --add-modules=jdk.incubator.vector} (the kernelspec, the tests and the bench pass it); without it the
 * scalar loop runs, about 2× slower. Products and differences of two floats are formed in double, as in a scalar
 * {@code (double) x * y}, never fused.
 */
interface BlockSums {
    int LANES = 16;

    /** The loop this JVM runs: vectorised where the Vector API is there and has 256-bit doubles, else scalar. */
    BlockSums FASTEST = VectorLoops.load(BlockSums.class, "VectorBlockSums", ScalarBlockSums::new);

    /** Adds u[k] to lanes[k mod 16], for k < count. */
    void addTerms(float[] u, int count, double[] lanes);

    /** Adds u[k]·v[k] to lanes[k mod 16], for k < count. */
    void addProducts(float[] u, float[] v, int count, double[] lanes);

    /** Adds (u[k] − v[k])² to lanes[k mod 16], for k < count. */
    void addSquaredDifferences(float[] u, float[] v, int count, double[] lanes);

    /** The sum of the sixteen lanes, pairwise (lanes is used as scratch). */
    static double total(double[] lanes) {
        for (int width = LANES / 2; width > 0; width /= 2) {
            for (int i = 0; i < width; i++) {
                lanes[i] += lanes[i + width];
            }
        }
        return lanes[0];
    }
}
