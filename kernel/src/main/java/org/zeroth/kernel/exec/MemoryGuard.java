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
 * Stops a cell that fills the heap before the heap is full: when the old generation is above {@value #FRACTION}
 * of its maximum, the running cell is stopped as if interrupted. The headroom left keeps the kernel's own threads
 * (ZMQ's I/O thread among them) alive; without it they would die of OutOfMemoryError with the cell and the kernel
 * would go deaf. Two triggers: the JVM's notification after a collection, and a sample every
 * {@value #SAMPLE_MILLIS} ms, because G1 puts large arrays straight into the old generation and may reach a full
 * heap with no collection in between (seen on JDK 25: 8 MB arrays in a loop).
 */
final class MemoryGuard {
    static final double FRACTION = 0.85;
    static final long SAMPLE_MILLIS = 20;

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
                runner.stopForMemory();
            }
        }, null, null);
    }

    /** Samples the old-generation pools (the heap pools that are not eden or survivor space). */
    private static void startSampling(CellRunner runner) {
        List<MemoryPoolMXBean> old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getUsage().getMax() > 0)
                .filter(p -> !p.getName().contains("Eden") && !p.getName().contains("Survivor"))
                .toList();
        Thread sampler = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                    // Above the line may be garbage: stop only what is still there after a collection.
                    if (above(old)) {
                        System.gc();
                        if (above(old)) {
                            runner.stopForMemory();
                        }
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

    private static boolean above(List<MemoryPoolMXBean> pools) {
        for (MemoryPoolMXBean pool : pools) {
            MemoryUsage usage = pool.getUsage();
            if (usage.getUsed() > FRACTION * usage.getMax()) {
                return true;
            }
        }
        return false;
    }
}
