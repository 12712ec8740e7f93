package org.zeroth.kernel.exec;

import org.zeroth.kernel.KernelLog;

import javax.management.NotificationEmitter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Stops a cell that fills the heap before the heap is full: when the old generation is still above
 * {@value #FRACTION} of its maximum after a garbage collection, the running cell is stopped as if interrupted.
 * The headroom left keeps the kernel's own threads (ZMQ's I/O thread among them) alive; without it they would
 * die of OutOfMemoryError with the cell and the kernel would go deaf.
 */
final class MemoryGuard {
    static final double FRACTION = 0.85;

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
        NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        emitter.addNotificationListener((notification, handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                runner.stopForMemory();
            }
        }, null, null);
    }
}
