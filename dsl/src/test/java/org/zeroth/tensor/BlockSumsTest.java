package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vectorised and the scalar block loops add every term to the running sum its index names, in index order, so
 * Σx, Σxy and Σ(x − y)² have the same bits whichever loop a JVM runs (the kernel, the tests and a Spark executor).
 */
class BlockSumsTest {
    private static final List<BlockSums> LOOPS = List.of(new ScalarBlockSums(), BlockSums.FASTEST);

    @Test
    void theTestJvmRunsTheVectorisedLoop() {
        assertEquals(VectorBlockSums.class, BlockSums.FASTEST.getClass(),
                "the test JVM needs --add-modules=jdk.incubator.vector (zeroth.test.jvm in pom.xml)");
    }

    @Test
    void eachTermGoesToTheLaneItsIndexNames() {
        Random random = new Random(11);
        for (int trial = 0; trial < 400; trial++) {
            // Every length up to three groups of 16 and some near a whole block; terms over 2⁴⁰ in magnitude, so
            // that adding them in another order or lane changes the bits.
            int count = trial < 48 ? trial : random.nextInt(Chunks.BLOCK + 1);
            float[] u = floats(random, count);
            float[] v = floats(random, count);
            double[] start = new double[BlockSums.LANES];
            for (int i = 0; i < start.length; i++) {
                start[i] = random.nextGaussian() * 1e3;
            }
            double[] terms = start.clone();
            double[] products = start.clone();
            double[] squaredDifferences = start.clone();
            for (int k = 0; k < count; k++) {
                double e = (double) u[k] - v[k];
                terms[k % 16] += u[k];
                products[k % 16] += (double) u[k] * v[k];
                squaredDifferences[k % 16] += e * e;
            }
            for (BlockSums loop : LOOPS) {
                String what = loop.getClass().getSimpleName() + ", " + count + " terms";
                double[] lanes = start.clone();
                loop.addTerms(u, count, lanes);
                assertArrayEquals(terms, lanes, "Σx, " + what);
                lanes = start.clone();
                loop.addProducts(u, v, count, lanes);
                assertArrayEquals(products, lanes, "Σxy, " + what);
                lanes = start.clone();
                loop.addSquaredDifferences(u, v, count, lanes);
                assertArrayEquals(squaredDifferences, lanes, "Σ(x − y)², " + what);
            }
        }
    }

    @Test
    void theLanesAreAddedPairwiseLaneIWithLaneIPlusEightFirst() {
        double[] lanes = new double[BlockSums.LANES];
        java.util.Arrays.fill(lanes, 1);
        lanes[0] = 1e16;
        lanes[8] = -1e16;
        // Pairwise from lanes i and i + 8: (1e16 − 1e16) + 14 ones. Left to right, 1e16 swallows the ones before it
        // (its neighbours are 2 apart): 7.
        assertEquals(14, BlockSums.total(lanes));
    }

    private static float[] floats(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * Math.scalb(1.0, random.nextInt(80) - 40));
        }
        return values;
    }
}
