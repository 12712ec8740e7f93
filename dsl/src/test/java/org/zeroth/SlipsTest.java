package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;

/** The silent mistakes of issue 11 get a word: unused seeds, dimensions, budgets that mean different things. */
class SlipsTest {

    @Test
    void repeatsThatIgnoreTheirSeedWarn() {
        Repeats same = zo.repeat(3, s -> zo.minimize(Problems.sphere(3)).adam(1e-2).progress(false).steps(50));
        assertTrue(same.warning().contains("identical") && same.warning().contains("does not use its seed"),
                same.warning());
        assertTrue(same.toString().contains(same.warning()), "the view says it");
        Repeats seeded = zo.repeat(3, s -> zo.minimize(Problems.sphere(3)).adam(1e-2).seed(s).progress(false).steps(50));
        assertNull(seeded.warning());
        Repeats deterministic = zo.repeat(2, s -> zo.nelderMead(Problems.sphere(3)).seed(s).progress(false).steps(40));
        assertTrue(deterministic.warning().contains("draws nothing at random"), deterministic.warning());
        // Told orders only, every run's values are NaN: the runs differ in where they went
        Repeats ranked = zo.repeat(3, s -> zo.minimizeByRanking(points -> new int[] {0}).from(1, 2, -1).seed(s)
                .progress(false).steps(20));
        assertNull(ranked.warning(), ranked::warning);
        Repeats rankedUnseeded = zo.repeat(2, s -> zo.minimizeByRanking(points -> new int[] {0}).from(1, 2, -1)
                .progress(false).steps(20));
        assertTrue(rankedUnseeded.warning().contains("does not use its seed"), rankedUnseeded.warning());
    }

    @Test
    void inPlaceRepeatsOnOneArrayWarn() {
        // Each run trains the array the last one left: the spread is of a chain, not of repeats.
        Objective f = x -> Tensors.squaredNorm(x);
        org.nd4j.linalg.api.ndarray.INDArray w = org.nd4j.linalg.factory.Nd4j.linspace(-1, 1, 20)
                .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        java.util.function.BiFunction<Long, org.nd4j.linalg.api.ndarray.INDArray, Run> mezo = (s, start) -> zo
                .minimize(f).from(start).withGaussianDirections(1e-3).central().sgd(0.05).seed(s).inPlace()
                .progress(false).steps(20);
        Repeats chained = zo.repeat(3, s -> mezo.apply(s, w));
        assertTrue(chained.warning().startsWith("warning: the inPlace() runs trained one parameter array in turn"),
                chained.warning());
        assertTrue(chained.toString().contains(chained.warning()), "the view says it");
        Repeats partly = zo.repeat(3, s -> mezo.apply(s, s == 2 ? w : w.dup()));
        assertNull(partly.warning(), "one run on the shared array trains it once: no chain");
        Repeats twoOfThree = zo.repeat(3, s -> mezo.apply(s, s == 0 ? w.dup() : w));
        assertTrue(twoOfThree.warning().startsWith("warning: some of the inPlace() runs"), twoOfThree.warning());
        assertNull(zo.repeat(3, s -> mezo.apply(s, w.dup())).warning(), "each its own copy");
    }

    @Test
    void forwardDifferencesAtTheBoxsUpperFaceStepBack() {
        // From the corner (5, −5) of [−5, 5]², x + h·e₁ was projected back onto x: ∂f/∂x₁ read 0 and x₁ stayed at 5
        int[] calls = {0};
        Objective sphere = x -> {
            calls[0]++;
            return Tensors.squaredNorm(x);
        };
        Run run = zo.minimize(sphere).from(5, -5).within(-5, 5).withCoordinateDifferences(1e-3).sgd(0.1)
                .progress(false).steps(100);
        assertTrue(run.bestValue() < 1e-4, run::toString);
        assertEquals(3 * 100, calls[0], "still d + 1 evaluations a step");
        assertEquals(calls[0], run.evaluations());
        // The first step from the face: ∂f/∂x₁ by (f(x) − f(x − h e₁)) / h = 2·5 − h, so x₁ = 5 − 0.1·(10 − 1e-3)
        Run one = zo.minimize(Problems.sphere(2)).from(5, -5).within(-5, 5).withCoordinateDifferences(1e-3).sgd(0.1)
                .progress(false).steps(1);
        assertEquals(5 - 0.1 * (10 - 1e-3), one.finalPoint().getDouble(0), 1e-9);
    }

    @Test
    void centralDifferencesAtAFaceDivideByTheSpacingLeft() {
        // f = 3x₀ + x₁: the slope is 3 everywhere. Near or at the face x₀ ≤ 1.05 the probe x₀ + h is pulled in, and
        // the difference over 2h read 2.25 (at 1) or 1.5 (at the face) instead of 3.
        Objective linear = Objective.ofArray(2, "linear", v -> 3 * v[0] + v[1]);
        double[] lo = {0, 0};
        double[] hi = {1.05, 1};
        for (double x0 : new double[] {1, 1.05}) {
            Run one = zo.minimize(linear).from(x0, 0.5).within(lo, hi).withCoordinateDifferences(0.1).central()
                    .sgd(0.01).progress(false).steps(1);
            assertEquals(x0 - 0.01 * 3, one.finalPoint().getDouble(0), 1e-12, "from x₀ = " + x0);
            assertEquals(0.5 - 0.01 * 1, one.finalPoint().getDouble(1), 1e-12, "from x₀ = " + x0);
        }
        // zo.estimate(…).within(lo, hi) evaluates in the box too, and reads the same slope
        List<double[]> asked = new ArrayList<>();
        var report = zo.estimate(Objective.ofArray(2, "linear", v -> {
            asked.add(v.clone());
            return 3 * v[0] + v[1];
        }), 1.05, 0.5).within(lo, hi).withCoordinateDifferences(0.1).central().trials(2);
        assertTrue(asked.stream().allMatch(v -> v[0] >= 0 && v[0] <= 1.05 && v[1] >= 0 && v[1] <= 1),
                "every point in the box");
        assertArrayEquals(new double[] {3, 1}, report.meanEstimate().toDoubleVector(), 1e-12);
    }

    @Test
    void aScheduleThatTurnsNegativeOrNaNFailsTheRunSayingSo() {
        for (double bad : new double[] {-1, Double.NaN}) {
            for (boolean inPlace : new boolean[] {false, true}) {
                var m = zo.minimize(Problems.sphere(3)).from(org.nd4j.linalg.factory.Nd4j.createFromArray(1.0, 1, 1))
                        .withGaussianDirections(1e-3).central().sgd(0.01)
                        .schedule(org.zeroth.optimize.Schedule.of(t -> t < 3 ? 1 : bad)).progress(false);
                var e = assertThrows(RunFailedException.class, () -> (inPlace ? m.inPlace() : m).steps(10));
                assertTrue(e.getMessage().contains("the learning-rate schedule gave the factor " + bad + " at step 3"),
                        e.getMessage());
                assertEquals(2, e.run().steps(), "the steps before are kept");
            }
        }
    }

    @Test
    void aRunThatDivergedPastTheRadiusResolutionFailsInsteadOfFreezing() {
        // lr = 1e6 on the sphere: x ≈ 2e20 by step 3, where doubles are 16384 apart and h = 1e-3 is lost: every
        // difference read 0, x stayed put and the run "ran all requested steps".
        var e = assertThrows(RunFailedException.class, () -> zo.minimize(Problems.sphere(3)).sgd(1e6).progress(false)
                .steps(50));
        assertTrue(e.getMessage().contains("did not move x") && e.getMessage().contains("The search diverged: lower"
                + " the learning rate"), e.getMessage());
        Run run = e.run();
        double largest = run.finalPoint().amaxNumber().doubleValue();
        assertTrue(1e-3 < Math.ulp(largest), "the run ends where h fell below the spacing: |x| = " + largest);
        long traced = run.trace().longColumn("evaluations").getLong((int) run.steps() - 1);
        assertEquals(traced / run.steps(), run.evaluations() - traced, "the failing step is counted, not traced");
        Run sane = zo.minimize(Problems.sphere(3)).sgd(0.1).progress(false).steps(50); // a plateau is not this
        assertEquals(StopReason.STEPS, sane.stopReason());

        // In place (MeZO) on float32 parameters: float's spacing; it reported "ran all requested steps".
        INDArray theta = org.nd4j.linalg.factory.Nd4j.createFromArray(1f, 1f, 1f);
        INDArray theta0 = theta.dup();
        var mezo = assertThrows(RunFailedException.class, () -> zo.minimize(Problems.sphere(3)).from(theta).inPlace()
                .withGaussianDirections(1e-3).central().sgd(1e6).seed(1).progress(false).steps(50));
        assertTrue(mezo.getMessage().contains("did not move x") && mezo.getMessage().contains("spacing of FLOAT"),
                mezo.getMessage());
        float grown = theta.amaxNumber().floatValue();
        assertTrue(1e-3 < Math.ulp(grown) && mezo.run().steps() < 50, "|θ| = " + grown);
        assertEquals(theta, mezo.run().replay(theta0), "the failed run's θ is its replay");
    }

    @Test
    void anObjectiveCarriesItsDimensionAndName() {
        Objective f = Objective.ofArray(20, "my-f", x -> {
            double s = 0;
            for (int i = 0; i < 20; i++) {
                s += x[i] * x[i];
            }
            return s;
        });
        assertEquals(20, f.dimension());
        assertEquals("my-f", f.name());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> zo.minimize(f).from(new double[10]).steps(1));
        assertTrue(wrong.getMessage().contains("dimension 10") && wrong.getMessage().contains("my-f is defined in"
                + " dimension 20"), wrong.getMessage());
        Run run = zo.minimize(f).from(new double[20]).progress(false).steps(2);
        assertEquals("my-f", run.config().get("objective"));
        assertTrue(run.toString().startsWith("zo-sgd on my-f"), run::toString);
        Objective g = Objective.of(3, "g", x -> x.getDouble(0));
        assertEquals(3, g.dimension());
        assertThrows(IllegalArgumentException.class, () -> Objective.of(-1, "g", x -> 0));
        assertThrows(IllegalArgumentException.class, () -> Objective.of(3, " ", x -> 0));
    }

    @Test
    void anIndexErrorInAnotherDimensionNamesTheDimension() {
        Objective twenty = Objective.ofArray(x -> {
            double s = 0;
            for (int i = 0; i < 20; i++) {
                s += x[i] * x[i];
            }
            return s;
        });
        RunFailedException e = assertThrows(RunFailedException.class,
                () -> zo.minimize(twenty).from(new double[10]).progress(false).steps(5));
        assertTrue(e.getMessage().contains("reads x[10] but x has 10 entries: the dimension is the likely cause"),
                e.getMessage());
        assertTrue(e.getMessage().contains("declare it: Objective.ofArray(11, \"f\", f)"), "a double[] function's"
                + " factory: " + e.getMessage());
        Objective nd4j = x -> x.getDouble(10);
        RunFailedException n = assertThrows(RunFailedException.class,
                () -> zo.minimize(nd4j).from(new double[10]).progress(false).steps(5));
        assertTrue(!n.getMessage().contains("ofArray"), n.getMessage());
        // f over float32 data, started from doubles: ND4J refuses to mix them, whatever the point
        org.nd4j.linalg.api.ndarray.INDArray data = org.nd4j.linalg.factory.Nd4j.ones(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 2);
        RunFailedException mixed = assertThrows(RunFailedException.class, () -> zo.minimize(
                x -> data.mmul(x.reshape(2, 1)).sumNumber().doubleValue()).from(0.0, 0.0).progress(false).steps(2));
        assertTrue(mixed.getMessage().contains("f mixes float32 and float64 arrays (x is DOUBLE): make them one"
                + " type, e.g. a data set's features(DataType.DOUBLE), or x.castTo(DataType.FLOAT) inside f"),
                mixed.getMessage());
        Objective firstUsed = x -> x.getDouble(0) + x.getDouble(4);
        zo.minimize(firstUsed).from(new double[5]).progress(false).steps(2);
        RunFailedException later = assertThrows(RunFailedException.class,
                () -> zo.minimize(firstUsed).from(new double[3]).progress(false).steps(2));
        assertTrue(later.getMessage().contains("x has dimension 3 but f was first used in dimension 5"),
                later.getMessage());
        RunFailedException other = assertThrows(RunFailedException.class, () -> zo.minimize(x -> {
            throw new IllegalStateException("not an index");
        }).from(new double[3]).progress(false).steps(2));
        assertTrue(other.getMessage().contains("(x = [0.0, 0.0, 0.0]); fix the objective for that point ["),
                other.getMessage());
    }

    @Test
    void aNonFiniteValueSaysWhetherTheObjectiveOrTheSearchIsToBlame() {
        // sgd(1e-4) on an ellipsoid whose curvature reaches 1e6 multiplies the steepest coordinate by ~1e2 a step
        RunFailedException diverged = assertThrows(RunFailedException.class, () -> zo.minimize(Problems.ellipsoid(10))
                .singlePoint().withGaussianDirections(1e-1).sgd(1e-4).seed(1).progress(false).steps(200));
        assertTrue(diverged.getMessage().contains("the search diverged, so lower the learning rate"),
                diverged.getMessage());
        RunFailedException outside = assertThrows(RunFailedException.class, () -> zo.minimize(
                Objective.ofArray(x -> Math.log(x[0]) + x[1] * x[1])).from(0.01, 1).sgd(0.1).progress(false).steps(50));
        assertTrue(outside.getMessage().contains("it must be finite wherever it is evaluated: guard the expression")
                && outside.getMessage().contains("with within(lo, hi)"), outside.getMessage());
        // inPlace() refuses within(lo, hi): its message must not suggest it
        RunFailedException inPlace = assertThrows(RunFailedException.class, () -> zo.minimize(
                x -> Math.log(x.getDouble(0)) + Tensors.squaredNorm(x)).from(Tensors.vector(0.01, 1)).sgd(0.1)
                .inPlace().progress(false).steps(50));
        assertTrue(inPlace.getMessage().contains("by a smaller learning rate or smoothing radius (inPlace() takes no"
                + " within(lo, hi))"), inPlace.getMessage());
    }

    @Test
    void anObjectiveOutOfMemoryFailsTheRunAndKeepsIt() {
        int[] calls = {0};
        Objective greedy = x -> {
            if (++calls[0] == 12) {
                throw new OutOfMemoryError("Java heap space");
            }
            return Tensors.squaredNorm(x);
        };
        RunFailedException e = assertThrows(RunFailedException.class,
                () -> zo.minimize(greedy).from(1, 2, 3).queries(4).progress(false).steps(10));
        assertTrue(e.getMessage().contains("OutOfMemoryError: Java heap space at evaluation 12")
                && e.getMessage().contains("-Xmx"), e.getMessage());
        assertEquals(2, e.run().steps(), "steps 1 and 2 (5 evaluations each) completed before evaluation 12");
        assertEquals(12, e.run().evaluations(), "the call that ran out of memory counts");
        // ND4J's arrays are not on the heap: JavaCPP's refusal gets JavaCPP's limits, not -Xmx
        int[] more = {0};
        RunFailedException offHeap = assertThrows(RunFailedException.class, () -> zo.minimize(x -> {
            if (++more[0] == 3) {
                throw new OutOfMemoryError("Cannot allocate new FloatPointer(100000000): totalBytes = 1G, physicalBytes"
                        + " = 2G");
            }
            return Tensors.squaredNorm(x);
        }).from(1, 2, 3).progress(false).steps(10));
        assertTrue(offHeap.getMessage().contains("ND4J's arrays live outside the Java heap, within JavaCPP's limits"
                + " (-Dorg.bytedeco.javacpp.maxbytes and maxphysicalbytes") && !offHeap.getMessage().contains("MaxRAM"),
                offHeap.getMessage());
        assertTrue(offHeap.getMessage().endsWith("[the run so far: 1 step, 3 evaluations, kept in"
                + " RunFailedException.run()]"), offHeap.getMessage());
    }

    @Test
    void anEqualEvaluationBudgetEndsEveryMethodAlike() {
        Map<String, Function<Objective, Run>> runs = Map.of(
                "zo", f -> zo.minimize(f).from(1, 1, 1).maxEvaluations(60).progress(false).steps(30),
                "cmaes", f -> zo.cmaes(f).from(1, 1, 1).maxEvaluations(60).progress(false).steps(60),
                "nelderMead", f -> zo.nelderMead(f).from(1, 1, 1).maxEvaluations(60).progress(false).steps(60),
                "randomSearch", f -> zo.randomSearch(f).from(1, 1, 1).within(-2, 2).maxEvaluations(60)
                        .progress(false).steps(60),
                "cbo", f -> zo.cbo(f).from(1, 1, 1).particles(6).maxEvaluations(60).progress(false).steps(10),
                "directSearch", f -> zo.directSearch(f).from(1, 1, 1).maxEvaluations(60).progress(false).steps(60),
                "mapElites", f -> zo.mapElites(f, x -> new double[] {x.getDouble(0)},
                        org.zeroth.population.Grid.of(-2, 2, 4)).from(1, 1, 1).within(-2, 2).maxEvaluations(60)
                        .progress(false).steps(60));
        Objective noisy = x -> x.mul(x).sumNumber().doubleValue() + 1e-3 * Math.sin(1e4 * x.getDouble(0));
        runs.forEach((method, run) -> {
            Run r = run.apply(noisy);
            assertEquals(StopReason.MAX_EVALUATIONS, r.stopReason(), method);
            assertEquals(60, r.evaluations(), method);
            assertTrue(r.config().get("step").toString().contains("evaluation"), method + ": the trace says what a step is");
        });
        assertEquals(StopReason.STEPS, zo.cmaes(noisy).from(1, 1, 1).progress(false).steps(60).stopReason(),
                "without a budget, steps end the run");
        assertEquals("1 evaluation", zo.cmaes(noisy).from(1, 1, 1).progress(false).steps(5).config().get("step"));
    }

    @Test
    void theConfigurationNamesNd4jsVersion() {
        String versions = zo.minimize(Problems.sphere(2)).progress(false).steps(1).config().get("versions").toString();
        assertTrue(versions.matches(".*nd4j \\d+\\.\\d+\\.\\d+.*"), versions);
    }
    @Test
    void aStepThatLeavesTheFiniteNumbersFailsTheRunWhereItWas() {
        // Values of ±1e308 make a difference quotient of ∞: x would move to ∞, and the next queries with it.
        long[] calls = {0};
        Objective huge = Objective.ofArray(1, "huge", x -> ++calls[0] == 1 ? 1e308 : calls[0] == 2 ? -1e308 : x[0] * x[0]);
        RunFailedException closed = assertThrows(RunFailedException.class, () -> zo.minimize(huge).from(0.5)
                .withGaussianDirections(1e-3).sgd(1e-2).seed(1).progress(false).steps(3));
        Optimization asked = zo.minimize(Objective.external(1)).from(0.5).withGaussianDirections(1e-3).sgd(1e-2)
                .seed(1).progress(false).start(3);
        asked.tell(asked.ask(), 1e308);
        asked.tell(asked.ask(), -1e308);

        assertTrue(asked.isDone(), "no candidate at ∞ is asked for");
        for (Run run : new Run[] {closed.run(), asked.run()}) {
            assertEquals(StopReason.FAILED, run.stopReason());
            assertTrue(run.failure().startsWith("step 1 left the finite numbers (‖Δx‖ = Infinity): the search diverged"),
                    run.failure());
            assertEquals(2, run.evaluations());
            assertEquals(0, run.steps(), "the diverged step is not in the trace");
            assertEquals(0.5, run.finalPoint().getDouble(0), "x where the last whole step left it");
        }
        assertEquals(2, calls[0], "f is not evaluated at ∞");
    }
}
