package org.zeroth.kernel.magic;

import org.zeroth.kernel.exec.CellControl;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * What {@code %%bash}, {@code %%sh} and {@code !cmd} run inside the cell (so an interrupt reaches them): the
 * command's stdout and stderr go to the notebook as they come; an interrupt kills the command and what it started;
 * a non-zero exit status is the cell's error. Public because the cells' class loader links against it.
 */
public final class Shell {
    private Shell() {
    }

    /** Runs {@code script} with {@code program -c}, waiting for it and for all of its output. */
    public static void run(String program, String script) throws IOException {
        Process process = new ProcessBuilder(program, "-c", script)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Thread out = pump(process.getInputStream(), System.out);
        Thread err = pump(process.getErrorStream(), System.err);
        try {
            int status = process.waitFor();
            out.join(); // a command's background children may still write: the cell waits for them, as IPython
            err.join();
            if (status != 0) {
                throw new ShellExitException(program + " exited with status " + status
                        + (status > 128 ? " (killed by signal " + (status - 128) + ")" : ""));
            }
        } catch (InterruptedException e) {
            kill(process);
            joinQuietly(out);
            joinQuietly(err);
            throw new CellControl.CellInterrupted();
        }
    }

    /**
     * The command and everything it started (a script's sleep, a pipeline). The script dies first: killed after its
     * children, it would go on to its next line ("wait" returns) before its own kill lands. Its children are listed
     * before, as they leave its descendants when it dies.
     */
    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** What a killed command wrote last belongs to this cell, not the next one. */
    private static void joinQuietly(Thread pump) {
        try {
            pump.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream from, PrintStream to) {
        Thread t = new Thread(() -> copy(from, to), "zeroth-shell-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void copy(InputStream from, OutputStream to) {
        byte[] buffer = new byte[8192];
        try (from) {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                to.write(buffer, 0, n); // the notebook's streams send what they hold every 50 ms
            }
        } catch (IOException e) {
            // the process was killed: its pipe closed
        }
    }
}
