package org.zeroth.kernel;

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
