package org.zeroth.tensor;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads ND4J's native ops (OpenMP) and OpenBLAS use: set once where Zeroth starts (the kernel's start-up,
 * the first use of {@link Tensors}). By default both run on the calling thread only — measured on 2 cores
 * (bench/README.md, "threads"): split over two threads, element-wise ops and reductions above ~1024 elements per
 * thread stall for a scheduler tick (4–32 ms) whenever another process is busy on the other core, while one thread
 * runs them at numpy's speed quiet or loaded; GEMM and {@code randn} gain less than 2× from an idle second core.
 * Zeroth's own loops (this package) do not depend on this: they share out fixed chunks to Java threads.
 *
 * <p>OpenMP keeps the count <em>per thread</em>: the run-time call reaches the thread that makes it (and OpenBLAS,
 * whose count is global). Threads that start later get OpenMP's process default, which only the environment sets:
 * the kernelspec sets {@code OMP_NUM_THREADS}/{@code OPENBLAS_NUM_THREADS} (install/install.sh); in plain Java,
 * export {@code OMP_NUM_THREADS=1} when ND4J code runs on several threads.
 *
 * <p>Opt out or choose: system property {@code zeroth.nativeThreads} or environment variable
 * {@code ZEROTH_NATIVE_THREADS} = {@code keep} (leave ND4J's and OpenBLAS's own settings) or a number n (n threads
 * for both); at install time {@code ZEROTH_NATIVE_THREADS=keep|n install/install.sh}. {@code OMP_NUM_THREADS} /
 * {@code OPENBLAS_NUM_THREADS} set in the environment are kept as they are. Under the default (no choice given)
 * {@code Tensors.mmul} cuts a product large enough to pay for it into blocks, each a one-thread OpenBLAS call, shared
 * among Java threads; with {@code keep} or n a product is one call on OpenBLAS's own count.
 */
public final class NativeThreads {
    public static final String PROPERTY = "zeroth.nativeThreads";
    public static final String ENVIRONMENT = "ZEROTH_NATIVE_THREADS";
    /** The default: threads for ND4J's OpenMP ops and for OpenBLAS (from the measurements above). */
    public static final int DEFAULT_ND = 1;
    public static final int DEFAULT_BLAS = 1;

    private static volatile String applied;
    /** True when the count is Zeroth's default (no keep|n choice): then {@link Gemm} may cut a product into blocks. */
    private static volatile boolean zerothChooses;

    private NativeThreads() {
    }

    /**
     * Applies the policy once (later calls return at once); returns what it did, e.g. "ND4J 1 thread, OpenBLAS 1
     * thread (zeroth default)". Loads ND4J if it is not loaded yet (about 2 s the first time).
     */
    public static String apply() {
        String done = applied;
        if (done != null) {
            return done;
        }
        synchronized (NativeThreads.class) {
            if (applied == null) {
                String choice = choice(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT));
                applied = set(choice, System.getenv("OMP_NUM_THREADS"), System.getenv("OPENBLAS_NUM_THREADS"));
                zerothChooses = choice.equals("default");
            }
            return applied;
        }
    }

    /** What {@link #apply} did, or null if it has not run yet (it does not run it). */
    static String applied() {
        return applied;
    }

    /**
     * True if Zeroth chooses OpenBLAS's thread count (no {@code keep} or n given): then {@code Tensors.mmul} cuts
     * products large enough to pay into blocks on Java threads (see {@link Gemm}).
     */
    static boolean zerothChooses() {
        try {
            apply();
        } catch (IllegalArgumentException badChoice) { // reported where Tensors starts; the count is left alone
            return false;
        }
        return zerothChooses;
    }

    /** The number of threads ND4J's OpenMP ops started from the calling thread use now. */
    public static int ndThreads() {
        Nd4j.getEnvironment(); // NativeOpsHolder must not be touched before ND4J is initialised
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    /** The number of threads OpenBLAS uses now. */
    public static int blasThreads() {
        return Nd4j.factory().blas().getMaxThreads();
    }

    /** Sets both counts now (OpenMP's for the calling thread): for measurements and users who know their machine. */
    public static void set(int nd, int blas) {
        if (nd < 1 || blas < 1) {
            throw new IllegalArgumentException("thread counts must be ≥ 1, got ND4J " + nd + ", OpenBLAS " + blas);
        }
        Nd4j.getEnvironment();
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(nd);
        Nd4j.factory().blas().setMaxThreads(blas);
    }

    /** "keep", "default" or a thread count, from the property first, then the environment variable. */
    static String choice(String property, String environment) {
        String raw = property != null && !property.isBlank() ? property : environment;
        String value = raw == null || raw.isBlank() ? "default" : raw.strip().toLowerCase(Locale.ROOT);
        if (value.equals("keep") || value.equals("default") || value.matches("[1-9][0-9]{0,3}")) {
            return value;
        }
        throw new IllegalArgumentException(PROPERTY + " / " + ENVIRONMENT + " is '" + raw
                + "': use 'keep' (leave ND4J's and OpenBLAS's thread counts), 'default', or a thread count such as 2");
    }

    private static String set(String choice, String ompEnvironment, String blasEnvironment) {
        if (choice.equals("keep")) {
            return describe("kept (" + PROPERTY + "=keep)");
        }
        boolean chosen = !choice.equals("default");
        int nd = chosen ? Integer.parseInt(choice) : DEFAULT_ND;
        int blas = chosen ? nd : DEFAULT_BLAS;
        // Explicit OMP_NUM_THREADS / OPENBLAS_NUM_THREADS win over the default (not over an explicit choice).
        Nd4j.getEnvironment();
        if (chosen || ompEnvironment == null || ompEnvironment.isBlank()) {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(nd);
        }
        if (chosen || blasEnvironment == null || blasEnvironment.isBlank()) {
            Nd4j.factory().blas().setMaxThreads(blas);
        }
        return describe(chosen ? "set by " + PROPERTY : "zeroth default");
    }

    private static String describe(String how) {
        return "ND4J " + ndThreads() + " thread(s), OpenBLAS " + blasThreads() + " thread(s): " + how;
    }
}
