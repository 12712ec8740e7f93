package org.zeroth.tensor;

import java.util.function.Supplier;

/** Chooses between a loop class on the Vector API and its scalar twin, which gives the same bits. */
final class VectorLoops {
    private VectorLoops() {
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
