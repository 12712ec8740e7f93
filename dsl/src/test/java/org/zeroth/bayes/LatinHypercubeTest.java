package org.zeroth.bayes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zeroth.tensor.RandomStream;

/** Every coordinate's n strata hold exactly one point; same stream, same design. */
class LatinHypercubeTest {

    @Test
    void eachStratumOfEachCoordinateHoldsExactlyOnePoint() {
        int n = 17;
        int d = 5;
        double[][] x = LatinHypercube.sample(n, d, RandomStream.of(4));
        assertEquals(n, x.length);
        for (int j = 0; j < d; j++) {
            int[] count = new int[n];
            for (double[] p : x) {
                assertTrue(p[j] > 0 && p[j] < 1);
                count[(int) Math.floor(p[j] * n)]++;
            }
            for (int k = 0; k < n; k++) {
                assertEquals(1, count[k], "coordinate " + j + " stratum " + k);
            }
        }
    }

    @Test
    void coordinatesArePairedByDifferentPermutations() {
        double[][] x = LatinHypercube.sample(20, 2, RandomStream.of(5));
        int same = 0;
        for (double[] p : x) {
            same += (int) Math.floor(p[0] * 20) == (int) Math.floor(p[1] * 20) ? 1 : 0;
        }
        assertTrue(same < 20, "the design is not the diagonal");
    }

    @Test
    void sameStreamSameDesign() {
        assertArrayEquals(LatinHypercube.sample(6, 3, RandomStream.of(9))[4], LatinHypercube.sample(6, 3, RandomStream.of(9))[4]);
        assertThrows(IllegalArgumentException.class, () -> LatinHypercube.sample(0, 2, RandomStream.of(1)));
    }
}
