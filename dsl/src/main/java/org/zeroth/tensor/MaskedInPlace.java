package org.zeroth.tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused loops of {@link InPlace} for Gaussian or Rademacher directions on a fixed mask (the estimate's {@code
 * MaskedDirections}): the j-th masked coordinate, in increasing order, takes the draw of z's counter j, the others
 * 0 — the same direction as the ordinary run draws. Up to half of θ masked, the loops visit the masked coordinates
 * only (a perturbation, and an update without weight decay, leave the others as they are); beyond, θ is worked in
 * whole blocks, each block's masked coordinates found by rank in the sorted coordinates ({@link DirectionBlocks}).
 * Measured at d = 10⁷ with a tenth masked (bench/README.md): a step 12.0–12.7 ms visiting the mask only, 27.1 ms
 * over whole blocks, 43.7–49.5 ms dense. The switch at half is a guess, not tuned: a gathered coordinate costs more
 * than one of a block, the normal it needs far more. Nothing d-sized is allocated.
 */
public final class MaskedInPlace {
    private static final ThreadLocal<double[]> RANKED = ThreadLocal.withInitial(() -> new double[Chunks.BLOCK]);

    private MaskedInPlace() {
    }

    /** The direction's values for elements [first, first + count) into the thread's scratch array. */
    static double[] block(RandomStream z, Draw draw, int[] coordinates, long first, int count) {
        double[] u = DirectionBlocks.direction();
        Arrays.fill(u, 0, count, 0.0);
        int from = rank(coordinates, first);
        int to = rank(coordinates, first + count); // ≤ from + count: the coordinates are distinct
        if (to > from) {
            double[] values = RANKED.get();
            draw.block(z, from, values, to - from);
            for (int j = from; j < to; j++) {
                u[(int) (coordinates[j] - first)] = values[j - from];
            }
        }
        return u;
    }

    /** How many of the sorted coordinates are below i. */
    private static int rank(int[] coordinates, long i) {
        int at = Arrays.binarySearch(coordinates, (int) Math.min(i, Integer.MAX_VALUE));
        return at >= 0 ? at : -at - 1;
    }

    /** Whether the loops visit the masked coordinates only, rather than all of θ. */
    private static boolean visitsMaskOnly(INDArray theta, int[] coordinates) {
        return 2L * coordinates.length <= theta.length();
    }

    /** θ += a · u with u the masked direction of z (its draws) on the sorted coordinates. */
    public static void perturb(INDArray theta, RandomStream z, Draw draw, int[] coordinates, double a) {
        if (visitsMaskOnly(theta, coordinates)) {
            DirectionBlocks.perturb(theta, coordinates, DirectionBlocks.drawn(new RandomStream[] {z}, draw), a);
        } else {
            DirectionBlocks.perturb(theta, null, (i, first, count) -> block(z, draw, coordinates, first, count), a);
        }
    }

    /**
     * As {@link InPlace#restoreAndUpdate}: θ += restore · u_last (none when restore is 0), then
     * θ ← θ − (Σᵢ cᵢ uᵢ + decay · θ), in one pass; returns the norm of the update's change.
     */
    public static double restoreAndUpdate(INDArray theta, double restore, RandomStream[] z, Draw draw,
                                          int[] coordinates, double[] c, double decay) {
        if (decay == 0 && visitsMaskOnly(theta, coordinates)) {
            // the masked values in order: rank j takes counter j
            return DirectionBlocks.update(theta, coordinates, restore, DirectionBlocks.drawn(z, draw), c, decay);
        }
        return DirectionBlocks.update(theta, null, restore, (i, first, count) -> block(z[i], draw, coordinates, first,
                count), c, decay);
    }
}
