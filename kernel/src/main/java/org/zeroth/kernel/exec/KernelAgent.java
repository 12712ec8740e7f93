package org.zeroth.kernel.exec;

import java.lang.instrument.Instrumentation;

/**
 * The kernel jar's launcher agent ({@code Launcher-Agent-Class}): {@code java -jar} hands it the JVM's
 * {@link Instrumentation} before {@code main}, so that {@link CellRunner} can redefine a cell's class in place when
 * the user edits a method, as JShell's own remote engine does. Without it (tests, other launchers) a changed
 * method gets a new class and code built on the old one keeps calling the old one.
 */
public final class KernelAgent {
    private static volatile Instrumentation instrumentation;

    private KernelAgent() {
    }

    public static void agentmain(String args, Instrumentation inst) {
        instrumentation = inst;
    }

    /** The JVM's Instrumentation, or null without the launcher agent. */
    static Instrumentation instrumentation() {
        return instrumentation;
    }

    /** The JVM's Instrumentation when it can redefine classes, else null. */
    static Instrumentation redefiner() {
        Instrumentation inst = instrumentation;
        return inst != null && inst.isRedefineClassesSupported() ? inst : null;
    }
}
