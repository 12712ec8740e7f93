package org.zeroth.bayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zeroth.tensor.RandomStream;

/** The GP posterior and marginal likelihood against cases worked by hand. */
class GaussianProcessTest {
    private static final double S2 = 1.7;
    private static final Matern52 KERNEL = new Matern52(new double[] {0.4, 2.0}, S2);

    /** Matérn 5/2 at scaled distance r, written out. */
    private static double matern(double r) {
        return S2 * (1 + Math.sqrt(5) * r + 5 * r * r / 3) * Math.exp(-Math.sqrt(5) * r);
    }

    @Test
    void kernelIsTheMatern52FormulaWithOneLengthScalePerCoordinate() {
        assertEquals(S2, KERNEL.value(new double[] {0.3, 0.1}, new double[] {0.3, 0.1}), 0);
        double r = Math.hypot(0.2 / 0.4, 1.0 / 2.0);
        assertEquals(matern(r), KERNEL.value(new double[] {0.1, 0.0}, new double[] {0.3, 1.0}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new Matern52(new double[] {0}, 1));
        assertThrows(IllegalArgumentException.class, () -> new Matern52(new double[] {1}, -1));
    }

    @Test
    void oneNoiseFreeObservationIsInterpolatedAndFarAwayThePriorReturns() {
        double[][] x = {{0.5, 0.5}};
        GaussianProcess gp = GaussianProcess.of(KERNEL, 0, 0.25, x, new double[] {3.0});
        assertEquals(3.0, gp.mean(x[0]), 1e-12);
        assertEquals(0, gp.variance(x[0]), 1e-12);
        double[] far = {50, 50};
        assertEquals(0.25, gp.mean(far), 1e-12, "far from the data the prior mean");
        assertEquals(S2, gp.variance(far), 1e-12, "and the prior variance");
        // In between: m + k(x*, x1)/s² (y1 − m) and s² − k²/s².
        double[] mid = {0.7, 0.5};
        double k = matern(0.2 / 0.4);
        assertEquals(0.25 + k / S2 * (3.0 - 0.25), gp.mean(mid), 1e-12);
        assertEquals(S2 - k * k / S2, gp.variance(mid), 1e-12);
    }

    @Test
    void twoObservationsMatchTheTwoByTwoFormula() {
        double[][] x = {{0.1, 0.2}, {0.4, 0.9}};
        double[] y = {1.0, -2.0};
        double noise = 0.05;
        double m = 0.3;
        GaussianProcess gp = GaussianProcess.of(KERNEL, noise, m, x, y);
        double a = S2 + noise;
        double b = KERNEL.value(x[0], x[1]);
        double det = a * a - b * b;
        double[][] inv = {{a / det, -b / det}, {-b / det, a / det}}; // (K + σ²I)⁻¹ by hand
        double[] r = {y[0] - m, y[1] - m};
        double[] star = {0.3, 0.5};
        double[] k = {KERNEL.value(star, x[0]), KERNEL.value(star, x[1])};
        double mean = m + k[0] * (inv[0][0] * r[0] + inv[0][1] * r[1]) + k[1] * (inv[1][0] * r[0] + inv[1][1] * r[1]);
        double var = S2 - (k[0] * (inv[0][0] * k[0] + inv[0][1] * k[1]) + k[1] * (inv[1][0] * k[0] + inv[1][1] * k[1]));
        assertEquals(mean, gp.mean(star), 1e-12);
        assertEquals(var, gp.variance(star), 1e-12);
        double[] p = gp.predict(star);
        assertEquals(mean, p[0], 1e-12);
        assertEquals(Math.sqrt(var), p[1], 1e-12);
        // log N(y; m, K + σ²I) = −½ rᵀ(K + σ²I)⁻¹r − ½ log det − log 2π
        double quad = r[0] * (inv[0][0] * r[0] + inv[0][1] * r[1]) + r[1] * (inv[1][0] * r[0] + inv[1][1] * r[1]);
        assertEquals(-0.5 * quad - 0.5 * Math.log(det) - Math.log(2 * Math.PI), gp.logMarginalLikelihood(), 1e-12);
    }

    @Test
    void addingTheBelievedMeanLeavesTheMeanAndShrinksTheVariance() {
        double[][] x = {{0.1, 0.2}, {0.4, 0.9}};
        GaussianProcess gp = GaussianProcess.of(KERNEL, 1e-6, 0, x, new double[] {1, -2});
        double[] pending = {0.6, 0.6};
        GaussianProcess believer = gp.with(pending, gp.mean(pending));
        double[] near = {0.62, 0.6};
        assertEquals(gp.mean(near), believer.mean(near), 1e-6);
        assertTrue(believer.variance(near) < 0.2 * gp.variance(near));
        assertEquals(0, believer.variance(pending), 1e-5);
        // With noise in the data, a believed point is still known exactly: its variance falls to 0, not to ≈ σₙ².
        GaussianProcess noisy = GaussianProcess.of(KERNEL, 0.05, 0, x, new double[] {1, -2});
        assertTrue(noisy.variance(x[0]) > 0.01, "an observation with noise leaves variance at its point");
        assertEquals(0, noisy.with(pending, noisy.mean(pending)).variance(pending), 1e-9);
    }

    @Test
    void duplicatePointsWithoutNoiseFactorWithJitter() {
        double[][] x = {{0.5, 0.5}, {0.5, 0.5}};
        GaussianProcess gp = GaussianProcess.of(KERNEL, 0, 0, x, new double[] {1, 1});
        assertTrue(gp.jitter() > 0, "the exact matrix is singular: jitter made it factor");
        assertEquals(1, gp.mean(x[0]), 1e-4);
    }

    @Test
    void fittedHyperparametersExplainSmoothDataBetterThanTheirStart() {
        RandomStream random = RandomStream.of(3);
        double[][] x = LatinHypercube.sample(15, 2, random);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.sin(6 * x[i][0]) + 0.1 * x[i][1]; // varies along x₀, hardly along x₁
        }
        Hyperparameters h = Hyperparameters.fit(x, y, Double.NaN, null, 3, random.fork(1));
        double[] l = h.lengthScales();
        assertTrue(l[0] < l[1], "the relevant coordinate gets the shorter length scale: " + l[0] + " vs " + l[1]);
        GaussianProcess gp = h.condition(x, y);
        GaussianProcess plain = new Hyperparameters(new double[] {1, 1}, 1, 1e-4).condition(x, y);
        assertTrue(gp.logMarginalLikelihood() > plain.logMarginalLikelihood());
        double[] test = {0.33, 0.5};
        assertEquals(Math.sin(6 * 0.33) + 0.05, gp.mean(test), 0.1, "the fit predicts between the points");
    }

    @Test
    void badInputsAreNamed() {
        double[][] x = {{0.5, 0.5}};
        assertThrows(IllegalArgumentException.class, () -> GaussianProcess.of(KERNEL, -1, 0, x, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> GaussianProcess.of(KERNEL, 0, 0, x, new double[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaussianProcess.of(KERNEL, 0, 0, new double[][] {{0.5}}, new double[] {1}));
        assertTrue(e.getMessage().contains("dimension"), e.getMessage());
    }
}
