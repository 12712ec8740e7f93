package org.zeroth;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Running out of memory while a run sets up its arrays, before its first step: there is no run yet to keep (in the
 * loop, {@link RunRecorder} fails the run and keeps it), so the error says what to change instead of JavaCPP's
 * "Cannot allocate new LongPointer(1)".
 */
public final class OutOfMemory {
    private OutOfMemory() {
    }

    /**
     * {@code setUp}: the allocations of {@code run}'s arrays; an OutOfMemoryError there is thrown again with a message
     * naming the run's vectors, their size and what to change ({@code alternative}, e.g. inPlace(), if not null).
     */
    public static <T> T settingUp(RunBuilder<?> run, String alternative, Supplier<T> setUp) {
        try {
            return setUp.get();
        } catch (OutOfMemoryError e) {
            Config plan = run.plan();
            Object d = plan.get("dimension");
            String size = d instanceof Integer n ? String.format(Locale.ROOT, " of d = %d doubles (%.1f MB each)", n,
                    8e-6 * n) : "";
            OutOfMemoryError clear = new OutOfMemoryError(plan.get("method") + " could not set up: it copies its"
                    + " start and keeps a few more vectors" + size + ", which do not fit (" + e.getMessage() + ");"
                    + " nothing was evaluated. Start from a smaller x0" + (alternative == null ? "" : ", "
                    + alternative) + ", or " + (FailureHint.nativeMemory(e) ? "raise ND4J's limit on the process"
                    + " (-Dorg.bytedeco.javacpp.maxphysicalbytes, by default 4 × -Xmx; or 0, with"
                    + " -Dzeroth.maxPhysicalBytes to cap it gently) if the machine has the memory"
                    : "give the JVM more heap (-Xmx)"));
            clear.initCause(e);
            throw clear;
        }
    }
}
