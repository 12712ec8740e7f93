package org.zeroth.tensor;

import org.bytedeco.javacpp.Pointer;

/**
 * A cap on the process's resident memory that costs nothing per op. ND4J frees an array's native memory only when
 * it is closed or garbage collected, and the small Java heap rarely triggers a collection, so an objective that
 * leaves temporaries behind ({@code x.mul(y)}) grows the process without bound. JavaCPP's own guard
 * ({@code -Dorg.bytedeco.javacpp.maxphysicalbytes}) reads /proc/self/statm on every native allocation — ND4J makes
 * several per op, so it triples the cost of a small op. This guard samples the resident set every
 * {@value #PERIOD_MS} ms on a daemon thread instead; above the cap it runs a collection (which frees unreachable
 * arrays) and, if that is not enough, warns on stderr once. Set the cap with {@code -Dzeroth.maxPhysicalBytes=}
 * (bytes, or with a K/M/G suffix; the kernelspec sets 3/4 of RAM); unset or 0: no guard.
 */
public final class MemoryGuard {
    public static final String PROPERTY = "zeroth.maxPhysicalBytes";
    static final int PERIOD_MS = 50;

    private static volatile long cap;
    private static volatile long collections;
    private static Thread watcher;

    private MemoryGuard() {
    }

    /** Starts the guard once if {@value #PROPERTY} is set; returns the cap in bytes (0: none). */
    public static long start() {
        return start(parse(System.getProperty(PROPERTY)));
    }

    /** Starts the guard with this cap unless one is running (bytes ≤ 0: none); returns the cap in force. */
    static synchronized long start(long bytes) {
        if (watcher == null && bytes > 0) {
            cap = bytes;
            watcher = new Thread(MemoryGuard::watch, "zeroth-memory-guard");
            watcher.setDaemon(true);
            watcher.start();
        }
        return cap;
    }

    /** Stops the guard (for tests). */
    static synchronized void stop() throws InterruptedException {
        if (watcher != null) {
            watcher.interrupt();
            watcher.join();
            watcher = null;
            cap = 0;
        }
    }

    /** The cap in force (0: none). */
    public static long cap() {
        return cap;
    }

    /** How many collections the guard has run because the resident set was above the cap. */
    public static long collections() {
        return collections;
    }

    /** "12G", "512M", "1048576" → bytes; null or blank → 0. */
    static long parse(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        String v = value.strip().toUpperCase(java.util.Locale.ROOT);
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 1;
        };
        try {
            long n = Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " is '" + value
                    + "': give bytes as a whole number, optionally with K, M, G or T (e.g. 12G)");
        }
    }

    private static void watch() {
        boolean warned = false;
        while (true) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            if (Pointer.physicalBytes() <= cap) {
                warned = false;
                continue;
            }
            collections++;
            System.gc(); // ND4J's deallocator frees the native memory of unreachable arrays
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            long after = Pointer.physicalBytes();
            if (after > cap && !warned) {
                warned = true;
                System.err.printf("zeroth: the process holds %d MB, above %s = %d MB, after a garbage collection;"
                        + " close() arrays you no longer need or raise the cap%n", after >> 20, PROPERTY, cap >> 20);
            }
        }
    }
}
