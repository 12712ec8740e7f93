package org.zeroth.estimate;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * A dense family restricted to a fixed set of k coordinates (DeepZero's and ZO-Bench's gradient sparsity): u is the
 * family's k-dimensional direction on the mask and 0 elsewhere, so coordinates outside the mask never move. The
 * estimate is unbiased for the masked gradient P·a; on a linear f, E‖ĝ − a‖² = ‖a − P·a‖² + c(k)‖P·a‖²/q with the
 * family's c(k) (k + 1 for Gaussian directions).
 */
public record MaskedDirections(Directions base, int[] coordinates, int dimension) implements DirectionFamily {

    public MaskedDirections {
        if (coordinates.length == 0) {
            throw new IllegalArgumentException("withMask(mask) selects no coordinate: mark at least one as perturbed");
        }
        coordinates = coordinates.clone();
    }

    /** Coordinates whose mask entry is non-zero. */
    public static MaskedDirections of(Directions base, double[] mask) {
        for (int i = 0; i < mask.length; i++) {
            if (Double.isNaN(mask[i])) { // NaN != 0 would count as perturbed: most likely a mask computed wrongly
                throw new IllegalArgumentException("withMask(mask): entry " + i + " is NaN; give 1 for a coordinate"
                        + " to perturb and 0 for one to keep");
            }
        }
        return new MaskedDirections(base, java.util.stream.IntStream.range(0, mask.length)
                .filter(i -> mask[i] != 0).toArray(), mask.length);
    }

    @Override
    public void fill(INDArray u, RandomStream stream) {
        requireDimension((int) u.length());
        double[] values = new double[coordinates.length];
        base.fill(DoubleBuffer.wrap(values), values.length, stream);
        Tensors.fill(u, 0);
        DoubleBuffer out = Tensors.write(u);
        for (int j = 0; j < coordinates.length; j++) {
            out.put(coordinates[j], values[j]);
        }
        Tensors.written(u);
    }

    @Override
    public double scale(int d) {
        requireDimension(d);
        return base.scale(coordinates.length);
    }

    @Override
    public String label() {
        return base.label() + " on " + coordinates.length + " of " + dimension + " coordinates";
    }

    @Override
    public double linearMeanSquaredError(INDArray a, int q) {
        double[] gradient = Tensors.toArray(a);
        double inside = 0;
        for (int i : coordinates) {
            inside += gradient[i] * gradient[i];
        }
        double outside = Arrays.stream(gradient).map(v -> v * v).sum() - inside;
        return outside + base.errorFactor(coordinates.length) * inside / q;
    }

    /** Throws, saying what to change, unless the mask has one entry per coordinate of a d-dimensional point. */
    public void requireDimension(int d) {
        if (d != dimension) {
            throw new IllegalArgumentException("withMask(mask) has " + dimension + " entries but the point has " + d
                    + " coordinates; give one mask entry per coordinate");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskedDirections m && base == m.base && dimension == m.dimension
                && Arrays.equals(coordinates, m.coordinates);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(coordinates) + base.hashCode() + dimension;
    }
}
