package org.zeroth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/**
 * The final re-evaluation of {@code reevaluate(m, r)}, the oracle's answer to noise: with noise the best value seen
 * is a lucky draw, so the m points with the lowest values seen (in the minimizing sense) are kept, and when the run
 * ends they and the final point are evaluated r more times each, from a budget kept for it; the lowest mean of
 * fresh samples is recommended. Also the sample statistics the oracle uses for {@code resample(k)}.
 */
final class Reevaluation {
    private final int capacity;
    private final int samples;
    /** Evaluations kept for the re-evaluation until it is made. */
    private long reserved;
    /** Sorted by value, lowest first; a point evaluated twice appears twice. */
    private final List<INDArray> points = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();

    /** The chosen point's index among those re-evaluated, its fresh samples' mean and M2; index −1: none. */
    record Choice(int index, double mean, double m2) {
    }

    /**
     * m candidates (0 when no best point is kept: only the final point is re-evaluated) of r samples each; r = 0
     * for none. The budget must leave room for the run itself.
     */
    Reevaluation(int m, int r, boolean keepBestPoint, long maxEvaluations) {
        this.capacity = r > 0 && keepBestPoint ? m : 0;
        this.samples = r;
        this.reserved = r == 0 ? 0 : (keepBestPoint ? m + 1L : 1L) * r;
        if (reserved > 0 && maxEvaluations != Long.MAX_VALUE && reserved >= maxEvaluations) {
            throw new IllegalArgumentException("reevaluate(" + m + ", " + r + ") keeps " + reserved + " evaluations"
                    + " for the end of the run but maxEvaluations is " + maxEvaluations + "; raise maxEvaluations or"
                    + " lower m or r");
        }
    }

    /** Evaluations the run may not spend: kept for the re-evaluation. */
    long reserved() {
        return reserved;
    }

    /** True while the re-evaluation is still to be made. */
    boolean pending() {
        return reserved > 0;
    }

    int samples() {
        return samples;
    }

    void offer(INDArray x, double value) {
        if (capacity == 0 || points.size() == capacity && value >= values.get(capacity - 1)) {
            return;
        }
        int at = 0;
        while (at < values.size() && values.get(at) <= value) {
            at++; // earlier points first among equal values: the order does not depend on anything but the run
        }
        if (points.size() == capacity) {
            points.remove(capacity - 1);
            values.remove(capacity - 1);
        }
        points.add(at, Tensors.doubleCopy(x));
        values.add(at, value);
    }

    /**
     * Starts the re-evaluation (its budget is released to it): the candidates and a copy of {@code finalPoint}
     * (null: none), projected onto {@code bounds} (null: none), each point once — the final point is often the best
     * one, and its samples would otherwise interleave on parallel threads, where the noise of a point's n-th
     * evaluation is drawn by its count.
     */
    List<INDArray> start(INDArray finalPoint, Bounds bounds) {
        reserved = 0;
        List<INDArray> all = new ArrayList<>(points);
        if (finalPoint != null) {
            all.add(Tensors.doubleCopy(finalPoint));
        }
        if (bounds != null) {
            all.forEach(bounds::project);
        }
        List<INDArray> out = new ArrayList<>();
        List<double[]> seen = new ArrayList<>();
        for (INDArray p : all) {
            double[] x = Tensors.toArray(p);
            if (seen.stream().noneMatch(q -> Arrays.equals(x, q))) {
                out.add(p);
                seen.add(x);
            }
        }
        return out;
    }

    /**
     * The point with the lowest mean of its {@link #samples} fresh values ({@code raw}: that many per point, in the
     * points' order); the first point whose mean is not finite, if any, with that mean.
     */
    Choice choose(double[] raw, int count) {
        Choice chosen = new Choice(-1, Double.NaN, Double.NaN);
        for (int i = 0; i < count; i++) {
            double[] m = moments(raw, i * samples, samples);
            if (!Double.isFinite(m[0])) {
                return new Choice(i, m[0], m[1]);
            }
            if (chosen.index() < 0 || m[0] < chosen.mean()) {
                chosen = new Choice(i, m[0], m[1]);
            }
        }
        return chosen;
    }

    /** Mean and M2 (the sum of squared deviations) of {@code v[from, from + n)}, two-pass for accuracy. */
    static double[] moments(double[] v, int from, int n) {
        if (n == 1) {
            return new double[] {v[from], 0};
        }
        // Sorted: copies of one point evaluated at once may get their samples in any order; the sum must not care.
        double[] s = java.util.Arrays.copyOfRange(v, from, from + n);
        java.util.Arrays.sort(s);
        double sum = 0;
        for (double x : s) {
            sum += x;
        }
        double mean = sum / n;
        double m2 = 0;
        for (double x : s) {
            m2 += (x - mean) * (x - mean);
        }
        return new double[] {mean, m2};
    }

    /** s/√n from M2 over n samples; NaN for one sample. */
    static double standardError(double m2, int n) {
        return n < 2 ? Double.NaN : Math.sqrt(m2 / (n - 1) / n);
    }
}
