package org.zeroth.population;

import org.hipparchus.optim.SimpleValueChecker;

/**
 * When a local baseline has converged: successive values differ by at most max(relative × |f|, absolute).
 * A small value object, as Hipparchus' optimizers take it.
 */
public record Tolerance(double relative, double absolute) implements java.io.Serializable {
    /** rel = 1e-10, abs = 1e-14: close to what double precision allows on well-scaled problems. */
    public static final Tolerance DEFAULT = new Tolerance(1e-10, 1e-14);

    public Tolerance {
        if (!(relative >= 0) || !(absolute >= 0) || Double.isInfinite(relative) || Double.isInfinite(absolute)
                || relative == 0 && absolute == 0) {
            throw new IllegalArgumentException("tolerance(relative, absolute) needs finite values ≥ 0, not both 0; got ("
                    + relative + ", " + absolute + "); e.g. tolerance(1e-10, 1e-14)");
        }
    }

    SimpleValueChecker checker() {
        return new SimpleValueChecker(relative, absolute);
    }

    @Override
    public String toString() {
        return "(rel " + relative + ", abs " + absolute + ")";
    }
}
