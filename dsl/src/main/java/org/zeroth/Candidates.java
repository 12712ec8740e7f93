package org.zeroth;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/**
 * The m points with the lowest values seen (in the minimizing sense), kept for {@code reevaluate(m, r)}: with noise
 * the best value seen is a lucky draw, so these are the candidates whose fresh samples decide the recommendation.
 */
final class Candidates {
    private final int capacity;
    /** Sorted by value, lowest first; a point evaluated twice appears twice. */
    private final List<INDArray> points = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();

    Candidates(int capacity) {
        this.capacity = capacity;
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

    List<INDArray> points() {
        return List.copyOf(points);
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
