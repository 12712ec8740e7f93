package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.zeroth.tensor.Tensors;

/**
 * Every method, interrupted however the interrupt reaches it, returns its partial Run with stop reason INTERRUPTED,
 * never evaluates outside within(), and leaves the thread's interrupt flag set for the code after it.
 */
class InterruptTest {
    private static final int AT = 7; // the evaluation in which the interrupt lands

    static Stream<String> methods() {
        return EveryMethod.runs().keySet().stream();
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
        Interrupts.clearMark();
    }

    /** The points f was called at, in order; {@code atCall} runs inside the call number AT. */
    private static Objective recording(List<double[]> points, Runnable atCall) {
        return x -> {
            points.add(Tensors.toArray(x));
            if (points.size() == AT) {
                atCall.run();
            }
            return x.mul(x).sumNumber().doubleValue() + 1;
        };
    }

    private static void check(String method, List<double[]> points, Run run) {
        assertEquals(StopReason.INTERRUPTED, run.stopReason(), run::toString);
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag is set after the run");
        if (!method.equals("ranking")) { // its monitor at the iterate is outside the oracle (issue 17 item 2)
            assertEquals(AT, run.evaluations(), "the run stops at the evaluation the interrupt landed in");
            assertEquals(AT, points.size(), "no evaluation after the interrupt");
        }
        var traced = run.trace().longColumn("evaluations");
        assertTrue(traced.isEmpty() || traced.getLong(traced.size() - 1) <= run.evaluations(),
                "the partial trace is kept");
        if (EveryMethod.bounded(method)) {
            for (double[] p : points) {
                for (double v : p) {
                    assertTrue(v >= EveryMethod.LO && v <= EveryMethod.HI, () -> method + " evaluated outside within()");
                }
            }
        }
        assertSame(run, zo.lastRun(), "lastRun() is the run");
    }

    private static Run run(String method, Objective f) {
        Function<Objective, Run> runs = EveryMethod.runs().get(method);
        return runs.apply(f);
    }

    @ParameterizedTest
    @MethodSource("methods")
    void anObjectiveThatInterruptsItselfEndsTheRunWithWhatItHas(String method) {
        List<double[]> points = new ArrayList<>();
        Run run = run(method, recording(points, () -> Thread.currentThread().interrupt()));
        check(method, points, run);
        // A mini-batch's values are not f, so such a run has no best f: its trace keeps what it observed.
        double best = method.endsWith("miniBatch") ? run.trace().doubleColumn("value").min() : run.bestValue();
        assertTrue(best >= 1 && best < 2, run::toString);
    }

    @ParameterizedTest
    @MethodSource("methods")
    void anInterruptedExceptionInABlockingObjectiveIsAnInterrupt(String method) {
        List<double[]> points = new ArrayList<>();
        Run run = run(method, recording(points, () -> {
            Thread.currentThread().interrupt();
            try {
                Thread.sleep(10_000); // throws at once: the flag is set (and cleared by the throw)
            } catch (InterruptedException e) {
                throw new IllegalStateException("sleep interrupted", e);
            }
        }));
        assertEquals(StopReason.INTERRUPTED, run.stopReason(), run::toString);
        assertEquals(null, run.failure());
        assertTrue(Thread.currentThread().isInterrupted(), "the flag is set again for the code after the run");
        if (!method.equals("ranking")) {
            assertEquals(AT - 1, run.evaluations(), "the interrupted evaluation gave no value");
        }
    }

    @ParameterizedTest
    @MethodSource("methods")
    void anInterruptWhoseFlagALibraryClearedStillStopsTheRun(String method) {
        List<double[]> points = new ArrayList<>();
        Run run = run(method, recording(points, () -> {
            Interrupts.interrupt(Thread.currentThread()); // as the kernel does
            Thread.interrupted(); // as Tablesaw's first table, or native code, did
        }));
        assertEquals(StopReason.INTERRUPTED, run.stopReason(), run::toString);
        if (!method.equals("ranking")) {
            assertEquals(AT, run.evaluations());
        }
    }

    @ParameterizedTest
    @MethodSource("methods")
    void anErrorThrownIntoTheObjectiveByAnInterruptIsAnInterrupt(String method) {
        // The kernel stops cell code that ignores the flag by throwing an Error from it (its CellInterrupted).
        List<double[]> points = new ArrayList<>();
        Run run = run(method, recording(points, () -> {
            Interrupts.interrupt(Thread.currentThread());
            throw new StopCellError();
        }));
        assertEquals(StopReason.INTERRUPTED, run.stopReason(), run::toString);
    }

    @Test
    void anErrorWithoutAnInterruptIsNotTurnedIntoOne() {
        List<double[]> points = new ArrayList<>();
        assertThrows(StopCellError.class, () -> run("zo.minimize", recording(points, () -> {
            throw new StopCellError();
        })));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void anExceptionWithoutAnInterruptFailsTheRunAndIsTheLastRun() {
        List<double[]> points = new ArrayList<>();
        RunFailedException e = assertThrows(RunFailedException.class, () -> run("zo.minimize",
                recording(points, () -> {
                    throw new IllegalStateException("broken");
                })));
        assertEquals(StopReason.FAILED, e.run().stopReason());
        assertSame(e.run(), zo.lastRun(), "lastRun() keeps the failed run");
        assertEquals(AT, e.run().evaluations(), "the call that threw is counted, as a NaN's is");
    }

    @Test
    void anObserverInterruptedWhileShowingTheEndDoesNotLoseTheRun() {
        RunObserver showing = new RunObserver() {
            @Override
            public void stepped(Progress progress) {
            }

            @Override
            public void finished(Run run) {
                Interrupts.interrupt(Thread.currentThread());
                throw new StopCellError();
            }
        };
        Run run = zo.minimize(x -> x.getDouble(0)).from(1.0).progress(false).observe(showing).steps(5);
        assertEquals(StopReason.STEPS, run.stopReason());
        assertSame(run, zo.lastRun());
    }

    /**
     * A loop of runs that the kernel interrupts (the interrupt lands in the second run) ends there, as a Python loop
     * ends at Ctrl-C: the interrupted run is kept and the next one does not start. Before, the loop went on making
     * runs of 0 steps, and zo.lastRun() held the last of them.
     */
    @Test
    void aLoopOfRunsEndsAtTheRunAnInterruptCut() {
        long[] calls = {0};
        Objective f = x -> {
            if (++calls[0] == 30 + AT) { // in the second run: the first makes 30 evaluations
                Interrupts.interrupt(Thread.currentThread());
            }
            return x.getDouble(0) * x.getDouble(0);
        };
        List<Run> made = new ArrayList<>();
        var notStarted = assertThrows(Interrupts.NotStarted.class, () -> {
            for (int i = 0; i < 100; i++) {
                made.add(zo.nelderMead(f).from(1.0 + i, 2.0).progress(false).steps(30));
            }
        });
        assertEquals(2, made.size(), "the complete run and the interrupted one");
        assertEquals(List.of(StopReason.STEPS, StopReason.INTERRUPTED), made.stream().map(Run::stopReason).toList());
        assertEquals(AT, made.get(1).evaluations());
        assertSame(made.get(1), zo.lastRun(), "lastRun() is the interrupted run");
        assertEquals(30 + AT, calls[0], "nothing evaluated after the interrupt");
        assertEquals("the thread was interrupted, so this nelder-mead run did not start (an interrupt ends the cell or"
                + " loop it lands in; a run it stopped returned its partial Run, which zo.lastRun() holds)",
                notStarted.getMessage());
    }

    @Test
    void aPlainInterruptFlagStillGivesAnInterruptedRun() {
        Thread.currentThread().interrupt(); // not the kernel's mark: code that checks runs, not loops
        Run run = zo.nelderMead(x -> x.getDouble(0)).from(1.0).progress(false).steps(30);
        assertEquals(StopReason.INTERRUPTED, run.stopReason());
        assertEquals(0, run.evaluations());
    }

    @Test
    void anInterruptedRepetitionKeepsItsRunsAndSaysWhichWasCut() {
        long[] calls = {0};
        Repeats cut = zo.repeat(10, seed -> zo.cmaes(x -> {
            if (++calls[0] == 2 * 40 + AT) { // seeds 0 and 1 make 40 evaluations each
                Interrupts.interrupt(Thread.currentThread());
            }
            return x.getDouble(0) * x.getDouble(0) + x.getDouble(1) * x.getDouble(1);
        }).from(1.0, 2.0).seed(seed).progress(false).steps(40));
        assertEquals(3, cut.runs().size());
        assertEquals(StopReason.INTERRUPTED, cut.runs().get(2).stopReason());
        assertTrue(cut.warning() != null && cut.warning().contains("interrupted in the run of seed 2 after " + AT
                + " steps; the summary mixes that cut-short run with 2 complete runs"), cut::toString);
        clearInterrupt();
        // Interrupted between two runs: the next run does not start, and the repetition keeps the runs it made.
        Repeats between = zo.repeat(10, seed -> {
            Run run = zo.nelderMead(x -> x.getDouble(0)).from(1.0).seed(seed).progress(false).steps(5);
            if (seed == 1) {
                Interrupts.interrupt(Thread.currentThread());
            }
            return run;
        });
        assertEquals(2, between.runs().size());
    }

    /** Stands for the kernel's CellInterrupted: an Error, so that catch (Exception e) lets it pass. */
    private static final class StopCellError extends Error {
    }
}
