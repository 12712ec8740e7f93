package org.zeroth.kernel;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * The kernel's own log: the process's real stderr (Jupyter shows it in the server's console), never the
 * notebook. Messages name what happened and never carry keys or message contents.
 */
public final class KernelLog {
    private static final PrintStream ERR = System.err; // captured before the kernel redirects System.err

    private KernelLog() {
    }

    public static void info(String message) {
        write("INFO", message);
    }

    public static void warn(String message) {
        write("WARN", message);
    }

    public static void warn(String message, Throwable t) {
        write("WARN", message + ": " + t);
    }

    private static void write(String level, String message) {
        ERR.println("[zeroth-kernel " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + "] " + message);
        ERR.flush();
    }
}
