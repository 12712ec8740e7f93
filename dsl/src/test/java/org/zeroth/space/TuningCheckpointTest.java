package org.zeroth.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.FutureTask;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeroth.Interrupts;
import org.zeroth.RunFailedException;
import org.zeroth.StopReason;
import org.zeroth.population.Traces;

/**
 * zo.tune(space, loss).checkpointEvery(n, file): the run of steps(n) without checkpoints; a tuning that fails or is
 * interrupted at any training keeps what was told in the file, and resume(file) ends it as the uninterrupted run
 * ends, training no configuration twice.
 */
class TuningCheckpointTest {
    private static final Map<String, UnaryOperator<Tuning>> METHODS = new TreeMap<>(Map.of(
            "bayesian", t -> t.bayesian(b -> b.initialPoints(4).batch(2)), "random search", Tuning::randomSearch,
            "cma-es", Tuning::cmaes, "cbo, 2 at once", t -> t.cbo().parallelism(2), "zo", t -> t.zo(0.2),
            "bayesian from a start", t -> t.bayesian(b -> b.initialPoints(4).batch(2)).from(TuningTest.START),
            "random search from a start", t -> t.randomSearch().from(TuningTest.START)));
    private static final int BUDGET = 16;

    @TempDir
    Path dir;

    /** The loss, recording every configuration it trains (from any thread). */
    private static ToDoubleFunction<Params> recording(List<Params> trained) {
        return p -> {
            trained.add(p);
            return TuningTest.mixedLoss(p);
        };
    }

    private static Tuning tuning(UnaryOperator<Tuning> method, ToDoubleFunction<Params> loss) {
        return method.apply(zo.tune(TuningTest.MIXED, loss)).seed(5).maxEvaluations(BUDGET).progress(false);
    }

    @Test
    void aCheckpointedTuningIsTheRunOfStepsAndItsFileResumesAfterAFailureAtAnyTraining() {
        for (var method : METHODS.entrySet()) {
            String m = method.getKey();
            List<Params> wholeTrained = Collections.synchronizedList(new ArrayList<>());
            TuningRun whole = tuning(method.getValue(), recording(wholeTrained)).steps(10_000);
            Path file = dir.resolve(m.replaceAll("[ ,]+", "-") + ".ckpt");
            TuningRun checkpointed = tuning(method.getValue(), recording(new ArrayList<>())).checkpointEvery(3, file)
                    .steps(10_000);
            Traces.assertSameRun(whole, checkpointed);
            assertEquals(whole.trace().column("calls").asList(), checkpointed.trace().column("calls").asList(), m);
            for (int failAt = 1; failAt <= wholeTrained.size(); failAt++) {
                int k = failAt;
                Params breaks = wholeTrained.get(k - 1); // by configuration: trainings at once finish in any order
                List<Params> trained = Collections.synchronizedList(new ArrayList<>());
                ToDoubleFunction<Params> failing = p -> {
                    if (p.equals(breaks)) {
                        throw new IllegalStateException("node lost at training " + k);
                    }
                    trained.add(p);
                    return TuningTest.mixedLoss(p);
                };
                RunFailedException e = assertThrows(RunFailedException.class,
                        () -> tuning(method.getValue(), failing).checkpointEvery(5, file).steps(10_000), m);
                assertTrue(e.getMessage().contains("node lost at training " + k) && e.getMessage().contains(
                        "(configuration {lr=") && e.getMessage().contains("saved in " + file), e.getMessage());
                // The losses told before the failure are kept (those of the failing batch up to the first one
                // missing too); none is counted that was not made.
                long calls = ((TuningRun) e.run()).calls(); // a configuration met again counts, untrained
                assertTrue(calls <= trained.size(), m + ": " + calls + " trainings counted, " + trained.size() + " made");
                TuningRun resumed = tuning(method.getValue(), recording(trained)).resume(file);
                Traces.assertSameRun(whole, resumed);
                assertEquals(whole.bestParams(), resumed.bestParams(), m);
                assertEquals(wholeTrained.size(), trained.size(), m + " failing at " + k + ": trained once each");
                assertEquals(new HashSet<>(wholeTrained), new HashSet<>(trained), m);
            }
        }
    }

    @Test
    void aCheckpointedTuningSavesEveryNTrainingsAsItGoes() {
        // What the file holds when each training begins: a crash then loses at most the last n - 1 losses told.
        Path file = dir.resolve("periodic.ckpt");
        Path trials = Path.of(file + ".trials");
        List<Integer> held = new ArrayList<>();
        TuningRun run = zo.tune(TuningTest.MIXED, p -> {
            held.add(Files.exists(trials) && Files.exists(file) ? TrialsFile.read(trials, TuningTest.MIXED).size() : 0);
            return TuningTest.mixedLoss(p);
        }).randomSearch().seed(5).maxEvaluations(14).progress(false).checkpointEvery(3, file).steps(14);
        assertEquals(14, run.calls(), "every configuration new: each evaluation a training");
        assertEquals(List.of(0, 0, 0, 3, 3, 3, 6, 6, 6, 9, 9, 9, 12, 12), held);
        assertEquals(14, TrialsFile.read(trials, TuningTest.MIXED).size(), "and all of them when it ends");
    }

    @Test
    void anInterruptedTuningEndsSavedAndResumes() throws Exception {
        List<Params> wholeTrained = new ArrayList<>();
        TuningRun whole = tuning(Tuning::randomSearch, recording(wholeTrained)).steps(10_000);
        Path file = dir.resolve("interrupted.ckpt");
        List<Params> trained = new ArrayList<>();
        ToDoubleFunction<Params> interrupting = p -> {
            trained.add(p);
            if (trained.size() == 7) {
                Interrupts.interrupt(Thread.currentThread()); // as the kernel interrupts a cell
            }
            return TuningTest.mixedLoss(p);
        };
        FutureTask<TuningRun> cell = new FutureTask<>(() -> tuning(Tuning::randomSearch, interrupting)
                .checkpointEvery(100, file).steps(10_000));
        new Thread(cell).start(); // its own thread: the interrupt's mark stays on it
        TuningRun stopped = cell.get();
        assertEquals(StopReason.INTERRUPTED, stopped.stopReason());
        assertEquals(7, stopped.evaluations(), "the training the interrupt came in is told");
        assertTrue(Files.exists(file) && Files.exists(Path.of(file + ".trials")));
        TuningRun resumed = tuning(Tuning::randomSearch, recording(trained)).resume(file);
        Traces.assertSameRun(whole, resumed);
        assertEquals(wholeTrained, trained, "each configuration trained once, in the same order");
    }

    @Test
    void anInterruptFromOutsideEndsTheTuningSavedWhateverItsMoment() throws Exception {
        // As the kernel interrupts a cell: from another thread, while a loss trains or while the method computes
        // its next trials (repeated, at seeded moments: races).
        java.util.Random moments = new java.util.Random(11);
        for (int trial = 0; trial < 50; trial++) {
            Path file = dir.resolve("outside-" + trial + ".ckpt");
            java.util.concurrent.atomic.AtomicInteger trained = new java.util.concurrent.atomic.AtomicInteger();
            FutureTask<TuningRun> cell = new FutureTask<>(() -> zo.tune(TuningTest.MIXED, p -> {
                trained.incrementAndGet();
                return TuningTest.mixedLoss(p);
            }).randomSearch().seed(5).maxEvaluations(1_000_000).progress(false).checkpointEvery(1000, file)
                    .steps(1_000_000));
            Thread thread = new Thread(cell);
            thread.start();
            while (trained.get() < 3) {
                Thread.onSpinWait();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(moments.nextInt(2_000_000));
            Interrupts.interrupt(thread);
            TuningRun stopped = cell.get();
            assertEquals(StopReason.INTERRUPTED, stopped.stopReason(), "trial " + trial);
            try (TuningOptimization saved = TuningOptimization.resume(file, TuningTest.MIXED)) {
                assertEquals(stopped.evaluations(), saved.run().evaluations(),
                        "trial " + trial + ": every training told is in the file");
            }
        }
    }

    @Test
    void aResumeWithOtherSettingsIsRefusedNotSilentlyDropped() {
        Path file = dir.resolve("settings.ckpt");
        UnaryOperator<Tuning> saved = t -> t.randomSearch().seed(1).maxEvaluations(10).progress(false);
        TuningRun whole = saved.apply(zo.tune(TuningTest.MIXED, TuningTest::mixedLoss)).checkpointEvery(5, file)
                .steps(10);
        Map<String, Tuning> other = Map.of(
                "maxEvaluations 20 (saved: 10)", saved.apply(zo.tune(TuningTest.MIXED, TuningTest::mixedLoss))
                        .maxEvaluations(20),
                "method cma-es (saved: random-search)", saved.apply(zo.tune(TuningTest.MIXED, TuningTest::mixedLoss))
                        .cmaes(),
                "seed 99 (saved: 1)", saved.apply(zo.tune(TuningTest.MIXED, TuningTest::mixedLoss)).seed(99));
        other.forEach((difference, tuning) -> {
            var e = assertThrows(IllegalArgumentException.class, () -> tuning.resume(file), difference);
            assertTrue(e.getMessage().contains(difference) && e.getMessage().contains("zo.tune(space, loss)"
                    + ".resume(file)"), e.getMessage());
            assertFalse(e.getMessage().contains("(saved: null)"), "another method's own settings: " + e.getMessage());
        });
        // Nothing set but the loss: the file's settings; the same settings: accepted too.
        for (Tuning same : List.of(zo.tune(TuningTest.MIXED, TuningTest::mixedLoss).progress(false),
                saved.apply(zo.tune(TuningTest.MIXED, TuningTest::mixedLoss)))) {
            TuningRun resumed = same.resume(file);
            assertEquals(10, resumed.evaluations());
            assertEquals(whole.bestParams(), resumed.bestParams());
        }
    }

    @Test
    void aResumeComparesOnlyTheSettingsGiven() throws Exception {
        // Saved with seed 3 and a budget of 20, failing at the 6th training: a resume that names some of its
        // settings (or none) takes the rest from the file, not from the defaults (seed 0, bayesian, no budget).
        Path file = dir.resolve("given.ckpt");
        UnaryOperator<Tuning> saved = t -> t.randomSearch().seed(3).maxEvaluations(20).progress(false);
        TuningRun whole = saved.apply(zo.tune(TuningTest.MIXED, TuningTest::mixedLoss)).steps(20);
        int[] calls = {0};
        assertThrows(RunFailedException.class, () -> saved.apply(zo.tune(TuningTest.MIXED, p -> {
            if (++calls[0] == 6) {
                throw new IllegalStateException("node lost");
            }
            return TuningTest.mixedLoss(p);
        })).checkpointEvery(5, file).steps(20));
        Tuning plain = zo.tune(TuningTest.MIXED, TuningTest::mixedLoss).progress(false);
        Map<String, Tuning> accepted = new TreeMap<>(Map.of("method", plain.randomSearch(),
                "method and budget", plain.randomSearch().maxEvaluations(20), "seed", plain.seed(3),
                "the method's options", plain.randomSearch(r -> r.uniform())));
        int copy = 0;
        for (var given : accepted.entrySet()) {
            Path again = dir.resolve("given-" + copy++ + ".ckpt"); // each resume from the file as the failure left it
            Files.copy(file, again);
            Files.copy(Path.of(file + ".trials"), Path.of(again + ".trials"));
            TuningRun resumed = given.getValue().resume(again);
            Traces.assertSameRun(whole, resumed);
            assertEquals(whole.bestParams(), resumed.bestParams(), given.getKey());
        }
        // A setting given is compared, even one equal to its default, and named as it differs.
        Map<String, Tuning> refused = Map.of("seed 0 (saved: 3)", plain.seed(0),
                "method bayesian (saved: random-search)", plain.bayesian(),
                "maxEvaluations 10 (saved: 20)", plain.randomSearch().maxEvaluations(10),
                "sampling gaussian (saved: uniform), radius 0.1 (saved: null)",
                plain.randomSearch(r -> r.gaussian(0.1)));
        refused.forEach((difference, tuning) -> {
            var e = assertThrows(IllegalArgumentException.class, () -> tuning.resume(file), difference);
            assertTrue(e.getMessage().contains("set up otherwise: " + difference + ". "), e.getMessage());
        });
    }

    @Test
    void theMethodsOwnCheckpointsAreRefusedForTheTuningsOwn() {
        Path file = dir.resolve("method.ckpt");
        var e = assertThrows(IllegalArgumentException.class, () -> zo.tune(TuningTest.MIXED, TuningTest::mixedLoss)
                .randomSearch(r -> r.checkpointEvery(5, file)).progress(false).steps(3));
        assertTrue(e.getMessage().contains("zo.tune(space, loss).checkpointEvery(n, file)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> zo.tune(TuningTest.MIXED, TuningTest::mixedLoss)
                .checkpointEvery(0, file));
        assertThrows(IllegalArgumentException.class, () -> zo.tune(TuningTest.MIXED, TuningTest::mixedLoss)
                .checkpointEvery(1, dir.resolve("no/such/dir/t.ckpt")));
    }
}
