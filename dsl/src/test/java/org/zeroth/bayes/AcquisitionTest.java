package org.zeroth.bayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;

/** Expected improvement against its closed form, and stable where the closed form underflows. */
class AcquisitionTest {

    /** EI = (best − μ)Φ(z) + σφ(z), z = (best − μ)/σ, straight from the formula. */
    private static double closedForm(double mean, double sd, double best) {
        double z = (best - mean) / sd;
        double phi = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        double cdf = 0.5 * Erf.erfc(-z / Math.sqrt(2));
        return (best - mean) * cdf + sd * phi;
    }

    @Test
    void expectedImprovementIsTheClosedForm() {
        assertEquals(0.3 / Math.sqrt(2 * Math.PI), Acquisition.expectedImprovement(1.0, 0.3, 1.0), 1e-15);
        double[][] cases = {{0, 1, 0.5}, {2, 0.5, 1}, {-1, 2, 1}, {0.1, 0.01, 0.0}, {3, 1, 0}};
        for (double[] c : cases) {
            double expected = closedForm(c[0], c[1], c[2]);
            assertEquals(expected, Acquisition.expectedImprovement(c[0], c[1], c[2]), 1e-12 * Math.max(1, expected),
                    "EI at mean " + c[0] + ", sd " + c[1] + ", best " + c[2]);
        }
    }

    @Test
    void atZeroSpreadExpectedImprovementIsThePlainImprovement() {
        assertEquals(0.5, Acquisition.expectedImprovement(1.0, 0, 1.5), 1e-15);
        assertEquals(0, Acquisition.expectedImprovement(2.0, 0, 1.5), 0);
        assertEquals(Double.NEGATIVE_INFINITY, Acquisition.logExpectedImprovement(2.0, 0, 1.5));
        // σ → 0 approaches the limit continuously from both sides of the incumbent
        assertEquals(0.5, Acquisition.expectedImprovement(1.0, 1e-12, 1.5), 1e-12);
        assertTrue(Acquisition.expectedImprovement(2.0, 1e-3, 1.5) < 1e-100);
    }

    @Test
    void logExpectedImprovementStaysFiniteAndOrderedFarBelowTheIncumbent() {
        // z = −40: EI ≈ 1e−350 underflows, log EI does not. References: log(φ(z) + zΦ(z)) in 50-digit arithmetic
        // (mpmath: npdf(z) + z·ncdf(z)).
        double[][] reference = {{-7, -29.368107183141277688}, {-10, -55.553122036122355927},
                {-40, -808.29856835661996024}, {-1000, -500014.73445209115845}, {-1e5, -5000000023.9447894634}};
        for (double[] r : reference) {
            assertEquals(r[1], Acquisition.logH(r[0]), 1e-14 * Math.abs(r[1]), "log h(" + r[0] + ")");
        }
        double previous = Double.POSITIVE_INFINITY;
        for (double z = 5; z > -200; z -= 0.37) {
            double v = Acquisition.logH(z);
            assertTrue(Double.isFinite(v) && v < previous, "log h decreases with z and stays finite at z = " + z);
            previous = v;
        }
        // the two branches meet at z = −6
        assertEquals(Acquisition.logH(-6 + 1e-9), Acquisition.logH(-6 - 1e-9), 1e-6);
        assertEquals(Math.log(closedForm(0, 1, -5.5)), Acquisition.logH(-5.5), 1e-9);
    }

    @Test
    void ucbScoresTheLowerConfidenceBound() {
        Acquisition ucb = Acquisition.ucb(4);
        assertEquals(2 * 0.5 - 1.0, ucb.score(1.0, 0.5, 0), 1e-15);
        assertEquals("ucb(4.0)", ucb.label());
        assertEquals("ei", Acquisition.expectedImprovement().label());
        assertThrows(IllegalArgumentException.class, () -> Acquisition.ucb(-1));
        assertThrows(IllegalArgumentException.class, () -> Acquisition.logExpectedImprovement(0, -1, 0));
    }
}
