package org.zeroth.tensor;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * ND4J's shape information, wrapped once per layout. ND4J (1.0.0-M2.1, CPU) asks its executioner for the shape
 * information of every array it makes; the executioner fetches libnd4j's cached constant buffer for that layout and
 * wraps it in a new {@link DataBuffer} each time — two JavaCPP arrays for the shape and strides, a native wrapper and
 * an entry in ND4J's deallocation map: about half the time of a one-element {@code x.norm2Number()} (bench/README.md,
 * "ND4J's shape information"). libnd4j keeps that buffer for the process's life and nothing writes it, so one wrapper,
 * marked constant (never closed), serves every array of the layout, as ND4J's caching shape providers share theirs.
 * Past {@value #CAPACITY} layouts the cache starts over; wrappers already handed out stay valid. Only while JavaCPP's
 * own memory guard is off ({@code -Dorg.bytedeco.javacpp.maxphysicalbytes=0}, as the kernelspec and the tests set it
 * for {@link MemoryGuard}): that guard checks the process's size at JavaCPP's allocations, and those two arrays are
 * the one JavaCPP allocation ND4J makes per array, so with the guard on ND4J's path stays as it is.
 */
final class ShapeInfos {
    static final int CAPACITY = 1024;
    private static final Map<Layout, DataBuffer> CACHE = new ConcurrentHashMap<>();

    private ShapeInfos() {
    }

    /** Whether layouts are cached: JavaCPP's memory guard is off. */
    static boolean caching() {
        return Pointer.maxPhysicalBytes() <= 0;
    }

    /**
     * The cached shape information for these arguments of the executioner's {@code createShapeInfo} (the layout, then
     * {@code Boolean} empty or {@code Long} extras), or null.
     */
    static DataBuffer known(Object[] args) {
        Layout layout = Layout.of(args);
        return layout == null ? null : CACHE.get(layout);
    }

    /** Keeps what ND4J made for these arguments (marked constant); returns the one to use. */
    static DataBuffer keep(Object[] args, DataBuffer made) {
        Layout layout = Layout.of(args);
        if (layout == null || made == null) {
            return made;
        }
        made.setConstant(true);
        if (CACHE.size() >= CAPACITY) {
            CACHE.clear();
        }
        DataBuffer raced = CACHE.putIfAbsent(layout, made);
        return raced != null ? raced : made;
    }

    /** How many layouts are cached (for tests). */
    static int size() {
        return CACHE.size();
    }

    /** Forgets every layout (for tests). */
    static void clear() {
        CACHE.clear();
    }

    /** Rank, element-wise stride, order, type, which flag and its value, shape, strides: one array to compare. */
    private static final class Layout {
        private final long[] key;
        private final int hash;

        private Layout(long[] key) {
            this.key = key;
            this.hash = Arrays.hashCode(key);
        }

        static Layout of(Object[] args) {
            if (args == null || args.length != 6 || !(args[0] instanceof long[] shape)
                    || !(args[1] instanceof long[] stride) || shape.length != stride.length
                    || !(args[2] instanceof Long elementWiseStride) || !(args[3] instanceof Character order)
                    || !(args[4] instanceof DataType type)) {
                return null;
            }
            long flag;
            long value;
            if (args[5] instanceof Boolean empty) {
                flag = 0;
                value = empty ? 1 : 0;
            } else if (args[5] instanceof Long extras) {
                flag = 1;
                value = extras;
            } else {
                return null;
            }
            int rank = shape.length;
            long[] key = new long[6 + 2 * rank];
            key[0] = rank;
            key[1] = elementWiseStride;
            key[2] = order;
            key[3] = type.ordinal();
            key[4] = flag;
            key[5] = value;
            System.arraycopy(shape, 0, key, 6, rank);
            System.arraycopy(stride, 0, key, 6 + rank, rank);
            return new Layout(key);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Layout layout && Arrays.equals(key, layout.key);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
