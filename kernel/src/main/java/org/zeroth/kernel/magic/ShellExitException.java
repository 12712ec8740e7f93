package org.zeroth.kernel.magic;

/** A shell command ended with a non-zero exit status (IPython's CalledProcessError): the cell's error. */
public final class ShellExitException extends RuntimeException {
    public ShellExitException(String message) {
        super(message, null, false, false); // the Java frames of the kernel's helper would tell the user nothing
    }
}
