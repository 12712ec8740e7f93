package org.zeroth.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.problems.Problem;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;

/**
 * The estimators against the theory of DESIGN.md, on a linear f where it is exact for every h.
 * Tolerances: a measured mean of n trials is compared with the formula within 4 of its own standard errors
 * (a false alarm has probability ≈ 6e-5 per check), and the trials are enough to make that standard error
 * at most 1% of the predicted value, so 4 standard errors stay below the 1/(d + 1) ≈ 9% that separates the
 * right formula from a wrong one (d instead of d + 1).
 */
class EstimatorTheoryTest {
    private static final int D = 10;
    private static final int TRIALS = 40_000;
    private static final Problem LINEAR = Problems.linear(1, -2, 0.5, 3, -1, 0, 2, -0.5, 1.5, 1);
    private static final INDArray X = Tensors.vector(new double[D]);

    @ParameterizedTest(name = "{0} directions, q = {1}: E‖ĝ − ∇f‖² = {2}‖∇f‖²/q")
    @CsvSource({"gaussian, 1, 11", "gaussian, 4, 11", "sphere, 1, 9", "sphere, 4, 9", "rademacher, 1, 9", "rademacher, 4, 9"})
    void meanSquaredErrorMatchesTheory(String directions, int q, int factor) {
        EstimatorReport report = analysis(directions).queries(q).seed(7).trials(TRIALS);
        double theory = factor * LINEAR.gradient(X).norm2Number().doubleValue()
                * LINEAR.gradient(X).norm2Number().doubleValue() / q;

        assertEquals(theory, report.linearTheoryMeanSquaredError(), 1e-9 * theory);
        assertTrue(report.meanSquaredErrorStandardError() < 0.01 * theory, "too few trials to test the formula");
        assertEquals(theory, report.meanSquaredError(), 4 * report.meanSquaredErrorStandardError(), report::toString);
    }

    @ParameterizedTest(name = "{0} directions are unbiased on a linear f")
    @CsvSource({"gaussian", "sphere", "rademacher"})
    void forwardEstimateIsUnbiased(String directions) {
        EstimatorReport report = analysis(directions).seed(11).trials(TRIALS);
        // E bias² = E‖ĝ − ∇f‖² / n for an unbiased estimator; a sum of d squared normal means exceeds 3× its
        // mean with probability < 1e-3 for d = 10.
        double expectedSquaredBias = report.meanSquaredError() / TRIALS;
        assertTrue(report.bias() * report.bias() < 3 * expectedSquaredBias, report::toString);

        // The bias's standard error against the theory: unbiased, so variance = E‖ĝ − ∇f‖² = factor·‖∇f‖² (q = 1),
        // and the standard error is √(that / n). The measured variance is within 4% of it (the mean squared
        // error's standard error is under 1% of it, see above), so its root within 2%.
        double squaredGradient = Math.pow(LINEAR.gradient(X).norm2Number().doubleValue(), 2);
        double theory = Math.sqrt((directions.equals("gaussian") ? D + 1 : D - 1) * squaredGradient / TRIALS);
        assertEquals(theory, report.biasStandardError(), 0.02 * theory, report::toString);
        assertTrue(report.biasWithinNoise() && report.toString().contains(
                "is within two standard errors (2 × " + String.format("%.3g", report.biasStandardError())
                        + ") of 0: 40000 trials measure no bias"), report::toString);
    }

    @Test
    void oneGaussianDirectionHasSquaredCosineOneOverD() {
        EstimatorReport report = analysis("gaussian").seed(3).trials(TRIALS);
        // cos² of a uniform direction with a fixed one is Beta(1/2, (d−1)/2): variance 2(d−1)/(d²(d+2)).
        double standardError = Math.sqrt(2.0 * (D - 1) / ((double) D * D * (D + 2)) / TRIALS);
        assertEquals(1.0 / D, report.meanSquaredCosine(), 4 * standardError, report::toString);
    }

    @Test
    void centralCoordinateDifferencesAreExactOnAQuadratic() {
        Problem ellipsoid = Problems.ellipsoid(5);
        INDArray x = Tensors.vector(0.3, -0.7, 0.2, 0.05, -0.01);
        EstimatorReport report = zo.estimate(ellipsoid, x).withCoordinateDifferences(1e-3).central().trials(2);

        double[] exact = Tensors.toArray(ellipsoid.gradient(x));
        double[] estimated = Tensors.toArray(report.meanEstimate());
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], estimated[i], 1e-7 * Math.max(1, Math.abs(exact[i])), "coordinate " + i);
        }
        assertEquals(10, report.evaluationsPerEstimate());
    }

    @Test
    void forwardCoordinateDifferencesHaveBiasOfOrderH() {
        Problem sphere = Problems.sphere(3);
        INDArray x = Tensors.vector(1, 2, 3);
        // For Σxᵢ², (f(x + h eᵢ) − f(x))/h = 2xᵢ + h exactly: bias ‖(h, h, h)‖ = h√3.
        EstimatorReport report = zo.estimate(sphere, x).withCoordinateDifferences(0.1).forward().trials(2);
        assertEquals(0.1 * Math.sqrt(3), report.bias(), 1e-9);
        assertEquals(4, report.evaluationsPerEstimate());
        // Every estimate is the same: the bias is measured without noise, and the report does not doubt it.
        assertEquals(0, report.biasStandardError());
        assertTrue(!report.biasWithinNoise() && !report.toString().contains("measure no bias"), report::toString);
    }

    @Test
    void singlePointVarianceGrowsLikeOneOverHSquared() {
        Problem sphere = Problems.sphere(D);
        INDArray x = sphere.start();
        double[] variance = new double[3];
        double[] radius = {1e-1, 1e-2, 1e-3};
        for (int i = 0; i < radius.length; i++) {
            variance[i] = zo.estimate(sphere, x).withGaussianDirections(radius[i]).singlePoint().seed(5)
                    .trials(TRIALS).variance();
        }
        // f(x + hu)·u/h ≈ f(x)·u/h: variance ≈ f(x)² d / h², so each tenfold smaller h multiplies it by ≈ 100.
        assertTrue(variance[1] / variance[0] > 50 && variance[1] / variance[0] < 200, "h 0.1 → 0.01: " + variance[1] / variance[0]);
        assertTrue(variance[2] / variance[1] > 50 && variance[2] / variance[1] < 200, "h 0.01 → 0.001: " + variance[2] / variance[1]);
    }

    @Test
    void evaluationsPerEstimateFollowTheScheme() {
        assertEquals(9, analysis("gaussian").queries(8).forward().trials(2).evaluationsPerEstimate());
        assertEquals(16, analysis("gaussian").queries(8).central().trials(2).evaluationsPerEstimate());
        assertEquals(8, analysis("gaussian").queries(8).singlePoint().trials(2).evaluationsPerEstimate());
        assertEquals(D + 1, zo.estimate(LINEAR, X).withCoordinateDifferences(1e-3).trials(2).evaluationsPerEstimate());
        assertEquals(2 * D, zo.estimate(LINEAR, X).withCoordinateDifferences(1e-3).central().trials(2).evaluationsPerEstimate());
    }

    @Test
    void anObjectiveWithoutAKnownGradientStillGetsAReport() {
        EstimatorReport report = zo.estimate(org.zeroth.Objective.ofArray(x -> 3 * x[0] - x[1]), X)
                .withGaussianDirections(1e-2).trials(50);
        assertTrue(Double.isNaN(report.linearTheoryMeanSquaredError()) && Double.isNaN(report.bias()));
        String text = report.toString();
        assertTrue(!text.contains("toString failed") && text.contains("variance"), text);
        assertTrue(text.contains("no exact gradient at x, so no bias, error or cosine: give it with"
                + " zo.estimate(…).gradient(g)"), text);
        assertTrue(!zo.estimate(LINEAR, X).withGaussianDirections(1e-2).trials(5).toString().contains("no exact"));
        // Coordinate differences give one estimate every trial: its spread is 0 exactly, also where ‖ĝ‖² is large
        // (E‖ĝ‖² − ‖E ĝ‖² gave 7.3e-4 here)
        EstimatorReport fixed = zo.estimate(org.zeroth.problems.Problems.ellipsoid(5), 0.3, -1.7, 2.9, 0.11, -0.6)
                .withCoordinateDifferences(1e-3).trials(50);
        assertEquals(0.0, fixed.variance(), "a deterministic estimate varies by 0");
        // ĝ₀ = (gᵀz)z₀ has variance ‖g‖² + g₀² = 19: over 50 trials its mean is within 4 sd = 4·√(19/50) ≈ 2.5
        assertEquals(3, report.meanEstimate().getDouble(0), 2.5, "the estimates still average near ∇f: " + text);
    }

    private static EstimatorAnalysis analysis(String directions) {
        EstimatorAnalysis a = zo.estimate(LINEAR, X);
        return switch (directions) {
            case "gaussian" -> a.withGaussianDirections(1e-2);
            case "sphere" -> a.withSphereDirections(1e-2);
            case "rademacher" -> a.withRademacherDirections(1e-2);
            default -> throw new IllegalArgumentException(directions);
        };
    }
}
