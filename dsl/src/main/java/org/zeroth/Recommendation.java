package org.zeroth;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The point a run recommends, chosen by its estimated mean rather than by its luckiest sample (with noise, the
 * lowest value seen is mostly luck: nevergrad issue #1063), with the estimate. Values are in the user's sense.
 * Without {@code reevaluate(m, r)} it is the best point seen with the samples that made its value (one, or k with
 * {@code resample(k)}); with it, the candidate whose r fresh samples have the lowest mean, and {@code mean} and
 * {@code standardError} come from those fresh samples only, so they are not biased by the selection that made it
 * a candidate.
 *
 * @param point         the recommended point (a copy)
 * @param mean          the mean of its samples
 * @param standardError the standard error of that mean, s/√n (NaN for a single sample)
 * @param samples       how many evaluations the mean is over
 */
public record Recommendation(INDArray point, double mean, double standardError, int samples) {

    @Override
    public INDArray point() {
        return point.dup();
    }

    /** The point as messages show it (its first coordinates), read where it is: a large point is not copied. */
    public String describePoint() {
        return Run.describe(point);
    }

    @Override
    public String toString() {
        return "recommendation " + describePoint() + ": mean " + mean + (samples == 1
                ? " (1 sample: no standard error; reevaluate(m, r) samples the candidates again)"
                : " ± " + standardError + " (s.e., " + samples + " samples)");
    }
}
