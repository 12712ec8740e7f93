package org.zeroth.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jshell.spi.ExecutionControl;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * An interrupt's escalation stops what it found running, never the cell work after it (the rendering of the value
 * of the run it interrupted: seen stopped under load), and Thread.stop (JDK < 20) never lands inside a static
 * initializer: the class would fail for the rest of the session (seen: a run interrupted while it first touched
 * Tablesaw's Table broke every later run). An interrupt that finds no work running (a snippet being compiled) follows
 * the work that starts next: a loop whose compilation it met needed a second interrupt.
 */
class EscalationTest {
    static final CountDownLatch INITIALIZING = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** A library class whose initializer takes long (Table's scans the class path). */
    static final class SlowToInitialize {
        static final int VALUE;

        static {
            INITIALIZING.countDown();
            boolean released = false;
            while (!released) {
                try {
                    RELEASE.await();
                    released = true;
                } catch (InterruptedException e) {
                    // library code that ignores interrupts
                }
            }
            VALUE = 42;
        }
    }

    /** The cell: touches the class, then spins in code that ignores interrupts. */
    public static Object cell() {
        int value = SlowToInitialize.VALUE;
        while (value == SlowToInitialize.VALUE) {
            Thread.onSpinWait();
        }
        return value;
    }

    @Test
    void aForcedStopWaitsForAStaticInitializerToEnd() throws Exception {
        assumeTrue(Runtime.version().feature() < 20, "Thread.stop works before JDK 20 only");
        CellRunner runner = new CellRunner();
        Method cell = EscalationTest.class.getMethod("cell");
        FutureTask<Throwable> running = new FutureTask<>(() -> {
            try {
                runner.invoke(cell);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        new Thread(running).start();
        INITIALIZING.await();
        Thread cellThread = runner.running();
        FutureTask<Boolean> stopping = new FutureTask<>(() -> Escalation.forceStop(runner, cellThread));
        Thread stopper = new Thread(stopping);
        stopper.start();
        // The stop either waits (sleeping between looks at the cell's stack) or has already struck.
        while (stopper.isAlive() && stopper.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        RELEASE.countDown();
        assertTrue(stopping.get(), "the spinning cell is stopped once out of the initializer");
        assertInstanceOf(ExecutionControl.StoppedException.class, running.get());
        assertEquals(42, SlowToInitialize.VALUE, "the class initialised: later cells can use it");
    }

    @Test
    void stopsAimedAtEndedWorkDoNotReachTheWorkAfterIt() throws Exception {
        CellRunner runner = new CellRunner();
        CountDownLatch ending = new CountDownLatch(1);
        FutureTask<CellRunner.Result> first = new FutureTask<>(() -> runner.runAsCell(() -> {
            ending.await();
            return "the interrupted run";
        }));
        new Thread(first).start();
        Thread found = null;
        while (found == null) {
            found = runner.running(); // what an interrupt arriving now finds
        }
        ending.countDown();
        assertEquals("the interrupted run", first.get().value());
        AtomicInteger checks = new AtomicInteger();
        AtomicBoolean shown = new AtomicBoolean();
        FutureTask<CellRunner.Result> rendering = new FutureTask<>(() -> runner.runAsCell(() -> {
            while (!shown.get()) {
                CellControl.check(); // what instrumented cell code (a toString) does in its loops
                checks.incrementAndGet();
            }
            return "shown";
        }));
        new Thread(rendering).start();
        while (checks.get() == 0) {
            Thread.onSpinWait();
        }
        runner.requestStop(found); // the escalation goes on for the work it found
        assertEquals(false, Escalation.forceStop(runner, found));
        int at = checks.get();
        while (checks.get() < at + 2 && !rendering.isDone()) { // a check after the stop request, or its end
            Thread.onSpinWait();
        }
        shown.set(true);
        CellRunner.Result result = rendering.get();
        assertEquals("shown", result.value(), String.valueOf(result.failure()));
    }

    /** Repeated: a lost hand-over between the interrupt and the work it waits for would show as a loop not stopped. */
    @RepeatedTest(10)
    void anInterruptBetweenWorksFollowsTheWorkThatTakesIt() throws Exception {
        CellRunner runner = new CellRunner();
        runner.cellStarted(); // the cell's first snippet is being compiled: no work runs yet
        FutureTask<Boolean> interrupting = new FutureTask<>(() -> Escalation.interrupt(runner));
        Thread interrupt = new Thread(interrupting);
        interrupt.start();
        while (interrupt.isAlive() && interrupt.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait(); // waiting for the next work (or, wrongly, already gone)
        }
        // A loop that ignores interrupts, as an instrumented `while (true) {}`: only a stop request ends it.
        CellRunner.Result result = runner.runAsCell(() -> {
            while (!interrupting.isDone()) {
                CellControl.check();
            }
            return "ran on after the interrupt";
        });
        runner.cellEnded();
        assertTrue(result.failure() != null && CellRunner.isStop(result.failure()),
                "the loop was stopped, not: " + result);
        assertTrue(interrupting.get(), "the interrupt saw its work end");
    }
}
