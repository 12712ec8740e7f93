package org.zeroth.kernel.magic;

/** Carries a cell's error (already formatted by the kernel) through a magic unchanged. */
public final class CellFailedException extends RuntimeException {
    private final transient Object error;

    public CellFailedException(Object error) {
        super("the cell failed", null, false, false);
        this.error = error;
    }

    public Object error() {
        return error;
    }
}
