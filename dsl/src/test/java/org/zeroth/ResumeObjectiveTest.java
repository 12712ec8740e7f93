package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.AskTellTest.expect;
import static org.zeroth.Zo.zo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.optimize.Minimizer;
import org.zeroth.population.Traces;
import org.zeroth.problems.Problem;
import org.zeroth.problems.Problems;

/**
 * A user audit: resume(file, f) took any objective and mixed two functions' values in one run; resume(file) could
 * not find the start a Problem had given the run. The resumed run is checked against the uninterrupted one, and the
 * objective's calls are counted here.
 */
class ResumeObjectiveTest {
    private static final Problem ROSENBROCK = Problems.rosenbrock(5);
    private static final long STEPS = 500;
    /** q = 4 forward differences: f(x) and 4 queries per step. */
    private static final int PER_STEP = 5;

    @TempDir
    Path dir;

    /** The audit's run: zo-adam on rosenbrock(5) from its usual start (no from(x0)). */
    private static Minimizer adam(Objective f) {
        return zo.minimize(f).queries(4).adam(1e-2).seed(5).progress(false);
    }

    /** The audit's checkpoint: 100 of 500 steps under ask/tell, saved. */
    private Path savedAtStep100() {
        Path file = dir.resolve("adam.ckpt");
        try (Optimization o = adam(ROSENBROCK).start(STEPS)) {
            for (int i = 0; i < 100 * PER_STEP; i++) {
                Candidate c = o.ask();
                o.tell(c, ROSENBROCK.value(c.point()));
            }
            o.save(file);
        }
        return file;
    }

    /** f, counting its calls in {@code calls[0]}; without a name or start of its own. */
    private static Objective counted(Objective f, long[] calls) {
        return x -> {
            calls[0]++;
            return f.value(x);
        };
    }

    @Test
    void anotherObjectiveIsRefusedNamingBothAndWhatToGive() {
        Path file = savedAtStep100();
        expect(IllegalArgumentException.class, () -> Zo.resume(file, Problems.sphere(7)), file.toString(),
                "optimized rosenbrock(5) in dimension 5", "(sphere(7)) is defined in dimension 7",
                "give the objective the run was started with (rosenbrock(5), in dimension 5)");
        expect(IllegalArgumentException.class, () -> Zo.resume(file, Problems.rosenbrock(6)),
                "(rosenbrock(6)) is defined in dimension 6");
        expect(IllegalArgumentException.class, () -> Zo.resume(file, Problems.sphere(5)),
                "optimized rosenbrock(5) in dimension 5, but the objective given is sphere(5)",
                "name it so: Objective.of(5, \"rosenbrock(5)\", f)");
        long[] calls = {0};
        expect(IllegalArgumentException.class, () -> Zo.resume(file, Objective.of(5, "my-rosenbrock",
                counted(ROSENBROCK, calls))), "given is my-rosenbrock");
        assertEquals(0, calls[0], "a refused objective is never called");

        // A run of an unnamed function in dimension 3: any name goes, another dimension does not.
        Path lambdaRun = dir.resolve("lambda.ckpt");
        zo.minimize(AskTellTest::f).from(0.5, -0.5, 0.4).adam(1e-2).checkpointEvery(5, lambdaRun).progress(false)
                .steps(7);
        expect(IllegalArgumentException.class, () -> Zo.resume(lambdaRun, Problems.sphere(4)),
                "optimized an unnamed objective (f) in dimension 3", "(sphere(4)) is defined in dimension 4");
    }

    @Test
    void theRunsObjectiveOrAnUnnamedOneResumesToTheUninterruptedRun() {
        long[] wholeCalls = {0};
        Run whole = adam(Objective.of(5, "rosenbrock(5)", counted(ROSENBROCK, wholeCalls))).from(ROSENBROCK.start())
                .steps(STEPS);
        assertEquals(STEPS * PER_STEP, wholeCalls[0]);
        Path file = savedAtStep100();
        Traces.assertSameRun(whole, Zo.resume(file, Problems.rosenbrock(5)).finish());

        long[] unnamed = {0};
        Run byLambda = Zo.resume(file, counted(ROSENBROCK, unnamed)).finish();
        Traces.assertSameRun(whole, byLambda);
        assertEquals(whole.evaluations() - 100 * PER_STEP, unnamed[0], "only the steps after the checkpoint call f");
        assertEquals("rosenbrock(5)", byLambda.config().get("objective"), "the resumed run keeps its objective's name");

        // What the refusal's message advises: f named as the run's objective. It has no usual start of its own: the
        // checkpoint has the one the run used.
        long[] named = {0};
        Objective namedAsTheRun = Objective.of(5, "rosenbrock(5)", counted(ROSENBROCK, named));
        Traces.assertSameRun(whole, Zo.resume(file, namedAsTheRun).finish());
        assertEquals(unnamed[0], named[0]);
    }

    /** A finite sum's evaluations count its components (n per f(x)): only the sum itself resumes its run. */
    @Test
    void aFiniteSumRunResumesOnlyWithASumOfAsManyComponents() {
        FiniteSum sum = Objective.finiteSum(8, (i, x) -> (x.getDouble(0) - i) * (x.getDouble(0) - i));
        Path file = dir.resolve("sum.ckpt");
        var builder = zo.minimize(sum).from(0.0).queries(2).sgd(0.01).seed(3).progress(false);
        Run whole = builder.steps(12);
        try (Optimization o = builder.start(12)) {
            for (int i = 0; i < 6 * 3; i++) { // 6 steps of f(x) and 2 queries
                Candidate c = o.ask();
                o.tell(c, sum.value(c.point()));
            }
            o.save(file);
        }
        assertEquals(12 * 3 * 8, whole.evaluations(), "each f(x) counts its 8 components");
        Traces.assertSameRun(whole, Zo.resume(file, sum).finish());
        expect(IllegalArgumentException.class, () -> Zo.resume(file), "a finite sum of 8 components");
        expect(IllegalArgumentException.class, () -> Zo.resume(file, x -> sum.value(x)), "is not a finite sum");
        expect(IllegalArgumentException.class, () -> Zo.resume(file, Objective.finiteSum(4, (i, x) -> 0)),
                "is a finite sum of 4 components");
    }

    @Test
    void aRunFromAProblemsStartResumesUnderAskTell() {
        Run whole = adam(ROSENBROCK).steps(STEPS);
        long[] calls = {0};
        try (Optimization o = Zo.resume(savedAtStep100())) {
            Run resumed = AskTellTest.drive(o, ROSENBROCK, calls, new Random(1));
            Traces.assertSameRun(whole, resumed);
            assertEquals(whole.evaluations() - 100 * PER_STEP, calls[0]);
            assertEquals("rosenbrock(5)", resumed.config().get("objective"));
        }
        // The audit's closed loop, checkpointed to its end: resume(file) has nothing left to ask.
        Path ckf = dir.resolve("full.ckpt");
        Run full = adam(ROSENBROCK).checkpointEvery(100, ckf).steps(STEPS);
        try (Optimization o = Zo.resume(ckf)) {
            assertTrue(o.isDone());
            Traces.assertSameRun(full, o.run());
        }
    }

    /** Methods that search a Problem's domain when the run has no within(): the checkpoint keeps the box too. */
    @Test
    void aRunInAProblemsDomainResumesUnderAskTell() {
        Path bo = dir.resolve("bo.ckpt");
        Run boWhole = zo.bayesian(Problems.branin()).seed(1).progress(false).steps(4);
        zo.bayesian(Problems.branin()).seed(1).checkpointEvery(3, dir.resolve("bo-end.ckpt"))
                .observe(CheckpointTest.copyBeforeEachStep(dir.resolve("bo-end.ckpt"), bo)).progress(false).steps(4);
        Path cbo = dir.resolve("cbo.ckpt");
        Run cboWhole = zo.cbo(Problems.rastrigin(3)).particles(6).seed(2).progress(false).steps(10);
        zo.cbo(Problems.rastrigin(3)).particles(6).seed(2).checkpointEvery(4, dir.resolve("cbo-end.ckpt"))
                .observe(CheckpointTest.copyBeforeEachStep(dir.resolve("cbo-end.ckpt"), cbo)).progress(false).steps(10);
        assertEquals("uniform in " + Problems.rastrigin(3).domain().forDimension(3), cboWhole.config().get("init"),
                "CBO starts uniform in the domain");
        long[] boCalls = {0};
        long[] cboCalls = {0};
        try (Optimization b = Zo.resume(bo); Optimization c = Zo.resume(cbo)) {
            Traces.assertSameRun(boWhole, AskTellTest.drive(b, Problems.branin(), boCalls, new Random(2)));
            Traces.assertSameRun(cboWhole, AskTellTest.drive(c, Problems.rastrigin(3), cboCalls, new Random(3)));
        }
        assertEquals(1, boCalls[0], "6 + 4 evaluations, the checkpoint at 9");
        assertEquals(2 * 6, cboCalls[0], "10 steps of 6 particles, the checkpoint at 8");
    }

    /**
     * The objective's start is kept only when the run used it, and a uniform domain as one interval: an in-place
     * run's checkpoint stays small (θ0 is beside it).
     */
    @Test
    void aStartTheRunDidNotUseIsNotKept() throws IOException {
        Path file = dir.resolve("mezo.ckpt");
        int d = 200_000;
        zo.minimize(Problems.sphere(d)).from(Nd4j.ones(d)).withGaussianDirections(1e-3).central().sgd(1e-4).inPlace()
                .checkpointEvery(1, file).progress(false).steps(3);
        assertTrue(Files.size(file) < 8_000, "settings and values only: " + Files.size(file) + " bytes");
    }

    @Test
    void theNoStartAdviceUsesTheDeclaredDimension() {
        String declared = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> zo.minimize(Objective.ofArray(3, "f3", x -> x[0] * x[0])).progress(false).steps(3)).getMessage();
        assertTrue(declared.contains("f3 has no usual start") && declared.contains(".from(new double[3]) for the"
                + " origin in dimension 3"), declared);
        assertFalse(declared.contains("10"), declared);
        expect(IllegalArgumentException.class, () -> zo.minimize(Objective.ofArray(x -> x[0])).progress(false).steps(3),
                "give one with from(x0), e.g. .from(new double[10])");
    }

    /** Methods that sample a box need no start when the dimension is known: f's declared one with within(lo, hi). */
    @Test
    void aBoxInADeclaredDimensionNeedsNoStart() {
        int[] dimension = {0};
        Objective tenD = Objective.ofArray(10, "guarded", x -> {
            dimension[0] = x.length;
            return x[0] * x[0];
        });
        Run cbo = zo.cbo(tenD).within(-5, 5).particles(10).seed(1).progress(false).steps(3);
        assertEquals(10, dimension[0]);
        assertEquals(30, cbo.evaluations());
        Run random = zo.randomSearch(tenD).within(-5, 5).seed(1).progress(false).steps(7);
        assertEquals(7, random.evaluations());
        expect(IllegalArgumentException.class, () -> zo.cbo(Objective.ofArray(x -> x[0])).within(-5, 5).steps(1),
                "no start point");
    }
}
