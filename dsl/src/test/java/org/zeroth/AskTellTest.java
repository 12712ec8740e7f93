package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.estimate.RankingOracle;
import org.zeroth.population.Grid;
import org.zeroth.population.Traces;
import org.zeroth.tensor.Tensors;

/** Issue 13: a run driven by ask/tell is bit for bit the closed-loop run, for every method; bad tells are refused. */
class AskTellTest {
    /** A shifted, tilted bowl in dimension 3 (not symmetric, so a wrong order of values shows). */
    static double f(INDArray x) {
        double[] v = Tensors.toArray(x);
        return (v[0] - 0.3) * (v[0] - 0.3) + 2 * (v[1] + 0.1) * (v[1] + 0.1) + 3 * v[2] * v[2] + 0.5 * v[0] * v[1];
    }

    /** Every method as a builder of f (the objective given), for n steps. */
    static Map<String, Function<Objective, RunBuilder<?>>> builders() {
        Map<String, Function<Objective, RunBuilder<?>>> b = new LinkedHashMap<>();
        b.put("zo-adam", f -> zo.minimize(f).from(0.5, -0.5, 0.4).withGaussianDirections(1e-3).queries(4).adam(5e-2)
                .seed(7).progress(false));
        b.put("maximize central", f -> zo.maximize(Objective.of(3, "neg", x -> -f.value(x))).from(0.5, -0.5, 0.4)
                .withSphereDirections(1e-3).queries(2).central().momentum(1e-2, 0.9).within(-1, 1).seed(8).progress(false));
        b.put("mezo inPlace", f -> zo.minimize(f).from(Nd4j.createFromArray(0.5, -0.5, 0.4)).withGaussianDirections(1e-3)
                .queries(2).central().sgd(2e-2).inPlace().seed(9).progress(false));
        b.put("mezo masked inPlace", f -> zo.minimize(f).from(Nd4j.createFromArray(0.5, -0.5, 0.4))
                .withGaussianDirections(1e-3).withMask(1, 0, 1).forward().sgd(2e-2).inPlace().seed(9).progress(false));
        b.put("spsa inPlace", f -> zo.minimize(f).from(Nd4j.createFromArray(0.5, -0.5, 0.4))
                .withRademacherDirections(1e-3).central().sgd(2e-2).inPlace().seed(9).progress(false));
        b.put("mezo sphere masked inPlace", f -> zo.minimize(f).from(Nd4j.createFromArray(0.5, -0.5, 0.4))
                .withSphereDirections(1e-3).withMask(1, 1, 0).queries(2).sgd(2e-2).inPlace().seed(9).progress(false));
        b.put("ranking", f -> zo.minimizeByRanking(RankingOracle.of(f, 3)).from(0.5, -0.5, 0.4).directions(6)
                .seed(10).progress(false));
        b.put("cbo", f -> zo.cbo(f).from(0.5, -0.5, 0.4).particles(8).within(-1, 1).seed(11).progress(false));
        b.put("cmaes", f -> zo.cmaes(f).from(0.5, -0.5, 0.4).sigma(0.3).seed(12).progress(false));
        b.put("nelderMead", f -> zo.nelderMead(f).from(0.5, -0.5, 0.4).progress(false));
        b.put("powell", f -> zo.powell(f).from(0.5, -0.5, 0.4).progress(false));
        b.put("bobyqa", f -> zo.bobyqa(f).from(0.5, -0.5, 0.4).within(-1, 1).progress(false));
        b.put("randomSearch", f -> zo.randomSearch(f).from(0.5, -0.5, 0.4).within(-1, 1).seed(13).progress(false));
        b.put("directSearch", f -> zo.directSearch(f).from(0.5, -0.5, 0.4).seed(14).progress(false));
        b.put("mapElites", f -> zo.mapElites(f, x -> new double[] {x.getDouble(0), x.getDouble(1)},
                Grid.of(-1, 1, 4, 4)).from(0.5, -0.5, 0.4).initialSamples(10).within(-1, 1).seed(15).progress(false));
        b.put("bayesian", f -> zo.bayesian(f).within(new double[] {-1, -1, -1}, new double[] {1, 1, 1}).initialPoints(4).batch(2).seed(16).progress(false));
        return b;
    }

    static final long STEPS = 30;

    /** Drives o to its end, telling each batch in a shuffled order; counts the calls of f. */
    static Run drive(Optimization o, long[] calls, Random order) {
        return drive(o, AskTellTest::f, calls, order);
    }

    static Run drive(Optimization o, Objective g, long[] calls, Random order) {
        while (!o.isDone()) {
            List<Candidate> batch = new ArrayList<>(o.ask(Integer.MAX_VALUE));
            Collections.shuffle(batch, order);
            for (Candidate c : batch) {
                calls[0]++;
                o.tell(c, g.value(c.point()));
            }
        }
        return o.run();
    }

    @Test
    void askTellIsTheClosedLoopRunForEveryMethod() {
        List<Executable> checks = new ArrayList<>();
        for (var e : builders().entrySet()) {
            long[] closedCalls = {0};
            long[] neverCalled = {0};
            long[] told = {0};
            Run closed = e.getValue().apply(x -> {
                closedCalls[0]++;
                return f(x);
            }).runSteps(STEPS);
            Run asked;
            try (Optimization o = e.getValue().apply(x -> {
                neverCalled[0]++;
                return f(x);
            }).start(STEPS)) {
                Objective g = e.getKey().startsWith("maximize") ? x -> -f(x) : AskTellTest::f;
                asked = drive(o, g, told, new Random(e.getKey().hashCode()));
                assertTrue(o.isDone());
                assertEquals(closed.stopReason(), o.stopReason());
            }
            checks.add(() -> {
                assertAll(e.getKey(), () -> Traces.assertSameRun(closed, asked));
                assertEquals(closedCalls[0], closed.evaluations(), e.getKey() + ": closed loop calls");
                assertEquals(told[0], asked.evaluations(), e.getKey() + ": every told value is an evaluation");
                assertEquals(0, neverCalled[0], e.getKey() + ": ask/tell never calls the builder's objective");
                assertEquals(closed.stopReason(), asked.stopReason(), e.getKey());
                if (!e.getKey().contains("inPlace")) {
                    assertArrayEquals(Tensors.toArray(closed.bestPoint()), Tensors.toArray(asked.bestPoint()), e.getKey());
                }
            });
        }
        assertAll(checks);
    }

    @Test
    void everyMethodStartsWithoutAStepCount() {
        // start() runs until a budget, a target or close(): every method must take the unbounded step count.
        for (var e : builders().entrySet()) {
            try (Optimization o = e.getValue().apply(Objective.external(3)).start()) {
                assertFalse(o.ask(Integer.MAX_VALUE).isEmpty(), e.getKey());
                assertEquals(StopReason.RUNNING, o.stopReason(), e.getKey());
            }
        }
    }

    @Test
    void anExternalObjectiveRunsOnlyUnderAskTell() {
        var builder = zo.minimize(Objective.external(3)).from(0.5, -0.5, 0.4).adam(1e-2).progress(false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.steps(5));
        assertTrue(e.getMessage().contains("only ask/tell can drive it") && e.getMessage().contains("start()"), e.getMessage());
        long[] calls = {0};
        try (Optimization o = builder.start(5)) {
            Run run = drive(o, calls, new Random(1));
            Traces.assertSameRun(zo.minimize(AskTellTest::f).from(0.5, -0.5, 0.4).adam(1e-2).progress(false).steps(5), run);
            assertEquals("external", run.config().get("objective"));
        }
    }

    @Test
    void askNHandsOutTheRestOfTheBatchAndTheRunSoFarIsReachable() {
        try (Optimization o = zo.minimize(Objective.external(3)).from(0.5, -0.5, 0.4).queries(4).central()
                .progress(false).start()) {
            List<Candidate> first = o.ask(3);
            assertEquals(List.of(1L, 2L, 3L), first.stream().map(Candidate::id).toList());
            List<Candidate> rest = o.ask(100);
            assertEquals(5, rest.size(), "a central step with q = 4 asks 2q = 8 points: 5 were left");
            IllegalStateException out = assertThrows(IllegalStateException.class, o::ask);
            assertTrue(out.getMessage().contains("8 of them are not told yet") && out.getMessage().endsWith("tell them (pending() gives them again)"),
                    out.getMessage());
            assertEquals(StopReason.RUNNING, o.stopReason());
            assertEquals(0, o.run().steps());
            for (Candidate c : first) {
                o.tell(c, f(c.point()));
            }
            assertTrue(o.toString().endsWith(", 3 values told, 5 out"), o::toString); // told ones of an open batch
            for (Candidate c : rest) {
                o.tell(c, f(c.point()));
            }
            Run soFar = o.run();
            assertEquals(1, soFar.steps());
            assertEquals(8, soFar.evaluations());
            assertEquals(StopReason.RUNNING, soFar.stopReason());
            assertEquals(9, o.ask().id(), "ids number the evaluations");
            assertTrue(o.toString().endsWith(", 8 values told, 1 out"), o::toString);
        }
    }

    @Test
    void badTellsAreRefusedAndLoseNothing() {
        try (Optimization o = zo.cbo(Objective.external(3)).from(0.5, -0.5, 0.4).particles(4).maxEvaluations(8)
                .seed(2).progress(false).start();
             Optimization other = zo.cbo(Objective.external(3)).from(0.5, -0.5, 0.4).progress(false).start()) {
            List<Candidate> batch = o.ask(4);
            expect(IllegalArgumentException.class, () -> o.tell(batch.get(0), Double.NaN), "must be finite",
                    "nothing was recorded");
            expect(IllegalArgumentException.class, () -> o.tell(batch.get(0), Double.POSITIVE_INFINITY), "must be finite");
            expect(IllegalArgumentException.class, () -> o.tell(other.ask(), 1.0), "another optimization");
            expect(IllegalArgumentException.class, () -> o.tell(null, 1.0), "candidate is null");
            o.tell(batch.get(2), f(batch.get(2).point()));
            expect(IllegalArgumentException.class, () -> o.tell(batch.get(2), 5.0), "candidate 3 was already told");
            for (int i : new int[] {3, 0, 1}) {
                o.tell(batch.get(i), f(batch.get(i).point()));
            }
            expect(IllegalArgumentException.class, () -> o.tell(batch.get(1), 5.0), "candidate 2 was already told");
            List<Candidate> second = o.ask(4);
            for (Candidate c : second) {
                o.tell(c, f(c.point()));
            }
            assertTrue(o.isDone());
            assertEquals(StopReason.MAX_EVALUATIONS, o.stopReason());
            expect(IllegalStateException.class, () -> o.tell(second.get(0), 1.0), "the run is done");
            expect(IllegalStateException.class, o::ask, "the run is done");
            Run closed = zo.cbo(AskTellTest::f).from(0.5, -0.5, 0.4).particles(4).maxEvaluations(8).seed(2)
                    .progress(false).steps(Long.MAX_VALUE);
            Traces.assertSameRun(closed, o.run());
        }
    }

    @Test
    void aRankingOracleWithoutValuesCannotBeToldAndBadSettingsFailAtStart() {
        expect(IllegalArgumentException.class, () -> zo.minimizeByRanking(points -> new int[] {0}).from(1, 2).start(),
                "answers with orders only", "RankingOracle.of(Objective.external(d), k)");
        expect(IllegalArgumentException.class, () -> zo.minimize(Objective.external(3)).progress(false).start(),
                "no start point");
        // A setting the method thread refuses is thrown from start(), where the caller's line is (a notebook shows it)
        IllegalArgumentException box = assertThrows(IllegalArgumentException.class,
                () -> zo.bobyqa(Objective.external(1)).from(0.0).within(-1, 1).progress(false).start());
        assertTrue(java.util.Arrays.stream(box.getStackTrace()).anyMatch(f -> f.getMethodName().contains(
                "aRankingOracleWithoutValues")), () -> box + " thrown at " + java.util.Arrays.toString(box.getStackTrace()));
        expect(IllegalArgumentException.class, () -> zo.minimize(AskTellTest::f).from(1, 2, 3).start().ask(0),
                "ask(n) needs n ≥ 1");
    }

    @Test
    void closeEndsTheRunAndItsThreadWhichNeverOutlivesIt() throws InterruptedException {
        Optimization o = zo.cmaes(Objective.external(3)).from(0.5, -0.5, 0.4).progress(false).start();
        Candidate c = o.ask();
        o.tell(c, 1.0);
        Thread worker = o.worker();
        o.close();
        assertFalse(worker.isAlive());
        assertTrue(worker.isDaemon());
        assertEquals(StopReason.INTERRUPTED, o.stopReason());
        assertEquals(1, o.run().evaluations(), "the told value is kept");
        Optimization finished = zo.randomSearch(Objective.external(3)).from(0.5, -0.5, 0.4).within(-1, 1)
                .maxEvaluations(3).progress(false).start();
        drive(finished, new long[1], new Random(3));
        finished.worker().join();
        assertFalse(finished.worker().isAlive(), "a finished run's thread ends by itself");
        Thread abandoned = abandonedWorker();
        for (int i = 0; i < 200 && abandoned.isAlive(); i++) {
            System.gc();
            abandoned.join(50);
        }
        assertFalse(abandoned.isAlive(), "an optimization nobody holds ends its thread when it is collected");
    }

    private static Thread abandonedWorker() {
        Optimization o = zo.nelderMead(Objective.external(3)).from(0.5, -0.5, 0.4).progress(false).start();
        o.ask();
        return o.worker();
    }

    @Test
    void anInterruptWhileWaitingStopsTheRunAndKeepsIt() throws Exception {
        // The method computes between batches; a caller interrupted while it waits stops the run (repeated: races).
        for (int trial = 0; trial < 20; trial++) {
            Optimization o = zo.nelderMead(Objective.external(3)).from(0.5, -0.5, 0.4).progress(false).start();
            Candidate c = o.ask();
            o.tell(c, 1.0);
            Thread.currentThread().interrupt();
            try {
                o.ask();
                Thread.interrupted(); // the batch was published before the wait: the interrupt is still pending
                o.close();
            } catch (IllegalStateException e) {
                assertTrue(Thread.interrupted(), "the flag is set again");
                assertTrue(e.getMessage().contains("INTERRUPTED"), e.getMessage());
            }
            o.close();
            assertEquals(StopReason.INTERRUPTED, o.stopReason());
            assertEquals(1, o.run().evaluations());
            assertFalse(o.worker().isAlive());
        }
    }

    @Test
    void aRunAbandonedToTheCollectorIsNotTheLastRun() throws InterruptedException {
        // The collector ends an unreachable ask/tell run whenever it runs: that must not replace zo.lastRun().
        for (int trial = 0; trial < 3; trial++) {
            Thread worker = abandonedRun();
            Run mine = zo.nelderMead(AskTellTest::f).from(0.5, -0.5, 0.4).maxEvaluations(20).progress(false).steps(100);
            for (int gc = 0; gc < 1000 && worker.isAlive(); gc++) {
                System.gc();
                worker.join(10);
            }
            assertFalse(worker.isAlive(), "the collector ended the abandoned run");
            assertSame(mine, zo.lastRun());
        }
    }

    private static Thread abandonedRun() {
        Optimization o = zo.minimize(Objective.external(3)).from(1, 2, 3).progress(false).start();
        o.ask();
        return o.worker();
    }

    @Test
    void anInterruptedCallerStillSavesWhatItTold(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // Its last tell may leave the method computing: save waits for it rather than fail (repeated: races).
        java.nio.file.Path file = dir.resolve("interrupted.ckpt");
        for (int trial = 0; trial < 50; trial++) {
            Optimization o = zo.nelderMead(Objective.external(3)).from(0.5, -0.5, 0.4).progress(false).start();
            Candidate first = o.ask();
            Thread.currentThread().interrupt(); // as the objective's interrupt comes in before the tell
            o.tell(first, 1.0);
            o.save(file);
            assertTrue(Thread.interrupted(), "the interrupt is still pending after save");
            o.close();
            Optimization resumed = Zo.resume(file);
            assertEquals(1, resumed.run().evaluations(), "trial " + trial + ": the told value is in the file");
            resumed.close();
        }
    }

    @Test
    void aCandidateWhoseEvaluationWasLostIsGivenAgainByPending() {
        Objective g = x -> (x.getDouble(0) - 1) * (x.getDouble(0) - 1);
        Run closed = zo.nelderMead(g).from(0.0).maxEvaluations(30).progress(false).steps(1000);
        Optimization lab = zo.nelderMead(Objective.external(1)).from(0.0).maxEvaluations(30).progress(false).start();
        long tells = 0;
        boolean crashed = false;
        while (!lab.isDone()) {
            Candidate c = lab.ask();
            if (!crashed && c.point().getDouble(0) > 0.2) { // the outside evaluation crashes: c is lost
                crashed = true;
                expect(IllegalStateException.class, lab::ask, "is out and not told yet", "pending() gives it again");
                assertEquals(List.of(c), lab.pending());
                c = lab.pending().get(0);
            }
            lab.tell(c, g.value(c.point()));
            tells++;
            assertEquals(List.of(), lab.pending(), "a told candidate is not pending");
        }
        assertTrue(crashed, "the run went past 0.2");
        assertEquals(30, tells);
        assertEquals(List.of(), lab.pending(), "nothing is pending once the run is done");
        Traces.assertSameRun(closed, lab.run());
    }

    /** The value told for candidate {@code id} at x: a bowl, and one far lower value (a lab's lucky sample). */
    private static double told(long id, INDArray x) {
        return id == 15 ? -100 : f(x);
    }

    @Test
    void closeKeepsEveryValueToldOfAnUnfinishedBatch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // The closed loop: the same values, by call number.
        long[] calls = {0};
        Run closed = zo.cbo(Objective.of(3, "bowl", x -> told(++calls[0], x))).from(0.5, -0.5, 0.4).particles(10)
                .within(-1, 1).seed(1).progress(false).steps(4);
        java.nio.file.Path file = dir.resolve("run.ckpt");
        java.nio.file.Path saved = dir.resolve("saved.ckpt");
        Optimization o = zo.cbo(Objective.external(3)).from(0.5, -0.5, 0.4).particles(10).within(-1, 1).seed(1)
                .progress(false).checkpointEvery(1000, file).start(4);
        for (Candidate c : o.ask(10)) {
            o.tell(c, told(c.id(), c.point()));
        }
        List<Candidate> second = o.ask(10);
        for (Candidate c : second) { // 11 … 16 and 18, 19: 17 and 20 are still out when the run is closed
            if (c.id() != 17 && c.id() != 20) {
                o.tell(c, told(c.id(), c.point()));
            }
        }
        o.close();
        o.save(saved);

        Run run = o.run();
        assertEquals(StopReason.INTERRUPTED, run.stopReason());
        assertEquals(18, run.evaluations(), "every value told is in the run: the first batch's 10, and 8 of 10");
        assertEquals(-100, run.bestValue(), "the value told for candidate 15");
        for (java.nio.file.Path checkpoint : List.of(file, saved)) {
            Optimization resumed = Zo.resume(checkpoint);
            List<Candidate> out = resumed.ask(10);
            assertEquals(List.of(17L, 20L), out.stream().map(Candidate::id).toList(),
                    "a resume asks only for what was never told");
            long[] more = {0};
            for (Candidate c : out) {
                more[0]++;
                resumed.tell(c, told(c.id(), c.point()));
            }
            while (!resumed.isDone()) {
                for (Candidate c : resumed.ask(Integer.MAX_VALUE)) {
                    more[0]++;
                    resumed.tell(c, told(c.id(), c.point()));
                }
            }
            Run whole = resumed.run();
            assertEquals(closed.evaluations(), whole.evaluations(), checkpoint.toString());
            assertEquals(calls[0], 18 + more[0], "told once each over both sessions: " + checkpoint);
            assertEquals(closed.bestValue(), whole.bestValue());
            assertArrayEquals(Tensors.toArray(closed.finalPoint()), Tensors.toArray(whole.finalPoint()));
        }
    }

    @SafeVarargs
    static <T extends Throwable> void expect(Class<T> type, Executable bad, String... parts) {
        T e = assertThrows(type, bad);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message was: " + e.getMessage());
        }
    }
}
