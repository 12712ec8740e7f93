package org.zeroth.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeroth.population.Traces;

/**
 * An ask/tell tuning saved mid-way (trials out, told out of order) and resumed in a new TuningOptimization makes
 * the run steps(n) makes and trains no configuration twice; the trials out at the save are asked for again.
 */
class TuningResumeTest {
    private static final Map<String, UnaryOperator<Tuning>> METHODS = Map.of(
            "bayesian", t -> t.bayesian(b -> b.initialPoints(4).batch(2)), "random search", Tuning::randomSearch,
            "cma-es", Tuning::cmaes, "cbo", Tuning::cbo, "zo", t -> t.zo(0.2),
            "bayesian from a start", t -> t.bayesian(b -> b.initialPoints(4).batch(2)).from(TuningTest.START),
            "random search from a start", t -> t.randomSearch().from(TuningTest.START));
    private static final int BUDGET = 24;

    @TempDir
    Path dir;

    private static UnaryOperator<Tuning> options(UnaryOperator<Tuning> method) {
        return t -> method.apply(t).seed(5).maxEvaluations(BUDGET).progress(false);
    }

    private static double loss(Params p) {
        return p.space() == TuningTest.TINY ? TuningTest.tinyLoss(p) : TuningTest.mixedLoss(p);
    }

    /** Asks up to three at a time, tells them last first, until {@code told} losses are in or the tuning is done. */
    private static void train(TuningOptimization t, int told, List<Params> trained) {
        while (!t.isDone() && trained.size() < told) {
            List<TuningOptimization.Trial> batch = t.ask(3);
            for (int i = batch.size() - 1; i >= 0; i--) {
                trained.add(batch.get(i).params());
                t.tell(batch.get(i), loss(batch.get(i).params()));
            }
        }
    }

    @Test
    void aResumedTuningMakesTheRunOfStepsAndTrainsNothingAgain() {
        Map<String, UnaryOperator<Tuning>> cases = new java.util.TreeMap<>(METHODS);
        cases.put("random search, tiny space", Tuning::randomSearch); // six configurations: repeats after the resume
        for (var method : cases.entrySet()) {
            Space space = method.getKey().endsWith("tiny space") ? TuningTest.TINY : TuningTest.MIXED;
            TuningRun closed = options(method.getValue()).apply(zo.tune(space, TuningResumeTest::loss))
                    .steps(10_000);
            Path file = dir.resolve(method.getKey().replaceAll("[ ,]+", "-") + ".ckpt");
            List<Params> trained = new ArrayList<>();
            List<TuningOptimization.Trial> out;
            try (TuningOptimization t = options(method.getValue()).apply(zo.tune(space)).start()) {
                train(t, space == TuningTest.TINY ? 3 : 9, trained);
                out = t.ask(2); // out when the process dies: never told
                t.save(file);
                assertTrue(t.toString().endsWith(", " + trained.size() + " configurations trained, " + out.size()
                        + " out"), t::toString);
            }
            Set<Params> asked = new HashSet<>();
            try (TuningOptimization t = TuningOptimization.resume(file, space)) {
                assertTrue(t.toString().endsWith(", " + trained.size() + " configurations trained"), t::toString);
                List<Params> after = new ArrayList<>();
                train(t, Integer.MAX_VALUE, after);
                asked.addAll(after);
                trained.addAll(after);
                TuningRun resumed = t.run();
                String m = method.getKey();
                Traces.assertSameRun(closed, resumed);
                if (m.endsWith("from a start")) { // the resumed run begins with the configuration given, too
                    var first = resumed.trace().first(1);
                    assertEquals("0.003, 7, momentum", first.column("lr").getString(0) + ", "
                            + first.column("hidden").getString(0) + ", " + first.column("rule").getString(0), m);
                }
                assertEquals(closed.bestParams(), resumed.bestParams(), m);
                assertEquals(closed.trace().column("calls").asList(), resumed.trace().column("calls").asList(), m);
                assertEquals(closed.calls(), resumed.calls(), m);
                assertEquals(closed.calls(), trained.size(), m + ": as many trainings as the loss function had");
                assertEquals(trained.size(), new HashSet<>(trained).size(), m + ": no configuration trained twice");
                for (TuningOptimization.Trial trial : out) {
                    assertTrue(asked.contains(trial.params()), m + ": " + trial + ", out at the save, asked again");
                }
            }
        }
    }

    @Test
    void aCheckpointOlderThanItsTrialsFileLosesNothing() throws Exception {
        UnaryOperator<Tuning> bo = options(t -> t.bayesian(b -> b.initialPoints(4).batch(2)));
        TuningRun closed = bo.apply(zo.tune(TuningTest.MIXED, TuningTest::mixedLoss)).steps(10_000);
        Path file = dir.resolve("bo.ckpt");
        Path older = dir.resolve("older.ckpt");
        List<Params> trained = new ArrayList<>();
        try (TuningOptimization t = bo.apply(zo.tune(TuningTest.MIXED)).start()) {
            train(t, 6, trained);
            t.save(file);
            Files.copy(file, older);
            train(t, 12, trained);
            t.save(file); // a crash after the trials file was written and before the checkpoint was
            Files.move(older, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (TuningOptimization t = TuningOptimization.resume(file, TuningTest.MIXED)) {
            List<Params> after = new ArrayList<>();
            train(t, Integer.MAX_VALUE, after);
            for (Params p : after) {
                assertTrue(!trained.contains(p), "trained again: " + p);
            }
            Traces.assertSameRun(closed, t.run());
            assertEquals(closed.calls(), t.run().calls());
        }
    }

    @Test
    void aMissingTrialsFileOrAnotherSpaceSaysWhatToDo() throws Exception {
        Path file = dir.resolve("r.ckpt");
        try (TuningOptimization t = zo.tune(TuningTest.MIXED).randomSearch().seed(1).maxEvaluations(8)
                .progress(false).start()) {
            train(t, 3, new ArrayList<>());
            t.save(file);
        }
        var wrongSpace = assertThrows(IllegalArgumentException.class, () -> TuningOptimization.resume(file,
                TuningTest.TINY));
        assertTrue(wrongSpace.getMessage().contains("resume it with the space it was started with"),
                wrongSpace.getMessage());
        Files.delete(dir.resolve("r.ckpt.trials"));
        var missing = assertThrows(IllegalArgumentException.class, () -> TuningOptimization.resume(file,
                TuningTest.MIXED));
        assertTrue(missing.getMessage().contains("keep the two together"), missing.getMessage());
    }
}
