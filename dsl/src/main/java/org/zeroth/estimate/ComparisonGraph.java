package org.zeroth.estimate;

import java.util.Arrays;

/**
 * The comparison graph of a top-k answer about m points (Tang, Rybin, Chang 2024): an edge (i, j) for every pair
 * with i ranked above j, every ranked point being above every unranked one: |E| = k(k − 1)/2 + k(m − k) edges.
 * ZO-RankSGD's direction for points x + μξᵢ is the mean over the edges of (ξⱼ − ξᵢ), the worse minus the better
 * direction: each edge estimates the sign of a directional difference of f, so the mean points uphill and the
 * method steps against it. Written as Σᵢ cᵢ ξᵢ, the point at rank r (0 = best) has cᵢ = (2r − m + 1)/|E| and an
 * unranked point cᵢ = k/|E|.
 */
public final class ComparisonGraph {
    private ComparisonGraph() {
    }

    /**
     * The weights cᵢ of the m directions for this answer (distinct indices in [0, m), best first).
     *
     * @throws IllegalArgumentException if the answer is empty, too long, repeats an index or names no point
     */
    public static double[] weights(int m, int[] ranked) {
        if (ranked == null) {
            throw new IllegalArgumentException("the ranking oracle answered null; return the indices of the best points"
                    + " shown, best first, e.g. new int[] {2, 0}");
        }
        int k = ranked.length;
        if (k < 1 || k > m) {
            throw new IllegalArgumentException("the ranking oracle answered with " + k + " indices for " + m
                    + " points; it must name between 1 and m of them, best first");
        }
        double edges = k * (k - 1) / 2.0 + (double) k * (m - k);
        double[] c = new double[m];
        Arrays.fill(c, k / edges);
        boolean[] seen = new boolean[m];
        for (int r = 0; r < k; r++) {
            int i = ranked[r];
            if (i < 0 || i >= m || seen[i]) {
                throw new IllegalArgumentException("the ranking oracle's answer " + Arrays.toString(ranked)
                        + (i < 0 || i >= m ? " names no point " + i + " (indices run from 0 to " + (m - 1) + ")"
                        : " repeats " + i) + "; answer with distinct indices of the points shown, best first");
            }
            seen[i] = true;
            c[i] = (2.0 * r - m + 1) / edges;
        }
        return c;
    }
}
