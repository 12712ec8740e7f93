package org.zeroth.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import org.junit.jupiter.api.Test;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.StopReason;
import org.zeroth.problems.Problems;

/** Zeroth-order descent solves the convex and classic problems within budgets measured once and stated here. */
class ConvergenceTest {

    @Test
    void zoSgdReachesOneInAMillionOnSphere10() {
        // Measured: target reached after 995–1,055 evaluations over seeds 0–4 (1,055 for seed 0); budget 2,000.
        Run run = zo.minimize(Problems.sphere(10)).withGaussianDirections(1e-4).queries(4).sgd(0.02)
                .stopAt(1e-6).maxEvaluations(2_000).steps(100_000);
        assertEquals(StopReason.TARGET_REACHED, run.stopReason(), run::toString);
        assertTrue(run.bestValue() < 1e-6);
        assertTrue(run.evaluations() <= 2_000);
    }

    @Test
    void zoAdamReachesOneInTenThousandOnRosenbrock2() {
        // Measured: target reached after 32,952–36,888 evaluations over seeds 0–4 (36,888 for seed 1); budget 60,000.
        Run run = zo.minimize(Problems.rosenbrock(2)).withGaussianDirections(1e-4).queries(4).central().adam(1e-2)
                .seed(1).stopAt(1e-4).maxEvaluations(60_000).steps(100_000);
        assertEquals(StopReason.TARGET_REACHED, run.stopReason(), run::toString);
        assertTrue(run.bestValue() < 1e-4);
    }

    @Test
    void signSgdAndMomentumDescendOnSphere() {
        Run sign = zo.minimize(Problems.sphere(10)).withGaussianDirections(1e-4).queries(8).signSgd(1e-3)
                .schedule(Schedule.constant()).steps(2_000);
        Run momentum = zo.minimize(Problems.sphere(10)).withGaussianDirections(1e-4).queries(4)
                .momentum(5e-3, 0.9).steps(2_000);
        // Start value 10: signSGD with a constant step ends in a band of width ≈ lr√d around the optimum.
        assertTrue(sign.bestValue() < 1e-3, sign::toString);
        assertTrue(momentum.bestValue() < 1e-6, momentum::toString);
    }

    @Test
    void coordinateDifferencesSolveAnIllConditionedQuadraticWithAdam() {
        Run run = zo.minimize(Problems.ellipsoid(5)).withCoordinateDifferences(1e-6).central().adam(0.05)
                .steps(3_000);
        assertTrue(run.bestValue() < 1e-6, run::toString);
        assertEquals(3_000 * 10, run.evaluations(), "central coordinate differences cost 2d per step");
    }

    @Test
    void maximizeClimbsToTheTop() {
        Objective hill = x -> 3 - Math.pow(x.getDouble(0) - 1, 2) - Math.pow(x.getDouble(1) + 2, 2);
        Run run = zo.maximize(hill).from(0, 0).withGaussianDirections(1e-4).queries(4).sgd(0.05).steps(1_000);
        assertEquals(3, run.bestValue(), 1e-6);
        assertEquals(1, run.bestPoint().getDouble(0), 1e-3);
        assertEquals(-2, run.bestPoint().getDouble(1), 1e-3);
        double[] best = run.trace().doubleColumn("best").asDoubleArray();
        for (int i = 1; i < best.length; i++) {
            assertTrue(best[i] >= best[i - 1], "best-so-far never gets worse when maximizing");
        }
    }
}
