package org.zeroth.tensor;

/**
 * The core a thread runs on, and a way off it, for the {@link Team} (src/main/c/cpus.c, in {@link NativeLoops}'
 * library): where Linux knows of no cache the cores share, it may wake a parked helper on the core of the caller
 * that woke it and keep it there, and the team's jobs then run at one core's pace (bench/README.md, "The team on
 * one core"). Where the library is not built, {@link #of} is −1 and nothing moves.
 */
final class Cpus {
    private static final boolean AVAILABLE = NativeLoops.AVAILABLE;

    private Cpus() {
    }

    /** The core the calling thread runs on, or −1 where it cannot be told. */
    static int of() {
        return AVAILABLE ? current() : -1;
    }

    /** Moves the calling thread off {@code cpu} if it is there and may run elsewhere. */
    static void leaveIfOn(int cpu) {
        if (AVAILABLE && cpu >= 0 && current() == cpu) {
            leave(cpu);
        }
    }

    private static native int current();

    private static native void leave(int cpu);
}
