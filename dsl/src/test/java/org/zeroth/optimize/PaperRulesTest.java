package org.zeroth.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Run;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;

/**
 * Lion, AdaBelief and diffGrad step for step against their papers' equations. The expected points were computed
 * by hand-written Python (double precision) from the equations in each class's Javadoc, over 12 steps of the same
 * synthetic estimates ĝₜ,ᵢ = sin(1.3t + 2.1i) · (0.2 + (7t + 3i) mod 5), from x₀ = (1, −2, 0.5) with lr = 0.01.
 */
class PaperRulesTest {

    private static double[] twelveSteps(UpdateRule rule) {
        INDArray x = Tensors.vector(1, -2, 0.5);
        UpdateRule.Update update = rule.start(3);
        for (int t = 1; t <= 12; t++) {
            double[] g = new double[3];
            for (int i = 0; i < 3; i++) {
                g[i] = Math.sin(1.3 * t + 2.1 * i) * (0.2 + ((t * 7 + i * 3) % 5));
            }
            update.apply(x, Tensors.vector(g), 0.01, t);
        }
        return Tensors.toArray(x);
    }

    @Test
    void lionMovesEachCoordinateBySignOfTheInterpolatedMomentum() {
        assertArrayEquals(new double[] {0.96, -1.96, 0.56}, twelveSteps(new Lion(0.01)), 1e-12);
        // Decoupled decay: −lr·λ·x each step (a coupled decay inside the sign would give the line above).
        assertArrayEquals(new double[] {0.9482450425402345, -1.9363904240926055, 0.5537936881810787},
                twelveSteps(new Lion(0.01, 0.9, 0.99, 0.1)), 1e-12);
    }

    @Test
    void lionInterpolatesWithTheMomentumOfThePreviousSteps() {
        // β₁ = ½, β₂ = 0 makes m the previous estimate: step 2's c = ½·1 + ½·(−0.5) > 0, so x moves down twice.
        // Updating m before c (c = sign(ĝ₂) < 0) would bring x back to 0.
        INDArray x = Tensors.vector(0.0);
        UpdateRule.Update update = new Lion(0.01, 0.5, 0, 0).start(1);
        update.apply(x, Tensors.vector(1.0), 0.01, 1);
        update.apply(x, Tensors.vector(-0.5), 0.01, 2);
        assertEquals(-0.02, x.getDouble(0), 1e-15);
    }

    @Test
    void adaBeliefDividesByTheSpreadOfTheEstimateAroundItsMomentum() {
        // Reference mutations, each off by > 1e-3: s from ĝ² (Adam) 0.96596…, (ĝ − m_{t−1})² 0.96570…,
        // no bias correction of s 0.17063….
        assertArrayEquals(new double[] {0.9618908342006561, -1.9652054474993117, 0.5324740826193924},
                twelveSteps(new AdaBelief(0.01)), 1e-12);
    }

    @Test
    void diffGradDampsStepsWhereTheEstimateBarelyChanges() {
        // Reference mutations: no friction (plain Adam) 0.96596…, friction against ĝ₀ = 0 forever 0.97148….
        assertArrayEquals(new double[] {0.9737045916750041, -1.9770208763556634, 0.5238739438070072},
                twelveSteps(new DiffGrad(0.01)), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lion", "adaBelief", "diffGrad"})
    void sameSeedSameRunAnotherSeedAnotherRun(String rule) {
        Function<Long, Run> run = seed -> withRule(rule, zo.minimize(Problems.rosenbrock(4))
                .withGaussianDirections(1e-4).queries(2).seed(seed)).progress(false).steps(50);
        assertArrayEquals(Tensors.toArray(run.apply(7L).finalPoint()), Tensors.toArray(run.apply(7L).finalPoint()));
        assertFalse(java.util.Arrays.equals(Tensors.toArray(run.apply(7L).finalPoint()),
                Tensors.toArray(run.apply(8L).finalPoint())));
        assertEquals(rule.toLowerCase(), String.valueOf(run.apply(7L).config().get("rule")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lion", "adaBelief", "diffGrad"})
    void convergesOnSphere10WithinTheStatedBudget(String rule) {
        // Sphere(10) from f = 10, Gaussian q = 4, 4,000 steps (20,000 evaluations), seeds 0–2 must all end
        // below 1e-3 at the final point (not the best probe).
        for (long seed = 0; seed < 3; seed++) {
            Run run = withRule(rule, zo.minimize(Problems.sphere(10)).withGaussianDirections(1e-4).queries(4)
                    .seed(seed)).progress(false).steps(4_000);
            double last = Problems.sphere(10).value(run.finalPoint());
            assertTrue(last < 1e-3, rule + " seed " + seed + " ended at " + last);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lion", "adaBelief", "diffGrad"})
    void inPlaceRefusesRulesWithStateAndSaysWhatItWouldCost(String rule) {
        INDArray theta = Tensors.vector(1, 2, 3);
        var error = assertThrows(IllegalArgumentException.class, () -> withRule(rule,
                zo.minimize(x -> x.getDouble(0)).from(theta).withGaussianDirections(1e-3).central()).inPlace()
                .steps(1));
        assertTrue(error.getMessage().contains("use sgd(lr)"), error.getMessage());
        assertTrue(error.getMessage().matches("(?s).*keeps [123] vectors? of d doubles.*"), error.getMessage());
    }

    @Test
    void badParametersSayWhatToChange() {
        assertThrows(IllegalArgumentException.class, () -> new Lion(0.01, 1.0, 0.99, 0));
        assertThrows(IllegalArgumentException.class, () -> new Lion(0.01, 0.9, 0.99, -1));
        assertThrows(IllegalArgumentException.class, () -> new AdaBelief(0.01, 0.9, 0.999, 0));
        assertThrows(IllegalArgumentException.class, () -> new DiffGrad(-1));
    }

    private static Minimizer withRule(String rule, Minimizer m) {
        return switch (rule) {
            case "lion" -> m.lion(3e-3);
            case "adaBelief" -> m.adaBelief(2e-2);
            default -> m.diffGrad(2e-2);
        };
    }
}
