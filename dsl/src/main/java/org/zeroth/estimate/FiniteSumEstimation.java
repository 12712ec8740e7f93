package org.zeroth.estimate;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.FiniteSum;
import org.zeroth.Oracle;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * Gradient estimates of a finite sum f = (1/n) Σᵢ fᵢ from mini-batches, for any {@link GradientEstimator}:
 * <ul>
 * <li>ZO-SGD's mini-batch estimate ĝ_B(x): the estimator applied to f_B = (1/b) Σ_{i ∈ B} fᵢ, its q directions
 *     shared by the b components; B is b indices drawn uniformly with replacement, so E f_B = f.</li>
 * <li>ZO-SVRG's corrected estimate (Liu, Kailkhura, Chen, Ting, Chang, Amini, "Zeroth-Order Stochastic Variance
 *     Reduction for Nonconvex Optimization", NeurIPS 2018, Algorithm 2):
 *     v = ĝ_B(x) − ĝ_B(x̃) + ĝ(x̃), with x̃ the epoch's snapshot and ĝ(x̃) its estimate over all n components.
 *     Both mini-batch terms use the same batch and the same directions, so their difference estimates
 *     ∇f_B(x) − ∇f_B(x̃), which is small when x is near x̃: the component sampling's variance cancels.</li>
 * </ul>
 * Costs, with k = the estimator's queries per estimate: ĝ_B(x) k·b evaluations (component queries), the corrected
 * estimate 2·k·b, the snapshot k·n. The worker owns its scratch vectors: one per run.
 */
public final class FiniteSumEstimation {
    /** Stream indices of a step's parts: the batch, the directions, the snapshot's directions. */
    private static final long BATCH = 0x5b0001L;
    private static final long DIRECTIONS = 0x5b0002L;
    private static final long SNAPSHOT = 0x5b0003L;
    private final GradientEstimator estimator;
    private final GradientEstimator.Estimation estimation;
    private final int n;
    private final int miniBatch;
    private final INDArray snapshot;
    private final INDArray snapshotEstimate;
    private final INDArray atSnapshot;
    private boolean hasSnapshot;

    /**
     * @param parallelism how many points the estimator may evaluate at once
     */
    public FiniteSumEstimation(GradientEstimator estimator, FiniteSum f, int miniBatch, int dimension,
                               int parallelism) {
        if (miniBatch < 1 || miniBatch > f.n()) {
            throw new IllegalArgumentException(miniBatchMessage(miniBatch, f.n()));
        }
        this.estimator = estimator;
        this.estimation = estimator.start(dimension, parallelism);
        this.n = f.n();
        this.miniBatch = miniBatch;
        this.snapshot = Tensors.zeros(dimension);
        this.snapshotEstimate = Tensors.zeros(dimension);
        this.atSnapshot = Tensors.zeros(dimension);
    }

    /** Why b is refused, or what to change. */
    public static String miniBatchMessage(int b, int n) {
        return "miniBatch(b) needs 1 ≤ b ≤ n = " + n + " components per step, got " + b
                + (b > n ? "; for the whole sum drop miniBatch(b)" : "");
    }

    /** b component indices, uniform on 0 … n − 1 with replacement, from the stream alone. */
    public int[] batch(RandomStream stream) {
        return batch(stream, n, miniBatch);
    }

    /**
     * The mini-batch of the step whose stream is {@code step}: b indices uniform on 0 … n − 1 with replacement.
     * Every mini-batch descent draws its batches here, so runs of one seed see the same batches.
     */
    public static int[] batch(RandomStream step, int n, int b) {
        RandomStream draws = step.fork(BATCH);
        int[] batch = new int[b];
        for (int j = 0; j < b; j++) {
            batch[j] = (int) Math.min(n - 1, (long) (draws.uniform(j) * n));
        }
        return batch;
    }

    /** The stream of the directions of a mini-batch step whose stream is {@code step}. */
    public static RandomStream directions(RandomStream step) {
        return step.fork(DIRECTIONS);
    }

    /** ZO-SGD: g ← ĝ_B(x) on the step's batch; returns the batch's observed value (not f(x)). */
    public double miniBatch(Oracle oracle, INDArray x, INDArray g, RandomStream stream) {
        oracle.restrictTo(batch(stream));
        try {
            return estimation.estimate(oracle, x, g, directions(stream));
        } finally {
            oracle.restrictTo(null);
        }
    }

    /** Starts an epoch: x̃ ← x and ĝ(x̃) over all n components; returns the value observed on f. */
    public double snapshot(Oracle oracle, INDArray x, RandomStream stream) {
        Tensors.copy(x, snapshot);
        hasSnapshot = true;
        oracle.restrictTo(null);
        return estimation.estimate(oracle, snapshot, snapshotEstimate, stream.fork(SNAPSHOT));
    }

    /** The snapshot's estimate ĝ(x̃) (a view: do not change it). */
    public INDArray snapshotEstimate() {
        return snapshotEstimate;
    }

    /**
     * ZO-SVRG: g ← ĝ_B(x) − ĝ_B(x̃) + ĝ(x̃), the same batch and directions for both mini-batch terms; returns the
     * batch's observed value at x.
     */
    public double corrected(Oracle oracle, INDArray x, INDArray g, RandomStream stream) {
        if (!hasSnapshot) {
            throw new IllegalStateException("the corrected estimate needs a snapshot: call snapshot(oracle, x, stream)"
                    + " at the start of each epoch");
        }
        RandomStream directions = directions(stream);
        oracle.restrictTo(batch(stream));
        try {
            double observed = estimation.estimate(oracle, x, g, directions);
            estimation.estimate(oracle, snapshot, atSnapshot, directions);
            Tensors.axpy(-1, atSnapshot, g);
            Tensors.axpy(1, snapshotEstimate, g);
            return observed;
        } finally {
            oracle.restrictTo(null);
        }
    }

    /** Evaluations (component queries) of one mini-batch estimate ĝ_B in dimension d. */
    public long miniBatchCost(int d) {
        return estimator.queriesPerEstimate(d) * miniBatch;
    }

    /** Evaluations of the snapshot's estimate over all n components in dimension d. */
    public long snapshotCost(int d) {
        return estimator.queriesPerEstimate(d) * n;
    }
}
