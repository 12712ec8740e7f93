package org.zeroth.estimate;

/**
 * {@code zo.estimate(f, x)} could not go on: f threw, or returned NaN/∞, at a point an estimate queried. The message
 * says where and what to change; the cause is what f threw (none for a value that was not finite).
 */
public final class EstimateFailedException extends RuntimeException {
    public EstimateFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
