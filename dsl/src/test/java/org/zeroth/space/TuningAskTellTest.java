package org.zeroth.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.zeroth.StopReason;
import org.zeroth.population.Traces;
import tech.tablesaw.api.Table;

/**
 * zo.tune(space).start(): configurations asked for, trained "elsewhere" (here, in any order), losses told — the
 * same TuningRun as steps(n) with the loss as a function, and a configuration met again is never asked for.
 */
class TuningAskTellTest {
    private static final Map<String, UnaryOperator<Tuning>> METHODS = Map.of(
            "bayesian", t -> t.bayesian(b -> b.initialPoints(4).batch(2)), "random search", Tuning::randomSearch,
            "cma-es", Tuning::cmaes, "cbo", Tuning::cbo, "zo", t -> t.zo(0.2));

    @Test
    void askingAndTellingGivesTheRunOfStepsAndTrainsEachConfigurationOnce() {
        for (var method : METHODS.entrySet()) {
            for (Space space : List.of(TuningTest.TINY, TuningTest.MIXED)) {
                boolean tiny = space == TuningTest.TINY;
                int budget = tiny ? 40 : 24;
                UnaryOperator<Tuning> options = t -> method.getValue().apply(t).seed(5).maxEvaluations(budget)
                        .progress(false);
                TuningRun closed = options.apply(zo.tune(space, tiny ? TuningTest::tinyLoss
                        : TuningTest::mixedLoss)).steps(10_000);

                Random shuffle = new Random(7);
                List<Params> trained = new ArrayList<>();
                try (TuningOptimization t = options.apply(zo.tune(space)).start(10_000)) {
                    while (!t.isDone()) {
                        List<TuningOptimization.Trial> batch = new ArrayList<>(t.ask(8));
                        Collections.shuffle(batch, shuffle); // trainings finish in any order
                        for (TuningOptimization.Trial trial : batch) {
                            trained.add(trial.params());
                            t.tell(trial, tiny ? TuningTest.tinyLoss(trial.params())
                                    : TuningTest.mixedLoss(trial.params()));
                        }
                    }
                    TuningRun told = t.run();
                    String m = method.getKey() + (tiny ? ", tiny space" : ", mixed space");
                    Traces.assertSameRun(closed, told);
                    assertEquals(closed.bestParams(), told.bestParams(), m);
                    assertEquals(new HashSet<>(trained).size(), trained.size(), m + ": no configuration trained twice");
                    assertEquals(closed.calls(), trained.size(), m + ": as many trainings as the loss function had");
                    assertEquals(trained.size(), told.calls(), m);
                    for (String column : tiny ? List.of("calls", "n", "c") : List.of("calls", "lr", "hidden", "rule")) {
                        assertEquals(closed.trace().column(column).asList(), told.trace().column(column).asList(),
                                m + ": the trace's " + column);
                    }
                    assertEquals(StopReason.MAX_EVALUATIONS, t.stopReason(), m);
                }
            }
        }
    }

    @Test
    void aTinySpaceAsksForEachConfigurationOnceAndAnswersTheRepeatsItself() {
        Set<Params> asked = new HashSet<>();
        try (TuningOptimization t = zo.tune(TuningTest.TINY).randomSearch().seed(2).maxEvaluations(60)
                .progress(false).start()) {
            while (!t.isDone()) {
                TuningOptimization.Trial trial = t.ask();
                assertTrue(asked.add(trial.params()), "asked again for " + trial);
                t.tell(trial, TuningTest.tinyLoss(trial.params()));
            }
            TuningRun run = t.run();
            assertEquals(60, run.evaluations(), "repeats count as evaluations, as in steps(n)");
            assertEquals(6, asked.size(), "the six configurations, each trained once");
            assertEquals(6, run.calls());
            Table trace = run.trace();
            assertEquals(6, trace.longColumn("calls").getLong(trace.rowCount() - 1));
        }
    }

    private static void expect(Class<? extends RuntimeException> type, org.junit.jupiter.api.function.Executable bad,
            String... fragments) {
        RuntimeException e = assertThrows(type, bad);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message: " + e.getMessage() + "\nexpected: " + f);
        }
    }

    @Test
    void badTellsAreClearErrorsThatRecordNothing() {
        try (TuningOptimization t = zo.tune(TuningTest.MIXED).randomSearch().seed(3).maxEvaluations(5)
                .progress(false).start();
             TuningOptimization other = zo.tune(TuningTest.MIXED).randomSearch().seed(3).progress(false).start()) {
            TuningOptimization.Trial trial = t.ask();
            expect(IllegalArgumentException.class, () -> t.tell(trial, Double.NaN), "must be finite",
                    "large finite loss");
            expect(IllegalArgumentException.class, () -> t.tell(other.ask(), 1.0), "ask() of this tuning");
            t.tell(trial, 0.5);
            String twice = assertThrows(IllegalArgumentException.class, () -> t.tell(trial, 0.4)).getMessage();
            assertTrue(twice.contains("tell(" + trial + ", 0.4): this trial was already told (loss 0.5)")
                    && !twice.contains("candidate"), "named by its configuration, not the cube: " + twice);
            assertEquals(1, t.run().evaluations());
            assertEquals(0.5, t.run().bestValue());
        }
        expect(IllegalStateException.class, () -> zo.tune(TuningTest.MIXED).steps(5), "no loss function", "start()");
        assertTrue(zo.tune(TuningTest.MIXED).toString().contains("call start()"));
        assertThrows(IllegalArgumentException.class, () -> zo.tune(null));
    }
}
