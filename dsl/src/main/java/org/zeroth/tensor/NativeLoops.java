package org.zeroth.tensor;

import java.io.IOException;
import java.util.function.Supplier;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * y *= x and y += a·x by Zeroth's loops in C ({@code src/main/c/loops.c}) on the arrays' own memory, with the bits
 * of {@link ElementWise}'s Java loops; z = x ± y and z = x·y for {@link OpRouter}, with the bits of ND4J's; and for
 * {@link Sums} Σx² of float32 arrays, within dsdot's bound, and Σxy with the bits of {@link BlockSums}' loops
 * (AVX-512 where the CPU has it: 1.4× faster than AVX2 at 10⁶ floats). JDK 17 does not vectorise a loop over
 * off-heap memory (3× slower than over an array, so the Java loops copy blocks in and out), and libnd4j's loop and
 * OpenBLAS's saxpy were 1.0–1.7× numpy's time at 10⁶ floats. Long arrays are cut into one part per thread of the
 * {@link Team}: a part a core keeps from call to call stays in its cache (at 10⁶ floats, 50 µs against 68–71 µs in
 * 64 Ki chunks; bench/README.md, "Element-wise loops in C"). Σx² and Σxy go by {@link Chunks}' fixed chunks
 * instead, so that their sums do not depend on the thread count. Built where the DSL is built on Linux x86-64 with
 * gcc ({@code build.sh}); elsewhere {@link #AVAILABLE} is false.
 */
final class NativeLoops {
    /** Resource name of the library, beside this class. */
    static final String LIBRARY = "libzeroth-loops-linux-x86_64.so";
    /** Length from which the parts go to the team; below, one call on the caller. */
    static final int PARTS_FROM = 2 * Chunks.CHUNK;
    /**
     * Bytes of x and y together up to which the loops fetch lines ahead (loops.c, {@code fetch_ahead}): arrays this
     * small stay in the last-level cache of most x86-64 machines, where fetching ahead pays; from memory it costs.
     */
    static final long AHEAD_UP_TO_BYTES = 8L << 20;
    /** Whether the loops are loaded; else {@link #WHY_UNAVAILABLE} says why. */
    static final boolean AVAILABLE;
    static final String WHY_UNAVAILABLE;
    private static final ThreadLocal<Boolean> SET_ASIDE = ThreadLocal.withInitial(() -> false);

    static {
        String why = null;
        if (NativeLoops.class.getResource(LIBRARY) == null) {
            why = "the DSL was built without them (Linux x86-64 and gcc are needed)";
        } else {
            try {
                System.load(Loader.cacheResource(NativeLoops.class, LIBRARY).getAbsolutePath());
            } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
                why = "loading " + LIBRARY + " failed: " + e;
            }
        }
        WHY_UNAVAILABLE = why;
        AVAILABLE = why == null;
    }

    private NativeLoops() {
    }

    /** Whether these loops can take y op= x, Σxy or Σx² (x twice) of contiguous arrays: loaded, types alike. */
    static boolean take(INDArray x, INDArray y) {
        return AVAILABLE && x.dataType() == y.dataType() && !SET_ASIDE.get();
    }

    /** {@code work}'s result with these loops set aside on this thread: it takes the paths they replace (tests). */
    static <T> T setAside(Supplier<T> work) {
        boolean was = SET_ASIDE.get();
        SET_ASIDE.set(true);
        try {
            return work.get();
        } finally {
            SET_ASIDE.set(was);
        }
    }

    /** Operations of {@link #combine}. */
    static final int ADD = 0;
    static final int SUBTRACT = 1;
    static final int MULTIPLY = 2;

    /** y *= x, for arrays {@link #take} accepts. */
    static void multiply(INDArray x, INDArray y) {
        boolean floats = y.dataType() == DataType.FLOAT;
        inParts(y, x, null, (ys, xs, unused, n, ahead) -> {
            if (floats) {
                multiplyFloats(ys, xs, n, ahead);
            } else {
                multiplyDoubles(ys, xs, n, ahead);
            }
        });
    }

    /** y += a·x, for arrays {@link #take} accepts. */
    static void axpy(double a, INDArray x, INDArray y) {
        boolean floats = y.dataType() == DataType.FLOAT;
        inParts(y, x, null, (ys, xs, unused, n, ahead) -> {
            if (floats) {
                axpyFloats(a, xs, ys, n, ahead);
            } else {
                axpyDoubles(a, xs, ys, n, ahead);
            }
        });
    }

    /** z = x + y, x − y or x·y ({@link #ADD}, {@link #SUBTRACT}, {@link #MULTIPLY}); z of x's type and length. */
    static void combine(int op, INDArray x, INDArray y, INDArray z) {
        boolean floats = z.dataType() == DataType.FLOAT;
        inParts(z, x, y, (zs, xs, ys, n, ahead) -> {
            if (floats) {
                combineFloats(op, zs, xs, ys, n);
            } else {
                combineDoubles(op, zs, xs, ys, n);
            }
        });
    }

    private interface Loop {
        void over(long target, long x, long y, long count, boolean ahead);
    }

    /**
     * The loop over all of the target, or over one part per thread of the team, each a multiple of 16 elements but
     * the last; y may be null (loops over the target and x only).
     */
    private static void inParts(INDArray target, INDArray x, INDArray y, Loop loop) {
        long n = target.length();
        if (n == 0) {
            return;
        }
        long ts = Blas.host(target).address(); // as BLAS's calls: the caller marks it written (a GPU backend's copy)
        long xs = Blas.host(x).address();
        long ys = y == null ? 0 : Blas.host(y).address();
        long width = target.data().getElementSize();
        boolean ahead = fetchAhead(n, width);
        // arrays in the cache: one part per core pays only where the helpers are there to take theirs at once
        int parts = n < PARTS_FROM || ahead && Team.helpersBusyElsewhere() ? 1 : Team.HELPERS + 1;
        if (parts == 1) {
            loop.over(ts, xs, ys, n, ahead);
            return;
        }
        Team.forEach(parts, p -> {
            long from = n * p / parts & -16L;
            long to = p == parts - 1 ? n : n * (p + 1) / parts & -16L;
            long offset = from * width;
            loop.over(ts + offset, xs + offset, y == null ? 0 : ys + offset, to - from, ahead);
        });
    }

    /** Σx² over elements [from, from + count) of a float32 array's memory. */
    static double squares(Pointer x, int from, int count) {
        return count == 0 ? 0 : squaresOfFloats(x.address() + 4L * from, count); // an empty array has no memory
    }

    /**
     * Σxy over elements [from, from + count) of two float32 arrays' memory, in {@link BlockSums}' order; ahead as
     * {@link #fetchAhead} says for the whole arrays.
     */
    static double dot(Pointer x, Pointer y, int from, int count, boolean ahead) {
        return count == 0 ? 0 : dotOfFloats(x.address() + 4L * from, y.address() + 4L * from, count, ahead);
    }

    /** Whether a pass over x and y of n elements of {@code width} bytes each fetches lines ahead. */
    static boolean fetchAhead(long n, long width) {
        return 2 * n * width <= AHEAD_UP_TO_BYTES;
    }

    static native double squaresOfFloats(long x, long n);

    static native double dotOfFloats(long x, long y, long n, boolean ahead);

    static native void multiplyFloats(long y, long x, long n, boolean ahead);

    static native void multiplyDoubles(long y, long x, long n, boolean ahead);

    static native void axpyFloats(double a, long x, long y, long n, boolean ahead);

    static native void axpyDoubles(double a, long x, long y, long n, boolean ahead);

    static native void combineFloats(int op, long z, long x, long y, long n);

    static native void combineDoubles(int op, long z, long x, long y, long n);
}
