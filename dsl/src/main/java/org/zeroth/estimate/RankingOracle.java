package org.zeroth.estimate;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Objective;

/**
 * An (m, k) ranking oracle (Tang, Rybin, Chang, ICLR 2024): shown m points, it answers with the indices of the
 * best k of them, best first — and nothing else: no values. A human judge, a preference model, or f itself
 * ({@link #of}, {@link #noisy}). {@code zo.minimizeByRanking(oracle)} optimizes with nothing but these answers.
 */
@FunctionalInterface
public interface RankingOracle {

    /** The indices (into {@code points}) of the best points, best first: k distinct indices, 1 ≤ k ≤ m. */
    int[] rank(List<INDArray> points);

    /** Ranks by f: the k points with the least values, best first. */
    static RankingOracle of(Objective f, int k) {
        return new ObjectiveRanking(f, k, 0, 0);
    }

    /** Ranks by f + N(0, σ²) noise drawn afresh for every point shown (a noisy judge); same seed, same answers. */
    static RankingOracle noisy(Objective f, int k, double sigma, long seed) {
        return new ObjectiveRanking(f, k, sigma, seed);
    }
}
