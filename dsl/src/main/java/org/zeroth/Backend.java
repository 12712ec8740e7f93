package org.zeroth;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.optimize.MezoStep;

/**
 * Where the points of a batch are evaluated (an evaluation backend, not ND4J's tensor backend): the calling thread
 * by default, {@link #threads(int) k threads} with {@code parallelism(k)}, the caller itself in ask/tell, a cluster
 * in zeroth-spark ({@code .on(backend)}). A backend only computes raw values; the {@link Oracle} stays the one
 * place that projects, counts and checks them, in the points' order, so every backend gives the same Run.
 */
public interface Backend {

    /**
     * f at each point, in the user's sense, in the points' order. The points are already projected onto the bounds
     * and must not be modified. When the evaluation of point i fails, throw {@link PointFailed} with the values of
     * the points before i (they were computed and are counted); when interrupted, {@link Interrupted} with them.
     */
    double[] evaluate(Objective objective, List<INDArray> points) throws InterruptedException;

    /**
     * f at each point of a batch that {@code recipe} rebuilds bit for bit (a ZO step's queries: a centre and a seed
     * per point): a backend that ships work elsewhere may send the recipe instead of the points. By default the
     * points are evaluated.
     */
    default double[] evaluate(Objective objective, List<INDArray> points, Perturbations recipe)
            throws InterruptedException {
        return evaluate(objective, points);
    }

    /**
     * Replicas of θ₀ where the backend evaluates f, for an in-place (MeZO) run, so that a step ships seeds and
     * scalars instead of θ; or null (the default): θ goes with each evaluation.
     */
    default Replicas replicas(Objective objective, INDArray theta0, MezoStep step) {
        return null;
    }

    /** Releases what the backend holds for one run (threads, a connection); called when the run ends. */
    default void release() {
    }

    /** k threads of this JVM (the default backend of {@code parallelism(k)}). */
    static Backend threads(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("a thread backend needs k ≥ 1 threads, got " + k);
        }
        return new ThreadBackend(k);
    }

    /**
     * The batch was interrupted; the values it made are kept: {@code before}, of its first points, and
     * {@code later}, of points past the first one missing (by their index in the batch).
     */
    final class Interrupted extends InterruptedException {
        private final double[] before;
        private final Map<Integer, Double> later;

        public Interrupted(double[] before) {
            this(before, Map.of());
        }

        public Interrupted(double[] before, Map<Integer, Double> later) {
            super("interrupted after " + before.length + " values of the batch"
                    + (later.isEmpty() ? "" : " and " + later.size() + " past the first one missing"));
            this.before = before.clone();
            this.later = Map.copyOf(later);
        }

        /** Values of points past the first one missing, by their index in the batch. */
        public Map<Integer, Double> later() {
            return later;
        }

        public double[] before() {
            return before.clone();
        }
    }

    /** Evaluating point {@code index} of a batch failed; {@code before} holds the values of points 0..index−1. */
    final class PointFailed extends RuntimeException {
        private final int index;
        private final double[] before;

        public PointFailed(int index, double[] before, Throwable cause) {
            super("evaluation " + (index + 1) + " of the batch failed: " + cause, cause, false, false);
            if (before.length != index) {
                throw new IllegalArgumentException("PointFailed at index " + index + " needs the " + index
                        + " values before it, got " + before.length);
            }
            this.index = index;
            this.before = before.clone();
        }

        public int index() {
            return index;
        }

        public double[] before() {
            return before.clone();
        }
    }
}
