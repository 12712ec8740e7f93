package org.zeroth;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/** A box lo ≤ x ≤ hi, per coordinate or the same for all; points are projected onto it by clamping. */
public record Bounds(double[] lower, double[] upper) implements java.io.Serializable {

    public Bounds {
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("within(lo, hi): lo has " + lower.length + " entries but hi has "
                    + upper.length + "; give both the same dimension");
        }
        for (int i = 0; i < lower.length; i++) {
            if (Double.isNaN(lower[i]) || Double.isNaN(upper[i])) {
                throw new IllegalArgumentException("within(lo, hi): bound " + i + " is NaN; give numbers (±Infinity is allowed)");
            }
            if (lower[i] > upper[i]) {
                throw new IllegalArgumentException("within(lo, hi): lo > hi at coordinate " + i + " (" + lower[i]
                        + " > " + upper[i] + "); swap them or widen the box");
            }
            if (Double.isFinite(lower[i]) && Double.isFinite(upper[i]) && Double.isInfinite(upper[i] - lower[i])) {
                throw new IllegalArgumentException("within(lo, hi): the width hi − lo at coordinate " + i + " ("
                        + upper[i] + " − " + lower[i] + ") overflows the doubles; give a narrower box, or ±Infinity"
                        + " for no bound");
            }
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    /** The same interval for every coordinate; its dimension is fixed later by the start point. */
    public static Bounds uniform(double lo, double hi) {
        return new Bounds(new double[] {lo}, new double[] {hi});
    }

    /** These bounds for dimension d (a uniform interval is repeated). */
    public Bounds forDimension(int d) {
        if (lower.length == d) {
            return this;
        }
        if (lower.length == 1) {
            double[] lo = new double[d];
            double[] hi = new double[d];
            Arrays.fill(lo, lower[0]);
            Arrays.fill(hi, upper[0]);
            return new Bounds(lo, hi);
        }
        throw new IllegalArgumentException("within(lo, hi) has dimension " + lower.length
                + " but the start point has dimension " + d + "; give bounds of dimension " + d);
    }

    /** The same box, as one interval when it is uniform (forDimension(d) restores it): 2 numbers to store, not 2d. */
    Bounds compact() {
        return lower.length > 1 && isUniform() ? uniform(lower[0], upper[0]) : this;
    }

    public boolean contains(INDArray x) {
        DoubleBuffer xs = Tensors.read(x);
        for (int i = 0; i < lower.length; i++) {
            double v = xs.get(i);
            if (v < lower[i] || v > upper[i]) {
                return false;
            }
        }
        return true;
    }

    /** Clamps x into the box, in place. */
    public void project(INDArray x) {
        DoubleBuffer xs = Tensors.write(x);
        for (int i = 0; i < lower.length; i++) {
            xs.put(i, Math.min(upper[i], Math.max(lower[i], xs.get(i))));
        }
        Tensors.written(x);
    }

    /** Width of the box along coordinate i. */
    public double width(int i) {
        return upper[i] - lower[i];
    }

    @Override
    public String toString() {
        if (isUniform()) { // within(lo, hi) with numbers holds one interval for every coordinate
            return "[" + lower[0] + ", " + upper[0] + "]" + (lower.length == 1 ? " per coordinate" : "^" + lower.length);
        }
        StringBuilder box = new StringBuilder(); // [lo₁, hi₁] × [lo₂, hi₂] × …, as a box is written
        for (int i = 0; i < lower.length; i++) {
            box.append(i == 0 ? "" : " × ").append("[").append(lower[i]).append(", ").append(upper[i]).append("]");
        }
        return box.toString();
    }

    private boolean isUniform() {
        return Arrays.stream(lower).allMatch(v -> v == lower[0]) && Arrays.stream(upper).allMatch(v -> v == upper[0]);
    }
}
