package org.zeroth.kernel;

import org.zeroth.kernel.exec.CellRunner;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The Java session, started in the background so that the kernel answers at once. A cell sent before it is ready
 * waits for it; an interrupt that lands meanwhile is that cell's: it ends the cell before its first line, as an
 * interrupt of a running cell ends it before its next one. A cell counts from its arrival, so an interrupt sent
 * once the client has seen it start (its execute_input) is never lost.
 */
final class StartingSession {
    private final CompletableFuture<JavaSession> session = new CompletableFuture<>();
    private boolean cellWaiting; // guarded by this
    private boolean interrupted; // guarded by this: the user interrupted the cell that has not started

    /** Starts JShell with the preload ({@link Preload}) on a thread of its own. */
    void start() {
        Thread starter = new Thread(this::startNow, "zeroth-session-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startNow() {
        long start = System.nanoTime();
        try {
            JavaSession s = new JavaSession(new CellRunner());
            long created = System.nanoTime();
            for (String line : Preload.IMPORTS) {
                String error = s.evalQuietly(line);
                if (error != null) {
                    KernelLog.warn("preload skipped '" + line + "': " + error);
                }
            }
            for (String helper : Preload.HELPERS) {
                String error = s.evalQuietly(helper);
                if (error != null) {
                    KernelLog.warn("preload helper failed: " + error);
                }
            }
            new CodeAssist(s.analysis()).warmUp();
            started(s);
            parseDslDocsSoon();
            KernelLog.info(String.format("Java session ready in %d ms (JShell %d ms, preload %d ms)",
                    (System.nanoTime() - start) / 1_000_000, (created - start) / 1_000_000,
                    (System.nanoTime() - created) / 1_000_000));
        } catch (Throwable t) {
            KernelLog.warn("the Java session could not start", t);
            failed(t);
        }
    }

    /** The DSL's Javadoc for inspection, parsed before the first Shift-Tab but after the first cell has run. */
    private static void parseDslDocsSoon() {
        Thread docs = new Thread(() -> {
            try {
                Thread.sleep(3000);
                SourceDocs.dsl();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "zeroth-docs");
        docs.setDaemon(true);
        docs.start();
    }

    void started(JavaSession s) {
        session.complete(s);
    }

    void failed(Throwable t) {
        session.completeExceptionally(t);
    }

    /** The session, waiting for it to start (a CompletionException if it could not). */
    JavaSession join() {
        return session.join();
    }

    /** The session if it is ready, else null. */
    JavaSession ifReady() {
        return session.isDone() && !session.isCompletedExceptionally() ? session.join() : null;
    }

    /** A cell arrived: until it starts, an interrupt is its (even one sent before the session is ready). */
    synchronized void cellArrived() {
        cellWaiting = true;
        interrupted = false;
    }

    /**
     * The session for a cell, waiting for it to start. {@code start} begins the cell on it (no interrupt can slip
     * between the wait and the cell's start) and {@code interrupt} then marks it interrupted if the user interrupted
     * it since it arrived.
     */
    JavaSession forCell(Consumer<JavaSession> start, Consumer<JavaSession> interrupt) {
        JavaSession s;
        try {
            s = session.join();
        } catch (RuntimeException e) {
            synchronized (this) {
                cellWaiting = false;
            }
            throw e;
        }
        synchronized (this) { // from here on, interrupts go to the runner
            cellWaiting = false;
            start.accept(s);
            if (interrupted) {
                interrupted = false;
                interrupt.accept(s);
            }
        }
        return s;
    }

    synchronized boolean hasCellWaiting() {
        return cellWaiting;
    }

    /** Takes an interrupt for a cell that has not started; false when there is none (the runner's to take). */
    synchronized boolean interruptWaitingCell() {
        interrupted |= cellWaiting;
        return cellWaiting;
    }
}
