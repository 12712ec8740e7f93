package org.zeroth.bayes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.StopReason;
import org.zeroth.problems.Problem;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;

/** zo.bayesian(f): counted evaluations, reproducible runs, convergence with stated budgets, clear errors. */
class BayesianOptimizationTest {
    private static final double BRANIN_OPTIMUM = 0.397887;

    /** Branin in its box, counting its own calls and keeping the points it was asked about. */
    private static final class Counted implements Objective {
        final AtomicLong calls = new AtomicLong();
        final List<double[]> points = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Problem branin = Problems.branin();

        @Override
        public double value(org.nd4j.linalg.api.ndarray.INDArray x) {
            calls.incrementAndGet();
            points.add(Tensors.toArray(x));
            return branin.value(x);
        }
    }

    private static BayesianOptimization branin(Objective f) {
        return zo.bayesian(f).within(new double[] {-5, 0}, new double[] {10, 15}).progress(false);
    }

    @Test
    void aRunEndsAtTheBestPointItEvaluatedWhateverEndsIt() {
        for (int stopAt = 0; stopAt <= 1; stopAt++) {
            Counted f = new Counted();
            BayesianOptimization bo = branin(f).initialPoints(5).seed(4);
            Run run = stopAt == 0 ? bo.steps(4) : bo.stopAt(50).steps(4); // every Branin value is below 50
            int best = 0;
            for (int i = 1; i < f.points.size(); i++) {
                if (Problems.branin().value(Tensors.vector(f.points.get(i)))
                        < Problems.branin().value(Tensors.vector(f.points.get(best)))) {
                    best = i;
                }
            }
            assertEquals(stopAt == 0 ? 9 : 5, f.points.size(), "the design is one batch");
            assertArrayEquals(f.points.get(best), Tensors.toArray(run.finalPoint()), 0,
                    "no iterate: the final point is the incumbent, not the start");
        }
    }

    @Test
    void aBatchSpreadsOutInsteadOfAskingForItsPointAgain() {
        // The believer observes each chosen point at its mean: the incumbent must take that value too, else the
        // improvement promised there stays on offer and the batch spends slots on (near) copies of one point.
        for (int seed = 0; seed < 5; seed++) {
            BayesianRun run = branin(Problems.branin()).initialPoints(6).batch(4).seed(seed).steps(8);
            for (int step = 7; step <= run.steps(); step += 4) { // after the design's 2(d + 1) = 6 points
                double[][] chosen = run.surrogate(step).chosen();
                for (int i = 0; i < chosen.length; i++) {
                    for (int j = 0; j < i; j++) {
                        double apart = Tensors.distance(Tensors.vector(chosen[i]), Tensors.vector(chosen[j]));
                        assertTrue(apart > 1e-3, "seed " + seed + ", the batch of step " + step + ": points " + j
                                + " and " + i + " are " + apart + " apart");
                    }
                }
            }
        }
    }

    @Test
    void aRunStoppedInsideABatchKeepsARowPerValueItMade() {
        // The design is one batch of 6; an interrupt or a failure stops the run at its 4th evaluation.
        for (String how : new String[] {"interrupt", "failure"}) {
            List<Double> made = new ArrayList<>();
            Objective f = x -> {
                if (made.size() == 3 && how.equals("failure")) {
                    throw new IllegalStateException("the simulator crashed");
                }
                double v = Problems.branin().value(x);
                if (made.size() == 3) {
                    Thread.currentThread().interrupt();
                }
                made.add(v);
                return v;
            };
            BayesianOptimization bo = branin(f).initialPoints(6).seed(3);
            Run run = how.equals("failure") ? assertThrows(org.zeroth.RunFailedException.class, () -> bo.steps(5)).run()
                    : bo.steps(5);
            assertEquals(how.equals("interrupt"), Thread.interrupted(), how);
            int kept = how.equals("failure") ? 3 : 4;
            assertEquals(4, run.evaluations(), how + ": the failing call counts, as a NaN's does");
            assertEquals(kept, run.steps(), how + ": one row per value made");
            assertArrayEquals(made.subList(0, kept).stream().mapToDouble(Double::doubleValue).toArray(),
                    run.trace().doubleColumn("value").asDoubleArray(), 0, how + ": the values the objective made");
        }
    }

    @Test
    void aBuilderOfUnknownDimensionDescribesItself() {
        String plan = zo.bayesian(x -> x.getDouble(0)).within(-1, 1).toString();
        assertTrue(plan.startsWith("bayesian") && plan.endsWith("not run yet: call steps(n) to run"), plan);
    }

    @Test
    void everyEvaluationIsCountedOnceAsInitialPointsPlusStepsTimesBatch() {
        Counted f = new Counted();
        BayesianRun run = branin(f).initialPoints(4).batch(3).seed(2).steps(3);
        assertEquals(4 + 3 * 3, f.calls.get());
        assertEquals(f.calls.get(), run.evaluations());
        assertEquals(f.calls.get(), run.trace().rowCount(), "one trace row per evaluation");
        assertEquals(3, run.acquisitions());
        assertEquals(StopReason.STEPS, run.stopReason());
        double[][] observed = run.observations();
        for (int i = 0; i < observed.length; i++) {
            assertArrayEquals(f.points.get(i), observed[i], 1e-12, "the run keeps the points f saw, in order");
        }
        assertEquals(3, run.surrogate(8).chosen().length, "steps 8–10: the second batch of 3 distinct points");
        double[][] batch = run.surrogate(8).chosen();
        assertTrue(Tensors.distance(Tensors.vector(batch[0]), Tensors.vector(batch[1])) > 1e-3
                && Tensors.distance(Tensors.vector(batch[1]), Tensors.vector(batch[2])) > 1e-3, "the believer spreads the batch");
    }

    @Test
    void theDesignBeginsAtTheStartOnlyWhenOneIsGiven() {
        double[] lo = {-1, -1, -1};
        double[] hi = {1, 1, 1};
        List<double[]> boxOnly = new ArrayList<>();
        zo.bayesian(x -> {
            boxOnly.add(Tensors.toArray(x));
            return Tensors.squaredNorm(x);
        }).within(lo, hi).initialPoints(4).seed(3).progress(false).steps(0);
        assertEquals(4, boxOnly.size());
        // A Latin hypercube of 4 points: each coordinate takes one value in each quarter of [−1, 1], never 0 exactly.
        for (int j = 0; j < 3; j++) {
            int column = j;
            double[] sorted = boxOnly.stream().mapToDouble(p -> p[column]).sorted().toArray();
            for (int q = 0; q < 4; q++) {
                assertTrue(sorted[q] >= -1 + 0.5 * q && sorted[q] <= -0.5 + 0.5 * q, "coordinate " + j + ": "
                        + Arrays.toString(sorted));
            }
        }
        List<double[]> given = new ArrayList<>();
        zo.bayesian(x -> {
            given.add(Tensors.toArray(x));
            return Tensors.squaredNorm(x);
        }).within(lo, hi).from(0.25, -0.5, 0).initialPoints(4).seed(3).progress(false).steps(0);
        assertArrayEquals(new double[] {0.25, -0.5, 0}, given.get(0), 0, "from(x0) is the design's first point");
    }

    @Test
    void theBudgetCutsTheLastBatch() {
        Counted f = new Counted();
        BayesianRun run = branin(f).initialPoints(4).batch(3).maxEvaluations(9).seed(1).steps(10);
        assertEquals(9, f.calls.get());
        assertEquals(9, run.evaluations());
        assertEquals(StopReason.MAX_EVALUATIONS, run.stopReason());
        Counted g = new Counted();
        assertEquals(3, branin(g).initialPoints(5).maxEvaluations(3).steps(4).evaluations());
        assertEquals(3, g.calls.get(), "even the initial design stops at the budget");
    }

    @Test
    void sameSeedSameRunOnAnyNumberOfThreads() {
        BayesianRun a = branin(Problems.branin()).batch(2).seed(5).steps(3);
        BayesianRun b = branin(Problems.branin()).batch(2).seed(5).parallelism(2).steps(3);
        BayesianRun c = branin(Problems.branin()).batch(2).seed(6).steps(3);
        assertArrayEquals(a.values(), b.values(), 0);
        assertArrayEquals(Tensors.toArray(a.bestPoint()), Tensors.toArray(b.bestPoint()), 0);
        assertNotEquals(Arrays.toString(a.values()), Arrays.toString(c.values()));
        assertEquals("ei", a.config().get("acquisition"));
        assertEquals(2, a.config().get("batch"));
        assertEquals(6, a.config().get("initialPoints"));
        assertEquals("fitted", a.config().get("noise"));
        assertEquals("matern52-ard", a.config().get("kernel"));
        assertEquals(5L, a.config().get("seed"));
    }

    @Test
    void expectedImprovementFindsBraninsOptimumWithinSixtyEvaluationsAndBeatsRandomSearch() {
        double[] bo = new double[3];
        for (int seed = 0; seed < bo.length; seed++) {
            Counted f = new Counted();
            BayesianRun run = branin(f).seed(seed).stopAt(BRANIN_OPTIMUM + 1e-2).steps(54);
            assertEquals(StopReason.TARGET_REACHED, run.stopReason(), "seed " + seed + ": best " + run.bestValue());
            assertTrue(f.calls.get() <= 60, "seed " + seed + " took " + f.calls.get() + " evaluations");
            bo[seed] = run.bestValue();
        }
        // Random search with the whole 60-evaluation budget, 10 seeds: its median misses by far more.
        double[] random = new double[10];
        for (int seed = 0; seed < random.length; seed++) {
            random[seed] = zo.randomSearch(Problems.branin()).seed(seed).progress(false).steps(60).bestValue();
        }
        Arrays.sort(bo);
        Arrays.sort(random);
        double randomMedian = (random[4] + random[5]) / 2;
        assertTrue(bo[1] < BRANIN_OPTIMUM + 1e-2 && randomMedian > BRANIN_OPTIMUM + 2e-2,
                "BO median " + bo[1] + ", random search median " + randomMedian);
    }

    @Test
    void theSurrogateOfAStepIsTheModelThatChoseItsPoint() {
        Objective wave = Objective.ofArray(1, "wave", x -> Math.sin(3 * x[0]) + 0.3 * x[0]);
        BayesianRun run = zo.bayesian(wave).within(new double[] {0}, new double[] {4}).initialPoints(3).seed(3)
                .progress(false).steps(6);
        assertEquals(9, run.evaluations());
        Surrogate s = run.surrogate(5);
        assertEquals(4, s.observed().length, "3 design points and the first acquisition");
        assertTrue(s.toString().startsWith("surrogate of step 5: 4 observations, chose 1 point (ei, incumbent -0.05932)"),
                s.toString());
        assertArrayEquals(run.observations()[4], s.chosen()[0], 0);
        for (int i = 0; i < s.observed().length; i++) {
            assertEquals(s.values()[i], s.mean(s.observed()[i]), 1e-2, "the mean passes (nearly) through the data");
            assertTrue(s.sd(s.observed()[i]) < 0.05);
        }
        double[] x = s.chosen()[0];
        double ei = s.acquisition(x);
        for (double t = 0; t <= 4; t += 0.01) {
            assertTrue(s.acquisition(t) <= ei * (1 + 1e-6) + 1e-12, "the chosen point maximizes EI: " + t);
        }
        for (int step = run.initialPoints() + 1; step <= run.steps(); step++) { // polished: no better point beside it
            Surrogate at = run.surrogate(step);
            double c = at.chosen()[0][0];
            double best = at.acquisition(c);
            for (double t : new double[] {c - 1e-3, c + 1e-3}) {
                assertTrue(t < 0 || t > 4 || at.acquisition(t) <= best * (1 + 1e-9), "step " + step + ": EI("
                        + t + ") = " + at.acquisition(t) + " beats the chosen EI(" + c + ") = " + best);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> run.surrogate(0));
        assertEquals(9, run.surrogate().step());
        // UCB also closes in on the minimum of the wave: sin(3x) + 0.3x on [0, 4] has its global minimum
        // −0.533765 at x = 1.537407 (a grid of 4e6 points); the next local minimum, near x = 3.63, is f ≈ 0.09
        Run ucb = zo.bayesian(wave).within(new double[] {0}, new double[] {4}).acquisition(Acquisition.ucb(4))
                .seed(1).progress(false).steps(12);
        assertEquals(-0.533765, ucb.bestValue(), 1e-3);
    }

    @Test
    void fromMakesTheStartTheFirstDesignPoint() {
        Counted f = new Counted();
        branin(f).from(1.0, 2.0).initialPoints(3).seed(1).steps(0);
        assertArrayEquals(new double[] {1.0, 2.0}, f.points.get(0), 0);
        assertEquals(3, f.calls.get());
    }

    @Test
    void badInputsSayWhatToChange() {
        BayesianOptimization b = zo.bayesian(Problems.branin());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.initialPoints(1)).getMessage().contains("n ≥ 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.batch(0)).getMessage().contains("k ≥ 1"));
        assertThrows(IllegalArgumentException.class, () -> b.noise(-1));
        assertThrows(IllegalArgumentException.class, () -> b.noise(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> b.acquisition(null));
        assertThrows(IllegalArgumentException.class, () -> b.parallelism(0));
        assertThrows(IllegalArgumentException.class, () -> b.steps(-1));
        String unbounded = assertThrows(IllegalArgumentException.class,
                () -> zo.bayesian(x -> x.getDouble(0)).from(0.0, 0.0).progress(false).steps(1)).getMessage();
        assertTrue(unbounded.contains("within(lo, hi)"), unbounded);
        String noStart = assertThrows(IllegalArgumentException.class, () -> zo.bayesian(Objective.ofArray(2, "q",
                x -> x[0] * x[0] + x[1] * x[1])).progress(false).steps(3)).getMessage();
        assertTrue(noStart.startsWith("Bayesian optimization searches a finite box: give one with within(lo, hi)"),
                "the box, not a start, is what is missing: " + noStart);
        String infinite = assertThrows(IllegalArgumentException.class, () -> zo.bayesian(Problems.branin())
                .within(new double[] {-5, 0}, new double[] {Double.POSITIVE_INFINITY, 15}).progress(false).steps(1))
                .getMessage();
        assertTrue(infinite.contains("the box given to within(lo, hi) has an infinite side")
                && !infinite.contains("domain is unbounded"), infinite);
        String linear = assertThrows(IllegalArgumentException.class,
                () -> zo.bayesian(Problems.linear(1, 2)).progress(false).steps(1)).getMessage();
        assertTrue(linear.contains("unbounded"), linear);
        String flat = assertThrows(IllegalArgumentException.class, () -> zo.bayesian(Problems.branin())
                .within(new double[] {0, 1}, new double[] {1, 1}).progress(false).steps(1)).getMessage();
        assertTrue(flat.contains("lo < hi"), flat);
    }
}
