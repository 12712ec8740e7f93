package org.zeroth.population;

import java.util.Arrays;
import org.zeroth.Bounds;

/**
 * The coordinates a box fixes (lo = hi) and the free ones the classic methods search instead: a trust region,
 * simplex or poll that moved a fixed coordinate would leave the box at once (BOBYQA's radius would be 0).
 */
final class FixedCoordinates {
    private final int[] free;
    private final double[] values; // the fixed coordinates' values, in full dimension

    private FixedCoordinates(int[] free, double[] values) {
        this.free = free;
        this.values = values;
    }

    /** The box's fixed coordinates, or null when it fixes none (or there is no box). */
    static FixedCoordinates of(Bounds box) {
        if (box == null) {
            return null;
        }
        int d = box.lower().length;
        int[] free = java.util.stream.IntStream.range(0, d).filter(i -> box.lower()[i] != box.upper()[i]).toArray();
        return free.length == d ? null : new FixedCoordinates(free, box.lower().clone());
    }

    int freeCount() {
        return free.length;
    }

    int fixedCount() {
        return values.length - free.length;
    }

    /** The full point: z's entries at the free coordinates, the fixed values elsewhere. */
    double[] embed(double[] z) {
        double[] x = values.clone();
        for (int k = 0; k < free.length; k++) {
            x[free[k]] = z[k];
        }
        return x;
    }

    /** The free coordinates of x. */
    double[] reduce(double[] x) {
        return Arrays.stream(free).mapToDouble(i -> x[i]).toArray();
    }

    /** The box over the free coordinates. */
    Bounds reduce(Bounds box) {
        return new Bounds(reduce(box.lower()), reduce(box.upper()));
    }

    /** For the run's settings: how many coordinates the box fixes. */
    String describe() {
        return fixedCount() + " of " + values.length + " (lo = hi)";
    }
}
