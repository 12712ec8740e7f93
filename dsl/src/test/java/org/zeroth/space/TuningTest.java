package org.zeroth.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;
import static org.zeroth.space.SpaceTest.expect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.zeroth.Backend;
import org.zeroth.RunFailedException;
import org.zeroth.bayes.BayesianOptimization;
import org.zeroth.StopReason;
import tech.tablesaw.api.Table;

class TuningTest {
    /**
     * The small mixed problem of the convergence tests: lr ∈ [1e-4, 1] log, hidden ∈ {1 … 64}, rule of three.
     * loss = (log₁₀ lr + 2)² + ((hidden − 37)/16)² + [rule ≠ adam]: 0 at lr = 0.01, hidden = 37, adam; every
     * other rule costs 1, so a loss below 0.3 means adam with lr within 10^±0.55 of 0.01 and hidden within ±8.
     */
    static final Space MIXED = Space.of(Param.real("lr", 1e-4, 1).log(), Param.integer("hidden", 1, 64),
            Param.choice("rule", "sgd", "momentum", "adam"));

    static double mixedLoss(Params p) {
        double decades = Math.log10(p.real("lr")) + 2;
        double width = (p.integer("hidden") - 37) / 16.0;
        return decades * decades + width * width + (p.choice("rule").equals("adam") ? 0 : 1);
    }

    /** A configuration to try first (from(…)): BO and random search train it first. */
    static final Params START = MIXED.configuration("lr", 3e-3, "hidden", 7, "rule", "momentum");

    /** Six configurations only: every method soon proposes known ones. */
    static final Space TINY = Space.of(Param.integer("n", 1, 3), Param.choice("c", "a", "b"));

    static double tinyLoss(Params p) {
        return Math.abs(p.integer("n") - 2) + (p.choice("c").equals("b") ? 0 : 0.5);
    }

    /** The methods of zo.tune that run in this build, named. */
    static final Map<String, UnaryOperator<Tuning>> METHODS = Map.of(
            "random search", Tuning::randomSearch, "cma-es", Tuning::cmaes, "cbo", Tuning::cbo,
            "zo", t -> t.zo(0.2));

    @Test
    void noConfigurationIsEvaluatedTwice() {
        for (var method : METHODS.entrySet()) {
            Map<Params, Integer> calls = new ConcurrentHashMap<>();
            List<Params> order = new ArrayList<>();
            TuningRun run = method.getValue().apply(zo.tune(TINY, p -> {
                calls.merge(p, 1, Integer::sum);
                order.add(p);
                return tinyLoss(p);
            })).maxEvaluations(120).progress(false).steps(10_000);
            String m = method.getKey();
            assertEquals(120, run.evaluations(), m + ": repeated configurations count as evaluations");
            assertTrue(calls.values().stream().allMatch(c -> c == 1), m + ": " + calls);
            assertEquals(calls.size(), run.calls(), m);
            assertTrue(run.calls() <= 6, m);
            // the calls column grows exactly at the rows whose configuration is new, and shows it
            Table trace = run.trace();
            assertEquals(run.calls(), trace.longColumn("calls").getLong(trace.rowCount() - 1), m);
            assertEquals(0.0, run.bestValue(), m + " finds the optimum n = 2, c = b");
            assertEquals(TINY.configuration("n", 2, "c", "b"), run.bestParams(), m);
            assertEquals(tinyLoss(run.bestParams()), run.bestValue(), 0, m);
        }
    }

    @Test
    void parallelEvaluationsOfOneNewConfigurationMakeOneCall() {
        // CBO's 10 particles of one step are evaluated on 2 threads; in a six-configuration space most of a step's
        // particles share a configuration, so both threads often ask for the same new one at once. 40 runs.
        for (long seed = 0; seed < 40; seed++) {
            Map<Params, AtomicInteger> calls = new ConcurrentHashMap<>();
            ToDoubleFunction<Params> loss = p -> {
                calls.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
                Thread.onSpinWait();
                return tinyLoss(p);
            };
            TuningRun parallel = zo.tune(TINY, loss).cbo().parallelism(2).seed(seed).progress(false).steps(3);
            assertTrue(calls.values().stream().allMatch(c -> c.get() == 1), "seed " + seed + ": " + calls);
            TuningRun sequential = zo.tune(TINY, TuningTest::tinyLoss).cbo().seed(seed).progress(false).steps(3);
            assertEquals(sequential.trace().removeColumns("seconds").printAll(),
                    parallel.trace().removeColumns("seconds").printAll(), "seed " + seed);
        }
    }

    @Test
    void aRowsLossIsTheLossOfTheConfigurationItShows() {
        for (Tuning t : List.of(zo.tune(MIXED, TuningTest::mixedLoss).zo(0.2), zo.tune(MIXED, TuningTest::mixedLoss).cbo())) {
            boolean zoSteps = t.toString().startsWith("tuning by zo(");
            Table trace = t.seed(9).maxEvaluations(40).progress(false).steps(100).trace();
            boolean meanDiffers = false;
            for (int i = 0; i < trace.rowCount(); i++) {
                Params shown = MIXED.configuration("lr", trace.doubleColumn("lr").getDouble(i),
                        "hidden", trace.intColumn("hidden").getInt(i), "rule", trace.stringColumn("rule").get(i));
                assertEquals(mixedLoss(shown), trace.doubleColumn("loss").getDouble(i), 0, "row " + i);
                meanDiffers |= trace.doubleColumn("loss").getDouble(i) != trace.doubleColumn("value").getDouble(i);
            }
            assertEquals(zoSteps, meanDiffers, "a ZO step's value is its probes' mean; CBO's, its best particle's");
        }
    }

    @Test
    void aParallelBatchShowsEachConfigurationWithItsOwnLoss() {
        // BO's design, 6 points on 2 threads: the first point's training ends only once the third has begun, so
        // the second point's ends first. Each row must still show the configuration its loss came from.
        UnaryOperator<Tuning> bo = t -> t.bayesian(b -> b.initialPoints(6).batch(2)).seed(4).progress(false);
        List<Params> sequential = new ArrayList<>();
        bo.apply(zo.tune(MIXED, p -> {
            sequential.add(p);
            return mixedLoss(p);
        })).maxEvaluations(1).steps(100);
        AtomicInteger started = new AtomicInteger();
        java.util.concurrent.CountDownLatch third = new java.util.concurrent.CountDownLatch(1);
        TuningRun run = bo.apply(zo.tune(MIXED, p -> {
            if (started.incrementAndGet() == 3) {
                third.countDown();
            }
            if (p.equals(sequential.get(0))) {
                try {
                    assertTrue(third.await(60, java.util.concurrent.TimeUnit.SECONDS), "the third training begins");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return mixedLoss(p);
        })).parallelism(2).maxEvaluations(12).steps(100);
        Table trace = run.trace();
        assertEquals(12, trace.rowCount());
        for (int i = 0; i < trace.rowCount(); i++) {
            Params shown = MIXED.configuration("lr", trace.doubleColumn("lr").getDouble(i),
                    "hidden", trace.intColumn("hidden").getInt(i), "rule", trace.stringColumn("rule").get(i));
            assertEquals(trace.doubleColumn("value").getDouble(i), trace.doubleColumn("loss").getDouble(i), 0,
                    "row " + i);
            assertEquals(mixedLoss(shown), trace.doubleColumn("loss").getDouble(i), 0, "row " + i);
        }
    }

    @Test
    void aBatchWhoseTrainingsEndInAnyOrderMakesTheSequentialTrace() {
        // Few distinct losses, so that batches hold configurations of one loss, and six configurations, so that
        // they hold one new configuration twice. A backend that evaluates each batch last point first makes every
        // training end in the reverse of the batch's order; each row must still show its configuration and calls
        // as the sequential run does (the log was paired with the rows by loss: tied rows swapped, and the later
        // of a repeated configuration counted as its training). Then on 3 threads, ending as they happen to.
        Space space = Space.of(Param.real("x", 0, 1), Param.integer("k", 1, 4), Param.choice("c", "a", "b", "z"));
        Map<String, Tuning> tunings = new TreeMap<>(Map.of("ties", zo.tune(space, p -> Math.abs(Math.round(
                p.real("x") * 4) / 4.0 - 0.25) + Math.abs(p.integer("k") - 2) + (p.choice("c").equals("z") ? 0 : 0.5)),
                "six configurations", zo.tune(TINY, TuningTest::tinyLoss)));
        Backend lastFirst = (f, points) -> {
            double[] values = new double[points.size()];
            for (int i = points.size() - 1; i >= 0; i--) {
                values[i] = f.value(points.get(i));
            }
            return values;
        };
        UnaryOperator<BayesianOptimization> batches = b -> b.batch(3).initialPoints(6);
        for (long seed = 1; seed <= 4; seed++) {
            for (var tuning : tunings.entrySet()) {
                Tuning t = tuning.getValue().seed(seed).progress(false);
                String m = tuning.getKey() + ", seed " + seed;
                String sequential = t.bayesian(batches).steps(4).trace().removeColumns("seconds").printAll();
                assertEquals(sequential, t.bayesian(b -> batches.apply(b).on(lastFirst)).steps(4).trace()
                        .removeColumns("seconds").printAll(), m + ", last first");
                assertEquals(sequential, t.bayesian(batches).parallelism(3).steps(4).trace().removeColumns("seconds")
                        .printAll(), m + ", on 3 threads");
            }
        }
    }

    @Test
    void aRepeatedConfigurationsFirstRowIsItsTrainingWhicheverEntryIsLoggedFirst() {
        // On threads, the evaluation that waited for a configuration's training can log before the training: here
        // each batch's log reversed (BO's design of 6, then batches of 3), in six configurations, where batches
        // repeat new ones. The trace must be the log's in order: calls grow at a configuration's first row.
        double[] ones = new double[TINY.dimension()];
        java.util.Arrays.fill(ones, 1);
        for (long seed = 1; seed <= 4; seed++) {
            CubeObjective cube = new CubeObjective(TINY, TuningTest::tinyLoss, new double[TINY.dimension()]);
            org.zeroth.Run run = zo.bayesian(cube).within(new double[TINY.dimension()], ones).batch(3)
                    .initialPoints(6).seed(seed).progress(false).steps(4);
            List<CubeObjective.Entry> log = cube.log();
            List<CubeObjective.Entry> reversed = new ArrayList<>();
            for (int from = 0; from < log.size(); from += from == 0 ? 6 : 3) {
                List<CubeObjective.Entry> batch = new ArrayList<>(log.subList(from, from == 0 ? 6 : from + 3));
                java.util.Collections.reverse(batch);
                reversed.addAll(batch);
            }
            assertEquals(TuningRun.of(run, TINY, log).trace().printAll(),
                    TuningRun.of(run, TINY, reversed).trace().printAll(), "seed " + seed);
        }
    }

    @Test
    void aRunWithoutConfigurationsSaysWhyItHasNoBest() {
        var tooSmall = assertThrows(IllegalStateException.class, () -> zo.tune(MIXED, TuningTest::mixedLoss).cbo()
                .maxEvaluations(5).progress(false).steps(10).bestParams());
        assertTrue(tooSmall.getMessage().contains("its budget, maxEvaluations(5), is less than one step of cbo costs"
                + " (1 iteration of the swarm: 10 evaluations)"), tooSmall.getMessage());
        var none = assertThrows(IllegalStateException.class, () -> zo.tune(MIXED, TuningTest::mixedLoss).cbo()
                .progress(false).steps(0).bestParams());
        assertTrue(none.getMessage().contains("steps(n) with n ≥ 1"), none.getMessage());
    }

    @Test
    void traceRowsShowTheEvaluatedConfigurations() {
        List<Params> called = new ArrayList<>();
        TuningRun run = zo.tune(MIXED, p -> {
            called.add(p);
            return mixedLoss(p);
        }).randomSearch().seed(3).progress(false).steps(40);
        Table trace = run.trace();
        assertEquals(40, trace.rowCount());
        assertTrue(trace.columnNames().containsAll(List.of("lr", "hidden", "rule", "calls")), trace.columnNames()::toString);
        assertEquals(40, called.size(), "forty continuous draws give forty distinct configurations");
        for (int i = 0; i < 40; i++) {
            Params p = called.get(i);
            assertEquals(p.real("lr"), trace.doubleColumn("lr").getDouble(i), 0, "row " + i);
            assertEquals(p.integer("hidden"), trace.intColumn("hidden").getInt(i), "row " + i);
            assertEquals(p.choice("rule"), trace.stringColumn("rule").get(i), "row " + i);
            assertEquals(mixedLoss(p), trace.doubleColumn("value").getDouble(i), 0, "row " + i);
        }
        assertEquals(mixedLoss(run.bestParams()), run.bestValue(), 0);
        assertTrue(run.config().get("space").toString().contains("hidden ∈ {1 … 64}"));
        assertTrue(run.toString().contains("best params: " + run.bestParams()), run::toString);
        var bundle = org.zeroth.view.Views.bundle(run);
        for (String mime : List.of(org.zeroth.view.MimeBundle.TEXT, org.zeroth.view.MimeBundle.HTML)) {
            String shown = String.valueOf(bundle.get(mime));
            assertTrue(shown.contains("best params: " + run.bestParams()), mime + ": " + shown);
            assertTrue(shown.contains("hidden") && shown.contains("rule"), mime + " shows the parameter columns");
        }
    }

    @Test
    void everyMethodConvergesOnTheMixedProblem() {
        // Budget 200 evaluations, seed 1 each; below 0.1 needs adam, lr within 10^±0.32 of 0.01 and hidden within
        // ±5 of 37 (see MIXED). Measured: random search 0.026, CMA-ES 5e-7, CBO 0.017, zo(0.2) 0.0041.
        for (var method : METHODS.entrySet()) {
            AtomicInteger calls = new AtomicInteger();
            TuningRun run = method.getValue().apply(zo.tune(MIXED, p -> {
                calls.incrementAndGet();
                return mixedLoss(p);
            })).seed(1).maxEvaluations(200).progress(false).steps(100_000);
            assertTrue(run.evaluations() <= 200, method.getKey());
            assertEquals(calls.get(), run.calls(), method.getKey());
            assertTrue(run.bestValue() < 0.1, method.getKey() + ": " + run);
            assertEquals("adam", run.bestParams().choice("rule"), method.getKey());
        }
    }

    @Test
    void bayesianIsTheDefaultConvergesAndNeverTrainsTwice() {
        // Budget 40 evaluations (12 of them the Latin hypercube design), seed 1: below 0.01, i.e. adam, lr within
        // 10^±0.1 of 0.01 and hidden within ±1 of 37 (random search had 0.026 after 200). Measured: 4.8e-6.
        AtomicInteger calls = new AtomicInteger();
        TuningRun run = zo.tune(MIXED, p -> {
            calls.incrementAndGet();
            return mixedLoss(p);
        }).seed(1).maxEvaluations(40).progress(false).steps(1000);
        assertEquals("bayesian", run.method(), "bayesian() is the default method");
        assertEquals(40, run.evaluations());
        assertEquals(calls.get(), run.calls());
        assertTrue(run.bestValue() < 0.01, run::toString);
        assertEquals(mixedLoss(run.bestParams()), run.bestValue(), 0);

        // six configurations: after its 4-point design BO proposes known ones (measured: 5 trainings for 25)
        Map<Params, Integer> tiny = new ConcurrentHashMap<>();
        TuningRun small = zo.tune(TINY, p -> {
            tiny.merge(p, 1, Integer::sum);
            return tinyLoss(p);
        }).bayesian(b -> b.initialPoints(4)).seed(2).maxEvaluations(25).progress(false).steps(1000);
        assertTrue(tiny.values().stream().allMatch(c -> c == 1), tiny::toString);
        assertEquals(tiny.size(), small.calls());
        assertEquals(4, small.config().get("initialPoints"), "options reach the BO builder");
        assertEquals(0.0, small.bestValue());

        Tuning again = zo.tune(MIXED, TuningTest::mixedLoss).maxEvaluations(16).progress(false);
        assertEquals(again.seed(3).steps(100).trace().removeColumns("seconds").printAll(),
                again.seed(3).steps(100).trace().removeColumns("seconds").printAll(), "same seed, same BO run");
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        for (var method : METHODS.entrySet()) {
            Tuning tuning = method.getValue().apply(zo.tune(MIXED, TuningTest::mixedLoss)).maxEvaluations(30)
                    .progress(false);
            Table a = tuning.seed(4).steps(1000).trace().removeColumns("seconds");
            Table b = tuning.seed(4).steps(1000).trace().removeColumns("seconds");
            Table c = tuning.seed(5).steps(1000).trace().removeColumns("seconds");
            assertEquals(a.printAll(), b.printAll(), method.getKey());
            assertNotEquals(a.printAll(), c.printAll(), method.getKey());
        }
    }

    @Test
    void optionsReachTheMethodAndTheStartIsAConfiguration() {
        Params start = MIXED.configuration("lr", 1e-3, "hidden", 10, "rule", "sgd");
        List<Params> called = new ArrayList<>();
        TuningRun run = zo.tune(MIXED, p -> {
            called.add(p);
            return mixedLoss(p);
        }).cmaes(c -> c.populationSize(12)).from(start).stopAt(0.5).progress(false).steps(500);
        assertEquals(12, run.config().get("lambda"));
        assertEquals(StopReason.TARGET_REACHED, run.stopReason());
        assertTrue(run.bestValue() <= 0.5);
        TuningRun zoRun = zo.tune(MIXED, p -> {
            called.add(p);
            return mixedLoss(p);
        }).zo(0.1, m -> m.sgd(0.01)).from(start).progress(false).steps(1);
        assertEquals(0.1, zoRun.config().get("h"));
        assertEquals("zo-sgd", zoRun.method());
    }

    @Test
    void optionsThatChangeTheTuningsOwnSettingsAreRefused() {
        // Applied after the tuning's settings, they won silently: randomSearch(r -> r.seed(99)).seed(1) ran seed 99,
        // and bayesian(b -> b.within(-3, 3)) searched [-3, 3]^d, whose clamped decoding repeats the cube's edges.
        AtomicInteger calls = new AtomicInteger();
        Tuning t = zo.tune(MIXED, p -> {
            calls.incrementAndGet();
            return mixedLoss(p);
        }).seed(1).progress(false);
        expect(() -> t.randomSearch(r -> r.seed(99)).steps(5), "the options of randomSearch() change the tuning's"
                + " own settings: set the seed on the tuning: zo.tune(space, loss).seed(99)");
        expect(() -> t.bayesian(b -> b.within(-3, 3)).steps(5), "drop within(…): every method searches the unit"
                + " cube of the space (bounds [-3.0, 3.0] per coordinate instead of [0.0, 1.0]^5)");
        expect(() -> t.cbo(c -> c.maxEvaluations(20)).steps(5), "zo.tune(space, loss).maxEvaluations(20)");
        expect(() -> t.zo(0.2, m -> m.stopAt(0.1)).steps(5), "zo.tune(space, loss).stopAt(0.1)");
        expect(() -> t.randomSearch(r -> r.timeLimit(java.time.Duration.ofSeconds(5))).steps(5),
                "zo.tune(space, loss).timeLimit(Duration.parse(\"PT5S\"))");
        expect(() -> t.cmaes(c -> c.from(0.1, 0.2, 0.3, 0.4, 0.5)).steps(5),
                "set the start on the tuning as a configuration: zo.tune(space, loss).from(space.configuration(…))");
        expect(() -> t.randomSearch(r -> r.seed(2).maxEvaluations(3)).steps(5), "seed(2); set the budget");
        expect(() -> zo.tune(MIXED).randomSearch(r -> r.seed(99)).start(), "zo.tune(space, loss).seed(99)");
        assertEquals(0, calls.get(), "refused before any training");
        // The same values as the tuning's change nothing: not refused.
        assertEquals(5, t.randomSearch(r -> r.seed(1)).steps(5).evaluations());
    }

    @Test
    void anInterruptedTuningKeepsItsConfigurationsSoFar() {
        for (var method : METHODS.entrySet()) {
            AtomicInteger calls = new AtomicInteger();
            TuningRun run = method.getValue().apply(zo.tune(MIXED, p -> {
                if (calls.incrementAndGet() == 25) {
                    Thread.currentThread().interrupt();
                }
                return mixedLoss(p);
            })).progress(false).steps(1_000_000);
            boolean flag = Thread.interrupted(); // clears it for the next method
            assertEquals(StopReason.INTERRUPTED, run.stopReason(), method.getKey());
            assertTrue(flag, method.getKey() + ": the flag stays set for the code after the run");
            assertEquals(calls.get(), run.calls(), method.getKey());
            assertEquals(mixedLoss(run.bestParams()), run.bestValue(), 0, method.getKey());
        }
    }

    @Test
    void badTuningInputSaysWhatToChange() {
        expect(() -> zo.tune(null, TuningTest::mixedLoss), "the space is null");
        expect(() -> zo.tune(MIXED, null), "the loss is null");
        Tuning t = zo.tune(MIXED, TuningTest::mixedLoss).progress(false);
        expect(() -> t.zo(0), "zo(h): the smoothing radius h is in cube units and must be in (0, 1], got 0.0");
        expect(() -> t.zo(2), "must be in (0, 1], got 2.0");
        expect(() -> t.maxEvaluations(0), "maxEvaluations(n) needs n ≥ 1");
        expect(() -> t.parallelism(0), "parallelism(k) needs k ≥ 1");
        expect(() -> t.stopAt(Double.NaN), "target is NaN");
        expect(() -> t.steps(-1), "steps(n) needs n ≥ 0");
        expect(() -> t.randomSearch().parallelism(2).steps(5), "randomSearch() evaluates one configuration at a time,"
                + " so parallelism(2) cannot apply; use bayesian(b -> b.batch(k)), cbo() or zo(h)");
        expect(() -> t.cmaes(c -> null).steps(5), "the options function returned null");
        expect(() -> t.from(TINY.configuration("n", 1, "c", "a")), "encode(p) needs a configuration of this space");
        RunFailedException nan = assertThrows(RunFailedException.class,
                () -> zo.tune(MIXED, p -> p.integer("hidden") > 0 ? Double.NaN : 0).randomSearch().progress(false)
                        .steps(3));
        assertTrue(nan.getMessage().contains("the loss returned NaN for {lr="), nan::getMessage);
        assertTrue(nan.getMessage().contains("return a large finite loss for a failed training"), nan::getMessage);
        RunFailedException threw = assertThrows(RunFailedException.class,
                () -> zo.tune(MIXED, p -> {
                    throw new IllegalStateException("CUDA out of memory");
                }).randomSearch().seed(1).progress(false).steps(3));
        assertTrue(threw.getMessage().startsWith("the objective threw java.lang.IllegalStateException: CUDA out of"
                + " memory at evaluation 1 (configuration {lr="), "named by its configuration: " + threw.getMessage());
        TuningRun sofar = (TuningRun) nan.run();
        assertEquals(StopReason.FAILED, sofar.stopReason());
        assertEquals(0, sofar.calls(), "the failed call is not a training to reuse");
    }
}
