package org.zeroth.models;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Memory as the arrays a method holds: elements × bytes per element of each ND4J array, nothing else. Not
 * counted: JVM object headers, the data set (shared by every method), scratch space inside one native op
 * (BLAS), and the optimizer's own O(1) bookkeeping.
 */
public final class Memory {
    private Memory() {
    }

    /** Total bytes of the arrays' elements (a view counts its own elements, not its parent's). */
    public static long bytes(INDArray... arrays) {
        long total = 0;
        for (INDArray array : arrays) {
            if (array != null) {
                total += array.length() * array.dataType().width();
            }
        }
        return total;
    }

    /** Bytes as a short human-readable figure: 1.5 KiB, 3.2 MiB. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int unit = -1;
        do {
            value /= 1024;
            unit++;
        } while (value >= 1024 - 0.05 && unit < units.length - 1); // 1023.96 KiB would print as "1024.0 KiB"
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
