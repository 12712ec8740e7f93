package org.zeroth.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;
import static org.zeroth.population.Traces.assertSameRun;
import static org.zeroth.population.Traces.column;
import static org.zeroth.population.Traces.expect;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.RunFailedException;
import org.zeroth.StopReason;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;

class CboTest {

    @Test
    void findsTheGlobalMinimumOfRastrigin2() {
        // N = 50, 200 iterations (10,000 evaluations), defaults α = 100, λ = 1, σ = 0.7, dt = 0.1, uniform start
        // in [−5.12, 5.12]². Measured: seeds 0–9 all end with ‖bestPoint‖ between 7.6e-6 and 5.1e-4.
        for (long seed = 0; seed < 3; seed++) {
            CboRun run = zo.cbo(Problems.rastrigin(2)).particles(50).seed(seed).steps(200);
            assertTrue(Tensors.norm(run.bestPoint()) < 1e-2, run::toString);
            assertTrue(Tensors.norm(run.finalPoint()) < 1e-2, "the consensus point is there too");
            assertEquals(10_000, run.evaluations());
            assertEquals(200, run.steps(), "one row per iteration");
        }
    }

    @Test
    void keepsTheSwarmForPicturesInLowDimension() {
        CboRun run = zo.cbo(Problems.rastrigin(2)).particles(20).steps(100);
        assertTrue(run.keptParticles());
        assertEquals(20, run.particles(0).length);
        assertEquals(2, run.particles(100)[0].length);
        double spreadBefore = spread(run.particles(0));
        double spreadAfter = spread(run.particles(100));
        assertTrue(spreadAfter < spreadBefore / 10, "the particles gather: " + spreadBefore + " → " + spreadAfter);
        assertEquals(run.finalPoint().getDouble(0), run.consensus(100).getDouble(0), 0);
        expect(() -> run.particles(101), "needs 0 ≤ step ≤ 100");

        CboRun high = zo.cbo(Problems.sphere(10)).anisotropic().steps(5);
        assertFalse(high.keptParticles());
        assertThrows(IllegalStateException.class, () -> high.particles(0));
        assertTrue(zo.cbo(Problems.sphere(10)).keepParticles(true).steps(5).keptParticles());
    }

    @Test
    void theTraceValueIsTheBestParticleOfTheStep() {
        Run run = zo.cbo(Problems.sphere(3)).particles(10).steps(20);
        double[] value = column(run, "value");
        double[] best = column(run, "best");
        double least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < value.length; i++) {
            least = Math.min(least, value[i]);
            assertEquals(least, best[i], 0);
        }
    }

    @Test
    void theDefaultNoiseGathersTheSwarmInEveryDimension() {
        // With λ = 1, σ = 0.7, dt = 0.1 a step multiplies the mean squared distance to v by 0.81 + 0.049·d with
        // isotropic noise (past 1 from d = 4: in d = 10 the old default ended with steps of 1e15) and by 0.859
        // with anisotropic noise.
        for (int d : new int[] {2, 3, 4, 10, 20}) {
            Run run = zo.cbo(Problems.sphere(d)).seed(1).progress(false).steps(300);
            boolean isotropicGathers = 0.81 + 0.049 * d < 1;
            assertEquals((isotropicGathers ? "isotropic" : "anisotropic") + " (for d = " + d + ")",
                    run.config().get("noise"));
            double[] moved = column(run, "step_norm");
            assertTrue(moved[moved.length - 1] < moved[0] / 10, "d = " + d + ": the swarm gathers, its mean step "
                    + moved[0] + " → " + moved[moved.length - 1]);
            assertTrue(run.bestValue() < column(run, "value")[0] / 10, "d = " + d + ": " + run);
        }
    }

    @Test
    void aChosenNoiseThatSpreadsTheSwarmRunsWithAWarning() {
        java.io.PrintStream err = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        Run run;
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            run = zo.cbo(Problems.sphere(10)).isotropic().seed(1).progress(false).steps(3);
            zo.cbo(Problems.sphere(3)).isotropic().seed(1).progress(false).steps(3);
        } finally {
            System.setErr(err);
        }
        assertEquals("isotropic", run.config().get("noise"), "the choice is kept");
        String warning = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        // 0.81 + 0.049·10 = 1.3; σ below √((1 − 0.81)/(0.1·10)) = 0.436 would gather it
        assertTrue(warning.contains("isotropic noise in d = 10") && warning.contains("= 1.30 ≥ 1")
                && warning.contains("use anisotropic(), or take sigma(σ) below 0.436"), warning);
        assertEquals(1, warning.lines().filter(l -> l.contains("isotropic noise")).count(),
                "no warning where isotropic noise gathers the swarm (d = 3)");
    }

    @Test
    void anisotropicNoiseSolvesAHigherDimensionalProblem() {
        // Defaults, N = 50, 300 iterations, sphere in [−5.12, 5.12]^10: the first iteration's best is f ≈ 25–50;
        // the defaults are tuned for low dimension, so in d = 10 the swarm gathers before it reaches the optimum
        // and one seed ends anywhere in 0.06–0.5 (seeds 0–7). The median of three seeds is 100× below the start.
        double[] reduction = new double[3];
        for (int seed = 0; seed < 3; seed++) {
            Run run = zo.cbo(Problems.sphere(10)).anisotropic().particles(50).seed(seed).steps(300);
            reduction[seed] = run.bestValue() / column(run, "value")[0];
            assertEquals("anisotropic", run.config().get("noise"));
        }
        Arrays.sort(reduction);
        assertTrue(reduction[1] < 1.0 / 100, Arrays.toString(reduction));
    }

    @Test
    void sameSeedSameRunAlsoInParallel() {
        var cbo = zo.cbo(Problems.ackley(3)).particles(30).seed(11);
        assertSameRun(cbo.steps(50), cbo.steps(50));
        assertSameRun(cbo.steps(50), cbo.parallelism(2).steps(50));
    }

    @Test
    void budgetTargetAndFailure() {
        Run budget = zo.cbo(Problems.sphere(2)).particles(50).maxEvaluations(1_010).steps(1_000);
        assertEquals(StopReason.MAX_EVALUATIONS, budget.stopReason());
        assertEquals(1_000, budget.evaluations(), "20 whole iterations fit in 1,010 evaluations");
        // On a finite sum of 10 components a particle's value counts 10: a step of 5 particles costs 50.
        long[] components = {0};
        Objective sum = Objective.finiteSum(10, (i, x) -> {
            components[0]++;
            return (i + 1) * Tensors.dot(x, x);
        });
        Run whole = zo.cbo(sum).from(1, 2, 3).particles(5).maxEvaluations(175).progress(false).steps(100);
        assertEquals(150, components[0], "three whole steps fit in 175; a fourth is not begun");
        assertEquals(150, whole.evaluations());
        assertEquals(3, whole.steps());

        Run target = zo.cbo(Problems.sphere(2)).stopAt(1e-4).steps(1_000);
        assertEquals(StopReason.TARGET_REACHED, target.stopReason());
        assertTrue(target.bestValue() <= 1e-4);

        int[] calls = {0};
        Objective breaks = x -> ++calls[0] > 45 ? Double.NaN : Tensors.dot(x, x);
        var failure = assertThrows(RunFailedException.class, () -> zo.cbo(breaks).from(1, 1).particles(10).steps(100));
        assertEquals(4, failure.run().steps(), "four whole iterations came before the NaN");
        assertEquals(StopReason.FAILED, failure.run().stopReason());
    }

    @Test
    void badOptionsSayWhatToChange() {
        var cbo = zo.cbo(Problems.sphere(2));
        expect(() -> cbo.particles(1), "needs N ≥ 2");
        expect(() -> cbo.alpha(0), "alpha(α), the Laplace weight, must be a positive number");
        expect(() -> cbo.lambda(-1), "lambda(λ), the drift rate, must be a positive number");
        expect(() -> cbo.sigma(-0.1), "sigma(σ), the noise scale, must be a number ≥ 0");
        expect(() -> cbo.dt(0), "dt(step), the time step, must be a positive number");
        expect(() -> cbo.spread(Double.NaN), "spread(s) must be a positive number");
        expect(() -> cbo.steps(-1), "steps(n) needs n ≥ 0");
    }

    /** Mean distance of the particles from their centroid. */
    private static double spread(double[][] swarm) {
        double[] centroid = new double[swarm[0].length];
        for (double[] p : swarm) {
            for (int j = 0; j < p.length; j++) {
                centroid[j] += p[j] / swarm.length;
            }
        }
        double sum = 0;
        for (double[] p : swarm) {
            double s = 0;
            for (int j = 0; j < p.length; j++) {
                s += (p[j] - centroid[j]) * (p[j] - centroid[j]);
            }
            sum += Math.sqrt(s);
        }
        return sum / swarm.length;
    }

    @Test
    void aTwoDimensionalRunShowsItsParticles() {
        CboRun run = zo.cbo(Problems.rastrigin(2)).seed(1).steps(30);
        var bundle = org.zeroth.view.Views.bundle(run);
        // the run's own figure first, then the particles: four snapshots (steps 0, 3, 10, 30), one trace each
        assertTrue(bundle.get(org.zeroth.view.MimeBundle.HTML).contains("CBO particles on rastrigin(2)"));
        assertEquals(4, ((org.zeroth.view.Figure) run.particlesPlot()).traces().size());
        CboRun line = zo.cbo(Problems.sphere(1)).seed(3).progress(false).steps(1); // kept by default, d ≤ 3
        assertEquals(2, ((org.zeroth.view.Figure) line.particlesPlot()).traces().size(), "steps 0 and 1");
        assertTrue(org.zeroth.view.Views.bundle(line).get(org.zeroth.view.MimeBundle.HTML)
                .contains("CBO particles on sphere(1)"));
    }
}
