package org.zeroth.estimate;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Objective;
import org.zeroth.tensor.RandomStream;

/**
 * A ranking oracle that ranks by an objective, optionally perturbed by Gaussian noise. Because it knows f, a
 * ranking run can put f's values in its trace; the run evaluates the m points through its own counted oracle and
 * ranks them with {@link #topK(double[], long)}, so nothing is evaluated twice.
 */
public final class ObjectiveRanking implements RankingOracle, java.io.Serializable {
    private final Objective objective;
    private final int k;
    private final double sigma;
    private final RandomStream noise;
    private final AtomicLong calls = new AtomicLong();

    ObjectiveRanking(Objective objective, int k, double sigma, long seed) {
        this.objective = Objects.requireNonNull(objective, "the objective to rank by is null");
        if (k < 1) {
            throw new IllegalArgumentException("a ranking oracle answers with the top k ≥ 1 points, got k = " + k);
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noisy(f, k, sigma, seed) needs sigma ≥ 0, got " + sigma);
        }
        this.k = k;
        this.sigma = sigma;
        this.noise = RandomStream.of(seed).fork(0x52414E4BL);
    }

    /** The objective ranked by. */
    public Objective objective() {
        return objective;
    }

    /** How many points the oracle ranks (at most m: all of them when fewer are shown). */
    public int k() {
        return k;
    }

    public double sigma() {
        return sigma;
    }

    @Override
    public int[] rank(List<INDArray> points) {
        double[] values = points.stream().mapToDouble(objective::value).toArray();
        return topK(values, calls.getAndIncrement());
    }

    /** The top k of these values (smallest first) after adding the noise of query number {@code query}. */
    public int[] topK(double[] values, long query) {
        RandomStream draws = noise.fork(query);
        double[] judged = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            judged[i] = sigma == 0 ? values[i] : values[i] + sigma * draws.gaussian(i);
        }
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(judged[a], judged[b]));
        return Arrays.stream(order).limit(Math.min(k, values.length)).mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return (sigma == 0 ? "top-" + k + " by " : "noisy(σ=" + sigma + ") top-" + k + " by ") + objective.name();
    }
}
