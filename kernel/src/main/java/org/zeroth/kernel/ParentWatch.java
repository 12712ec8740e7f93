package org.zeroth.kernel;

import java.time.Instant;
import java.util.Optional;
import org.zeroth.kernel.exec.ExitGuard;

/**
 * Ends the kernel once the process that started it is gone, as ipykernel's parent poller does. jupyter_client names
 * itself in {@code JPY_PARENT_PID}; when it is killed (a Jupyter server that crashed, an nbconvert stopped by a
 * timeout) nobody will ask the kernel to shut down, and its JVM would hold its heap until the machine restarts. The
 * kernel then exits as SIGTERM makes it exit: shutdown hooks run, so a checkpointed run writes its last checkpoint.
 */
final class ParentWatch {
    private static final long POLL_MILLIS = 1000;

    private ParentWatch() {
    }

    /** Starts watching the process {@code parentPid} names (the environment's JPY_PARENT_PID); null: no watch. */
    static void start(String parentPid) {
        long pid;
        try {
            pid = parentPid == null ? 0 : Long.parseLong(parentPid.strip());
        } catch (NumberFormatException e) {
            KernelLog.warn("JPY_PARENT_PID=" + parentPid + " is not a process id: the kernel does not watch its parent");
            return;
        }
        if (pid <= 1) {
            return; // none named, or init, which never ends (it only adopts)
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        Optional<Instant> started = parent.flatMap(p -> p.info().startInstant());
        Thread watch = new Thread(() -> {
            while (isSameLiveProcess(ProcessHandle.of(pid), started)) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            KernelLog.info("the process that started the kernel (pid " + pid + ") is gone: shutting down");
            ExitGuard.allowExit();
            System.exit(1);
        }, "zeroth-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Alive and not another process under the same id (its start time tells them apart). */
    private static boolean isSameLiveProcess(Optional<ProcessHandle> process, Optional<Instant> started) {
        return process.filter(ProcessHandle::isAlive)
                .map(p -> started.isEmpty() || started.equals(p.info().startInstant()))
                .orElse(false);
    }
}
