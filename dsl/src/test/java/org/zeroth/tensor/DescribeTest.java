package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A point in a message: its first entries, read without copying x (a failing run's x may be all the memory left). */
class DescribeTest {

    @Test
    void aPointIsDescribedByItsFirstEntriesAndItsDimension() {
        assertEquals("[1.0, -2.5, 3.0]", Tensors.describe(Tensors.vector(1, -2.5, 3)));
        assertEquals("[0.5, 0.5, 0.5, 0.5, 0.5, 0.5]", Tensors.describe(Nd4j.valueArrayOf(new long[] {2, 3}, 0.5f)));
        assertEquals("[0.0, 1.0, 2.0, 3.0, … (d = 7)]", Tensors.describe(Nd4j.arange(7).castTo(DataType.FLOAT)));
    }

    @Test
    void describingALargePointCopiesNothingOntoTheHeap() {
        INDArray theta = Nd4j.zeros(DataType.FLOAT, 10_000_000);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Tensors.describe(theta); // loaded and compiled once
        long before = threads.getCurrentThreadAllocatedBytes();
        String text = Tensors.describe(theta);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals("[0.0, 0.0, 0.0, 0.0, … (d = 10000000)]", text);
        // a copy as doubles would be 80 MB; the text and ND4J's per-read objects are a few kilobytes
        assertTrue(allocated < 1 << 20, allocated + " bytes allocated");
    }
}
