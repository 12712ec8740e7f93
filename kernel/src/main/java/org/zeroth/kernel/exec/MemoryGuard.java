package org.zeroth.kernel.exec;

import org.zeroth.kernel.KernelLog;

import javax.management.NotificationEmitter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Stops a cell that fills the heap before the heap is full. When the old generation is above {@value #FRACTION}
 * of its maximum, the running cell is asked to stop as if interrupted: cell code throws at its next step and a DSL
 * run ends with the Run it has. Only if the heap keeps filling, past {@value #FORCE_FRACTION}, is the cell stopped
 * by force (Thread.stop, JDK &lt; 20) — once: a second stop could land in the run's own ending and lose it. The
 * headroom left keeps the kernel's own threads (ZMQ's I/O thread among them) alive; without it they would die of
 * OutOfMemoryError with the cell and the kernel would go deaf. A cell that starts with the heap already that full
 * (a big variable kept from before) is judged from where it started, so that it can free memory. Two triggers: the
 * JVM's notification after a collection, and a sample every {@value #SAMPLE_MILLIS} ms, because G1 puts large
 * arrays straight into the old generation and may reach a full heap with no collection in between (seen on JDK 25:
 * 8 MB arrays in a loop).
 */
final class MemoryGuard {
    static final double FRACTION = 0.85;
    static final double FORCE_FRACTION = 0.95;
    /** How much a cell that starts above the line may add before it is stopped. */
    static final double MARGIN = 0.05;
    static final long SAMPLE_MILLIS = 20;
    private static final List<MemoryPoolMXBean> OLD = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.getUsage().getMax() > 0)
            .filter(p -> !p.getName().contains("Eden") && !p.getName().contains("Survivor"))
            .toList();

    private MemoryGuard() {
    }

    static void install(CellRunner runner) {
        boolean any = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && max > 0) {
                pool.setCollectionUsageThreshold((long) (max * FRACTION));
                any = true;
            }
        }
        if (!any) {
            KernelLog.warn("no heap pool supports usage thresholds: a cell that fills the heap is not stopped early");
            return;
        }
        startSampling(runner);
        NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        emitter.addNotificationListener((notification, handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                judge(runner, filled());
            }
        }, null, null);
    }

    /** The fullest old-generation pool's share of its maximum (the heap pools that are not eden or survivor). */
    static double filled() {
        double most = 0;
        for (MemoryPoolMXBean pool : OLD) {
            MemoryUsage usage = pool.getUsage();
            most = Math.max(most, (double) usage.getUsed() / usage.getMax());
        }
        return most;
    }

    /** Asks the running cell to stop past the line, stops it by force past the last one; both from its start. */
    private static void judge(CellRunner runner, double filled) {
        double start = runner.heapAtStart();
        if (filled > Math.max(FORCE_FRACTION, start + MARGIN)) {
            runner.stopForMemory(true);
        } else if (filled > Math.max(FRACTION, start + MARGIN)) {
            runner.stopForMemory(false);
        }
    }

    private static void startSampling(CellRunner runner) {
        Thread sampler = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                    // Above the line may be garbage: judge only what is still there after a collection.
                    if (filled() > FRACTION) {
                        System.gc();
                        judge(runner, filled());
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Throwable e) {
                    // OutOfMemoryError included: the guard keeps watching
                }
            }
        }, "zeroth-memory-guard");
        sampler.setDaemon(true);
        sampler.start();
    }
}
