package org.zeroth.kernel.exec;

import java.util.concurrent.TimeUnit;

/**
 * The user's interrupt of a running cell, in steps, each only if the work it is aimed at still runs:
 * {@code Thread.interrupt} (cooperative code ends with what it has), after 0.5 s the stop checks in cell code (an
 * endless loop ends here, on every JDK), after another 1.5 s {@code Thread.stop} where the JDK still has it. No second
 * interrupt: code that is finishing up after the first one (a DSL run building its partial Run) must not be disturbed.
 * <p>
 * The steps follow the work the interrupt found, never the work after it (the value of the run it interrupted, being
 * shown). An interrupt that finds the cell between works — JShell compiling the next snippet, the value about to be
 * shown — follows the work that takes it when that starts: a loop whose compilation it met stops as any other.
 */
public final class Escalation {
    /** How long {@link #forceStop} waits for a static initializer on the cell's thread to end. */
    static final long INITIALIZER_WAIT_SECONDS = 10;
    /** How long an interrupt that found the cell between works waits for the next one (a snippet's compilation). */
    static final long NEXT_WORK_WAIT_SECONDS = 10;

    private Escalation() {
    }

    /**
     * Interrupts the cell {@code runner} runs, in the steps above; returns when the work ended or the steps are
     * spent. Whether the work ended (true if there was none): false means it is inside library code that ignores
     * interrupts and this JDK cannot stop.
     */
    public static boolean interrupt(CellRunner runner) throws InterruptedException {
        Thread work = runner.interruptCooperatively();
        if (work == null) {
            work = runner.awaitInterruptTaken(NEXT_WORK_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        if (work == null || awaitEnd(work, 500, TimeUnit.MILLISECONDS)) {
            return true;
        }
        runner.requestStop(work);
        if (awaitEnd(work, 1500, TimeUnit.MILLISECONDS)) {
            return true;
        }
        return forceStop(runner, work) && awaitEnd(work, 2, TimeUnit.SECONDS);
    }

    /** Waits up to {@code timeout} for {@code work} to end; whether it has. */
    static boolean awaitEnd(Thread work, long timeout, TimeUnit unit) throws InterruptedException {
        work.join(Math.max(1, unit.toMillis(timeout)));
        return !work.isAlive();
    }

    /**
     * Last resort, JDK < 20 only: {@code Thread.stop} of {@code work} if it is still the cell's, which also reaches
     * loops inside library code. Never inside a static initializer: its class would fail for the rest of the session
     * (Tablesaw's Table, first touched by a run being interrupted, broke every later run). It waits up to
     * {@link #INITIALIZER_WAIT_SECONDS} for the initializer to end, and once out gives the cooperative interrupt
     * another chance before stopping.
     */
    static boolean forceStop(CellRunner runner, Thread work) throws InterruptedException {
        if (work == null || runner.running() != work || Runtime.version().feature() >= 20) {
            return false;
        }
        if (inInitializer(work)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(INITIALIZER_WAIT_SECONDS);
            while (inInitializer(work) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (inInitializer(work)) {
                return false;
            }
            if (awaitEnd(work, 500, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return stopNow(work);
    }

    /** {@code Thread.stop} at once, where the JDK still has it; whether it was sent. */
    @SuppressWarnings({"deprecation", "removal"})
    static boolean stopNow(Thread t) {
        if (t == null || Runtime.version().feature() >= 20) {
            return false;
        }
        try {
            t.stop();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean inInitializer(Thread t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if ("<clinit>".equals(frame.getMethodName())) {
                return true;
            }
        }
        return false;
    }
}
