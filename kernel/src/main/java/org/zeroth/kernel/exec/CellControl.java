package org.zeroth.kernel.exec;

/**
 * Called from instrumented cell code (see {@link Instrumenter}): the stop check woven into every loop and method
 * entry, and the replacements for {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt}.
 * Public because the cells' class loader links against it.
 */
public final class CellControl {
    private static volatile boolean stopRequested;

    private CellControl() {
    }

    /** Woven in before every backward branch and at every method start of cell code. */
    public static void check() {
        if (stopRequested) {
            throw new CellInterrupted();
        }
    }

    public static void exit(int status) {
        throw new CellExit(status);
    }

    public static void exit(Runtime runtime, int status) {
        throw new CellExit(status);
    }

    public static void halt(Runtime runtime, int status) {
        throw new CellExit("Runtime.halt(" + status + ")");
    }

    static void requestStop() {
        stopRequested = true;
    }

    static void reset() {
        stopRequested = false;
    }

    /** Thrown into a cell that the user interrupted. An Error so that {@code catch (Exception e)} lets it pass. */
    public static final class CellInterrupted extends Error {
        public CellInterrupted() {
            super("the cell was interrupted", null, false, false);
        }
    }

    /** Thrown instead of ending the kernel's JVM. */
    public static final class CellExit extends Error {
        public CellExit(int status) {
            this("System.exit(" + status + ")");
        }

        CellExit(String call) {
            super(call + " was called; the kernel keeps running (restart it to start over)", null, false, false);
        }
    }
}
