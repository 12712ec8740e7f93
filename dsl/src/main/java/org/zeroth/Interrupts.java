package org.zeroth;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * How a run knows it was interrupted. The thread's interrupt flag is easy to lose: library code clears it (the
 * first Tablesaw table of a JVM does, so can native code and code that catches InterruptedException), and an
 * objective that blocks gets an InterruptedException instead. So a run asks {@link #requested()}, which also sees
 * a mark that {@link #interrupt(Thread)} leaves and nothing clears (the kernel interrupts cells this way), and
 * treats an InterruptedException in the objective, or any throwable while an interrupt is pending, as an interrupt.
 */
public final class Interrupts {
    private static final Set<Thread> MARKED = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));
    private static volatile boolean anyMarked;

    private Interrupts() {
    }

    /** Interrupts {@code thread} so that a run on it stops even if some library clears its interrupt flag. */
    public static void interrupt(Thread thread) {
        MARKED.add(thread);
        anyMarked = true;
        thread.interrupt();
    }

    /** Forgets the mark {@link #interrupt} left on the current thread (the interrupt flag is left as it is). */
    public static void clearMark() {
        MARKED.remove(Thread.currentThread());
    }

    /**
     * Refuses to start a run on a thread that {@link #interrupt(Thread)} interrupted: the interrupted run returned
     * its partial Run, and the loop or cell around it must end there rather than make empty runs until it ends
     * (as in IPython, where the interrupt leaves the loop). A plain interrupt flag gives an INTERRUPTED run instead.
     */
    static void checkNotInterrupted(String method) {
        if (anyMarked && MARKED.contains(Thread.currentThread())) {
            throw new NotStarted(method);
        }
    }

    /**
     * Work that was interrupted and has no partial result to return (an exercise check, an estimator analysis): the
     * message says what was cut. The thread's interrupt flag is set when it is thrown; the kernel shows it as an
     * interrupt.
     */
    public static class Interrupted extends java.util.concurrent.CancellationException {
        public Interrupted(String message) {
            super(message);
        }
    }

    /** A run that did not start because its thread had been interrupted (by the kernel, or by {@link #interrupt}). */
    public static final class NotStarted extends Interrupted {
        NotStarted(String method) {
            // No claim that a run was interrupted: the interrupt may have landed before any run (ND4J's start-up).
            super("the thread was interrupted, so this " + method + " run did not start (an interrupt ends the cell or"
                    + " loop it lands in; a run it stopped returned its partial Run, which zo.lastRun() holds)");
        }
    }

    /** Whether the current thread was interrupted: its flag, or a mark left by {@link #interrupt(Thread)}. */
    public static boolean requested() {
        Thread current = Thread.currentThread();
        return current.isInterrupted() || anyMarked && MARKED.contains(current);
    }

    /**
     * Whether {@code t}, thrown while a run was going, means the run was interrupted: an interrupt is pending, or
     * an InterruptedException (or an I/O interrupt) is among its causes. Then the flag is set again, so the code
     * after the run sees the interrupt too.
     */
    public static boolean caused(Throwable t) {
        boolean interrupted = requested();
        for (Throwable c = t; c != null && !interrupted; c = c.getCause() == c ? null : c.getCause()) {
            interrupted = c instanceof InterruptedException || c instanceof ClosedByInterruptException
                    || c instanceof InterruptedIOException && !(c instanceof SocketTimeoutException);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return interrupted;
    }

    /** Runs library code that may clear the interrupt flag, and sets it again if it was set before. */
    public static <T> T keepingFlag(Supplier<T> call) {
        boolean interrupted = Thread.currentThread().isInterrupted();
        try {
            return call.get();
        } finally {
            if (interrupted && !Thread.currentThread().isInterrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Code that may throw a checked exception E. */
    @FunctionalInterface
    public interface Action<E extends Exception> {
        void run() throws E;
    }

    /**
     * Runs {@code action} with the thread's interrupt held back (the flag cleared, then set again): for work that
     * must finish once started, such as writing a checkpoint whole or dropping replicas on a cluster, which an
     * interruptible channel or a Spark job would abandon at once.
     */
    public static <E extends Exception> void holdingBack(Action<E> action) throws E {
        boolean interrupted = Thread.interrupted();
        try {
            action.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void keepingFlag(Runnable call) {
        keepingFlag(() -> {
            call.run();
            return null;
        });
    }
}
