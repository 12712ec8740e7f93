package org.zeroth.kernel.magic;

/** Carries a cell's error (already formatted by the kernel) through a magic unchanged. */
public final class CellFailedException extends RuntimeException {
    private final transient Object error;
    private final String name;

    public CellFailedException(Object error) {
        this(error, "Error", "the cell failed");
    }

    /** {@code name} and {@code message} are the error's Jupyter ename and evalue ("CompileError", "cannot find …"). */
    public CellFailedException(Object error, String name, String message) {
        super(message, null, false, false);
        this.error = error;
        this.name = name;
    }

    public Object error() {
        return error;
    }

    /** The error's name: "CompileError" when the source did not compile. */
    public String name() {
        return name;
    }
}
