package org.zeroth.models;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The temporary arrays of one forward or backward pass: counts the bytes they hold at once (the peak is what
 * {@link Memory} reports) and frees their off-heap memory when done instead of waiting for the garbage collector.
 */
final class Scratch implements AutoCloseable {
    private record Held(INDArray array, long bytes) {
    }

    private final List<Held> held = new ArrayList<>();
    private long live;
    private long peak;

    /** Takes ownership of a freshly allocated array and counts it. */
    INDArray hold(INDArray array) {
        return own(array, Memory.bytes(array));
    }

    /** Takes ownership of a fresh copy of input data (a type conversion): freed, but data is not counted. */
    INDArray ownUncounted(INDArray array) {
        return own(array, 0);
    }

    private INDArray own(INDArray array, long bytes) {
        held.add(new Held(array, bytes));
        live += bytes;
        peak = Math.max(peak, live);
        return array;
    }

    /** Frees an array this scratch holds (ignores anything else, such as the caller's input). */
    void free(INDArray array) {
        int i = indexOf(array);
        if (i >= 0) {
            live -= held.remove(i).bytes();
            close(array);
        }
    }

    /** Hands an array over to the caller: no longer freed here. */
    INDArray release(INDArray array) {
        int i = indexOf(array);
        if (i >= 0) {
            live -= held.remove(i).bytes();
        }
        return array;
    }

    private int indexOf(INDArray array) {
        for (int i = held.size() - 1; i >= 0; i--) {
            if (held.get(i).array() == array) {
                return i;
            }
        }
        return -1;
    }

    /** The most bytes held at once so far. */
    long peak() {
        return peak;
    }

    @Override
    public void close() {
        held.forEach(h -> close(h.array()));
        held.clear();
        live = 0;
    }

    private static void close(INDArray array) {
        if (array.closeable()) {
            array.close();
        }
    }
}
