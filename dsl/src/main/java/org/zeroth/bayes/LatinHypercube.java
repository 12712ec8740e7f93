package org.zeroth.bayes;

import org.zeroth.tensor.RandomStream;

/**
 * A Latin hypercube sample of n points in [0, 1]^d (McKay, Beckman &amp; Conover 1979): each coordinate's n strata
 * [k/n, (k+1)/n) hold exactly one point, placed uniformly inside its stratum; the strata are matched across
 * coordinates by independent random permutations. A space-filling initial design: every one-dimensional
 * projection is evenly covered, which a uniform sample of the same size is not.
 */
public final class LatinHypercube {
    private LatinHypercube() {
    }

    /** n points in [0, 1]^d from the given stream (same stream, same design). */
    public static double[][] sample(int n, int d, RandomStream random) {
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("LatinHypercube.sample(n, d) needs n ≥ 1 and d ≥ 1, got n = " + n
                    + ", d = " + d);
        }
        double[][] points = new double[n][d];
        long draw = 0;
        for (int j = 0; j < d; j++) {
            int[] strata = new int[n];
            for (int i = 0; i < n; i++) {
                strata[i] = i;
            }
            for (int i = n - 1; i > 0; i--) { // Fisher–Yates
                int k = (int) Math.floor(random.uniform(draw++) * (i + 1));
                int t = strata[i];
                strata[i] = strata[k];
                strata[k] = t;
            }
            for (int i = 0; i < n; i++) {
                points[i][j] = (strata[i] + random.uniform(draw++)) / n;
            }
        }
        return points;
    }
}
