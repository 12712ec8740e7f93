package org.zeroth;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A checkpointed run when the JVM exits under it (Ctrl-C, SIGTERM, System.exit, a kernel's restart): the exit
 * waits while the run stops as an interrupt stops it and writes its last checkpoint, which holds every value the
 * run was told. Without this the file ends at the last scheduled checkpoint and the evaluations after it are lost.
 */
final class ExitCheckpoint {
    /** How long an exit waits for the run: an evaluation under way must end first. */
    private static final long WAIT_SECONDS = 30;

    private final CountDownLatch written = new CountDownLatch(1);
    private final Thread hook;

    private ExitCheckpoint(Thread run, Path file, BooleanSupplier unsaved) {
        hook = new Thread(() -> {
            if (!run.isAlive() || written.getCount() == 0 || !unsaved.getAsBoolean()) {
                return; // ended, or nothing the file lacks (a resumed run replaying it, ask/tell with none told)
            }
            System.err.println("zeroth: writing the run's last checkpoint to " + file + " before the JVM exits");
            Interrupts.interrupt(run);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
                // a run that dies on the way out (the JVM is shutting down under it) does not count down: stop then
                while (!written.await(50, TimeUnit.MILLISECONDS) && run.isAlive()) {
                    if (System.nanoTime() > deadline) {
                        System.err.println("zeroth: the run did not stop within " + WAIT_SECONDS + " s (an evaluation"
                                + " under way?); " + file + " holds the run up to its last scheduled checkpoint");
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "zeroth-exit-checkpoint");
    }

    /**
     * Watches the run on the calling thread until {@link #done()}; {@code unsaved}: whether the run has, or may be
     * making, values the file lacks.
     */
    static ExitCheckpoint watch(Path file, BooleanSupplier unsaved) {
        ExitCheckpoint exit = new ExitCheckpoint(Thread.currentThread(), file, unsaved);
        try {
            Runtime.getRuntime().addShutdownHook(exit.hook);
        } catch (IllegalStateException alreadyExiting) {
            // the JVM is exiting: the run is stopped with it
        }
        return exit;
    }

    /** The run wrote its last checkpoint (or has none to write): an exit need not wait for it. */
    void done() {
        written.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the hook is running or has run: it sees the count
        }
    }
}
