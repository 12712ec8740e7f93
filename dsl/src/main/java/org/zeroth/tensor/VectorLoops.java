package org.zeroth.tensor;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Supplier;

/** Chooses between a loop class on the Vector API and its scalar twin, which gives the same bits; compiles them. */
final class VectorLoops {
    /**
     * Calls of each loop in {@link #compile}. In a fresh JVM on a busy machine C2 had compiled all five after 1,000
     * calls, two after 300; its thresholds grow with its queue, and a call after the compile costs about 1 µs.
     */
    static final int WARM_CALLS = 10_000;

    private VectorLoops() {
    }

    /**
     * Runs each loop of {@link BlockSums#FASTEST} and {@link FloatUpdates#FASTEST} on one block until C2 compiles
     * it (about 0.6 s of one core). Until then the Vector API runs with its vectors boxed: on a fresh JVM the first
     * {@code Tensors.dot} of 10⁴ floats took 47 ms and the first hundred 0.23 s, against 6 µs a call compiled.
     * Counts that are not a multiple of the vector length are mixed in, so the compiled loops have seen their
     * tails. Skipped where no C2 will come ({@code -Xint}, {@code -XX:TieredStopAtLevel} below 4).
     */
    static void compile() {
        if (!optimizingCompiler()) {
            return;
        }
        float[] u = new float[Chunks.BLOCK];
        float[] v = new float[Chunks.BLOCK];
        Arrays.fill(u, 1);
        Arrays.fill(v, 0.5f);
        double[] lanes = new double[BlockSums.LANES];
        for (int i = 0; i < WARM_CALLS; i++) {
            int count = Chunks.BLOCK - (i & 15);
            BlockSums.FASTEST.addTerms(u, count, lanes);
            BlockSums.FASTEST.addProducts(u, v, count, lanes);
            BlockSums.FASTEST.addSquaredDifferences(u, v, count, lanes);
            FloatUpdates.FASTEST.axpy(0, u, v, count);
            FloatUpdates.FASTEST.scale(v, 1, count);
        }
    }

    private static boolean optimizingCompiler() {
        if (ManagementFactory.getCompilationMXBean() == null) {
            return false;
        }
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return !Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue())
                    || Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4;
        } catch (RuntimeException | LinkageError e) {
            return true; // not HotSpot: assume its JIT optimizes
        }
    }

    /**
     * A new {@code vectorClass} (of this package) where the JVM has {@code jdk.incubator.vector} and the CPU 256-bit
     * vectors (its constructor throws {@link UnsupportedOperationException} otherwise), else {@code scalar}'s.
     */
    static <T> T load(Class<T> type, String vectorClass, Supplier<T> scalar) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return scalar.get();
        }
        try {
            // By name: a class that links against the incubator module must not be loaded without it.
            return type.cast(Class.forName(VectorLoops.class.getPackageName() + "." + vectorClass)
                    .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | UnsupportedOperationException e) {
            return scalar.get();
        }
    }
}
