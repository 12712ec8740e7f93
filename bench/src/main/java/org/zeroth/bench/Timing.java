package org.zeroth.bench;

import java.util.Arrays;

/** Wall-clock timing: warm up, then the median of repeated runs (robust to a neighbour's burst of load). */
final class Timing {
    private Timing() {
    }

    /** Median seconds of {@code body} over {@code repeats} runs after {@code warmups} unmeasured ones. */
    static double median(int warmups, int repeats, Runnable body) {
        for (int i = 0; i < warmups; i++) {
            body.run();
        }
        double[] seconds = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            body.run();
            seconds[i] = (System.nanoTime() - start) * 1e-9;
        }
        return median(seconds);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }
}
