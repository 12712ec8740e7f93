package org.zeroth.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Run;
import org.zeroth.problems.Problem;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * Sparse and masked directions against their theory on a linear f (exact for every h), with the tolerances of
 * {@link EstimatorTheoryTest}: within 4 standard errors of the measured mean, trials enough for that to be small.
 */
class SparseDirectionsTest {
    private static final int D = 10;
    private static final Problem LINEAR = Problems.linear(1, -2, 0.5, 3, -1, 0, 2, -0.5, 1.5, 1);
    private static final INDArray X = Tensors.vector(new double[D]);
    private static final double GRADIENT_SQUARED = 1 + 4 + 0.25 + 9 + 1 + 0 + 4 + 0.25 + 2.25 + 1;

    @ParameterizedTest(name = "density {0}, q = {1}: E‖ĝ − a‖² = (d − 2 + 3/p)‖a‖²/q")
    @CsvSource({"0.3, 1", "0.3, 4", "0.7, 2", "1.0, 1"})
    void sparseMeanSquaredErrorMatchesTheDerivation(double density, int q) {
        EstimatorReport report = zo.estimate(LINEAR, X).withSparseDirections(1e-2, density).queries(q).seed(5)
                .trials(60_000);
        double theory = (D - 2 + 3 / density) * GRADIENT_SQUARED / q;
        assertEquals(theory, report.linearTheoryMeanSquaredError(), 1e-9 * theory);
        assertTrue(report.meanSquaredErrorStandardError() < 0.015 * theory, "too few trials to test the formula");
        assertEquals(theory, report.meanSquaredError(), 4 * report.meanSquaredErrorStandardError(), report::toString);
    }

    @Test
    void sparseEstimateIsUnbiasedWithTheOneOverDensityScale() {
        int trials = 60_000;
        EstimatorReport report = zo.estimate(LINEAR, X).withSparseDirections(1e-2, 0.3).seed(9).trials(trials);
        // Unbiased: E bias² = MSE/n; a sum of d squared normal means exceeds 3× its mean with probability < 1e-3.
        assertTrue(report.bias() * report.bias() < 3 * report.meanSquaredError() / trials, report::toString);
    }

    @Test
    void aSparseDirectionPerturbsTheExpectedFractionOfCoordinates() {
        SparseDirections family = new SparseDirections(0.2);
        INDArray u = Tensors.zeros(10_000);
        family.fill(u, RandomStream.of(3).fork(1));
        long nonZero = java.util.Arrays.stream(Tensors.toArray(u)).filter(v -> v != 0).count();
        // Binomial(10,000, 0.2): mean 2,000, standard deviation 40.
        assertEquals(2_000, nonZero, 4 * 40);
        double[] again = Tensors.toArray(u);
        family.fill(u, RandomStream.of(3).fork(1));
        assertArrayEquals(again, Tensors.toArray(u), "regenerated from its seed");
    }

    @Test
    void aMaskLeavesTheOtherCoordinatesAtZeroAndEstimatesTheMaskedGradient() {
        double[] mask = {1, 0, 1, 1, 0, 0, 1, 0, 0, 1};
        EstimatorReport report = zo.estimate(LINEAR, X).withGaussianDirections(1e-2).withMask(mask).queries(2)
                .seed(4).trials(40_000);
        double[] mean = Tensors.toArray(report.meanEstimate());
        for (int i = 0; i < D; i++) {
            if (mask[i] == 0) {
                assertEquals(0.0, mean[i], 0.0, "coordinate " + i + " is outside the mask");
            }
        }
        // a on the mask: 1, 0.5, 3, 2, 1 → 15.25; outside: 4 + 1 + 0 + 0.25 + 2.25 = 7.5; k = 5.
        double theory = 7.5 + (5 + 1) * 15.25 / 2;
        assertEquals(theory, report.linearTheoryMeanSquaredError(), 1e-9);
        assertEquals(theory, report.meanSquaredError(), 4 * report.meanSquaredErrorStandardError(), report::toString);
        assertEquals("gaussian on 5 of 10 coordinates", report.estimator().describe().get("estimator"));
    }

    @Test
    void coordinatesOutsideTheMaskNeverMoveInARun() {
        double[] mask = {1, 1, 0, 0, 1};
        Run run = zo.minimize(Problems.sphere(5)).from(1, 2, 3, 4, 5).withGaussianDirections(1e-4).withMask(mask)
                .queries(4).adam(0.05).progress(false).steps(1_000);
        double[] end = Tensors.toArray(run.finalPoint());
        assertEquals(3, end[2], 0.0);
        assertEquals(4, end[3], 0.0);
        assertEquals(0, end[0], 1e-2);
        assertEquals(0, end[4], 1e-2);
    }

    @Test
    void sparseDirectionsSolveSphere() {
        Run run = zo.minimize(Problems.sphere(10)).withSparseDirections(1e-4, 0.3).queries(4).adam(0.02)
                .progress(false).steps(3_000);
        assertTrue(Problems.sphere(10).value(run.finalPoint()) < 1e-4, run::toString);
    }

    @Test
    void badDensitiesAndMasksSayWhatToChange() {
        assertThrows(IllegalArgumentException.class, () -> zo.minimize(LINEAR).withSparseDirections(1e-3, 0));
        assertThrows(IllegalArgumentException.class, () -> zo.minimize(LINEAR).withSparseDirections(1e-3, 1.5));
        assertThrows(IllegalArgumentException.class, () -> zo.minimize(LINEAR).withMask(0, 0, 0));
        var nan = assertThrows(IllegalArgumentException.class, () -> zo.minimize(LINEAR).withMask(1, Double.NaN, 0));
        assertTrue(nan.getMessage().contains("entry 1 is NaN"), nan.getMessage());
        var wrongLength = assertThrows(IllegalArgumentException.class,
                () -> zo.estimate(LINEAR, X).withMask(1, 1, 0).trials(2));
        assertTrue(wrongLength.getMessage().contains("one mask entry per coordinate"), wrongLength.getMessage());
        var withSparse = assertThrows(IllegalArgumentException.class,
                () -> zo.minimize(LINEAR).withSparseDirections(1e-3, 0.5).withMask(1, 0).estimator());
        assertTrue(withSparse.getMessage().contains("drop one of the two"), withSparse.getMessage());
        // In place too (nothing there reads the mask against a stored direction), one entry per coordinate.
        var inPlace = assertThrows(IllegalArgumentException.class, () -> zo.minimize(LINEAR).from(X.dup())
                .withGaussianDirections(1e-3).withMask(1, 0, 1).central().inPlace().steps(1));
        assertTrue(inPlace.getMessage().contains("one mask entry per coordinate"), inPlace.getMessage());
    }
}
