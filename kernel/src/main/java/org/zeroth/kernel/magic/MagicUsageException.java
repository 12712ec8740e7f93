package org.zeroth.kernel.magic;

/** A magic was called wrongly; the message says how to call it. */
public final class MagicUsageException extends RuntimeException {
    public MagicUsageException(String message) {
        super(message);
    }
}
