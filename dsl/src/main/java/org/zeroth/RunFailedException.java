package org.zeroth;

/**
 * A run that could not go on: the objective threw or returned NaN/∞. It carries the run so far
 * ({@link #run()}, stop reason {@link StopReason#FAILED}): nothing computed is lost.
 */
public final class RunFailedException extends RuntimeException {
    private final transient Run run;

    public RunFailedException(String message, Throwable cause, Run run) {
        super(message, cause);
        this.run = run;
    }

    /** The run up to the failure, with its trace. */
    public Run run() {
        return run;
    }
}
