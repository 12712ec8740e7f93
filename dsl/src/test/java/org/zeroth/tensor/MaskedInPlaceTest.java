package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MaskedInPlace on float parameters against a plain loop over the coordinates: the j-th masked coordinate moves
 * along z.gaussian(j) (or z.rademacher(j)), each element rounded once to float, the others only by weight decay.
 * Under half masked the loops visit the mask only, over it whole blocks of θ: both must give these same bits.
 */
class MaskedInPlaceTest {
    private static final int D = 150_000; // 74 blocks, 3 chunks

    @ParameterizedTest(name = "{0} masked, decay {1}, {2}")
    @CsvSource({"0.3, 0, GAUSSIAN", "0.3, 0.1, GAUSSIAN", "0.7, 0, GAUSSIAN", "0.7, 0.1, GAUSSIAN",
        "0.3, 0, RADEMACHER", "0.7, 0.1, RADEMACHER"})
    void perturbAndUpdateAreTheCoordinateByCoordinateArithmetic(double fraction, double decay, Draw draw) {
        Random random = new Random(11);
        int[] coordinates = java.util.stream.IntStream.range(0, D).filter(i -> random.nextDouble() < fraction)
                .toArray();
        float[] start = new float[D];
        for (int i = 0; i < D; i++) {
            start[i] = (float) random.nextGaussian();
        }
        INDArray theta = Nd4j.createFromArray(start.clone());
        RandomStream[] z = {RandomStream.of(4).fork(1), RandomStream.of(4).fork(2)};
        double a = 1e-3;

        MaskedInPlace.perturb(theta, z[1], draw, coordinates, a);
        float[] expected = start.clone();
        for (int j = 0; j < coordinates.length; j++) {
            int c = coordinates[j];
            expected[c] = (float) (expected[c] + a * value(z[1], draw, j));
        }
        float[] perturbed = theta.toFloatVector();
        for (int i = 0; i < D; i++) {
            assertEquals(expected[i], perturbed[i], 0f, "perturbed element " + i);
        }

        double[] coefficients = {0.02, -0.03};
        double norm = MaskedInPlace.restoreAndUpdate(theta, -a, z, draw, coordinates, coefficients, decay);
        boolean[] masked = new boolean[D];
        double[] u0 = new double[D];
        double[] u1 = new double[D];
        for (int j = 0; j < coordinates.length; j++) {
            masked[coordinates[j]] = true;
            u0[coordinates[j]] = value(z[0], draw, j);
            u1[coordinates[j]] = value(z[1], draw, j);
        }
        double squares = 0;
        float[] updated = theta.toFloatVector();
        for (int i = 0; i < D; i++) {
            float before = masked[i] ? (float) (perturbed[i] + -a * u1[i]) : perturbed[i];
            double sum = 0;
            sum += coefficients[0] * u0[i];
            sum += coefficients[1] * u1[i];
            float after = (float) (before - (sum + decay * before));
            assertEquals(after, updated[i], 0f, "updated element " + i + (masked[i] ? " (masked)" : ""));
            squares += (double) (after - before) * (after - before);
        }
        assertEquals(Math.sqrt(squares), norm, 1e-12 * Math.sqrt(squares), "the norm of the update's change");
    }

    /** The j-th masked value as the ordinary run draws it. */
    private static double value(RandomStream z, Draw draw, int j) {
        return draw == Draw.GAUSSIAN ? z.gaussian(j) : z.rademacher(j);
    }
}
