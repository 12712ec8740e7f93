package org.zeroth.kernel.exec;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.zeroth.kernel.KernelLog;

/**
 * Keeps library code from ending the kernel's JVM: {@code Runtime.exit} and {@code Runtime.halt} (so System.exit)
 * throw, unless the kernel itself is ending ({@link #allowExit()}). A cell's own calls are rewritten by the
 * {@link Instrumenter}; this covers what it does not touch — a jar's {@code main()}, a command-line tool, a library
 * that exits on an error. The check woven into {@code java.lang.Runtime} must see only the JDK, so it is one call of
 * {@code Objects.requireNonNull} on a system property: it throws a NullPointerException carrying {@link #MESSAGE}.
 */
public final class ExitGuard {
    /** The property whose presence lets the JVM exit. */
    private static final String ALLOWED = "zeroth.kernel.exiting";
    public static final String MESSAGE = "System.exit or Runtime.halt was called by library code; the kernel keeps"
            + " running (restart it to start over)";

    private ExitGuard() {
    }

    /** Weaves the check into java.lang.Runtime; without the launcher agent (tests, other launchers) does nothing. */
    public static void install() {
        Instrumentation inst = KernelAgent.instrumentation();
        if (inst == null || !inst.isRetransformClassesSupported() || !inst.isModifiableClass(Runtime.class)) {
            KernelLog.info("exits by library code are not guarded (no retransforming agent)");
            return;
        }
        ClassFileTransformer guard = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                    ProtectionDomain domain, byte[] classFile) {
                return "java/lang/Runtime".equals(name) && loader == null ? guarded(classFile) : null;
            }
        };
        inst.addTransformer(guard, true);
        try {
            inst.retransformClasses(Runtime.class);
        } catch (Exception | LinkageError e) {
            KernelLog.warn("exits by library code are not guarded", e);
        } finally {
            inst.removeTransformer(guard);
        }
    }

    /** The kernel is ending: its own exit goes through. */
    public static void allowExit() {
        System.setProperty(ALLOWED, "true");
    }

    /** Whether {@code t} is the guard's refusal of an exit. */
    public static boolean refusedExit(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) { // reflection wraps it
            if (c instanceof NullPointerException && MESSAGE.equals(c.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static byte[] guarded(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!("exit".equals(name) || "halt".equals(name)) || !"(I)V".equals(descriptor)) {
                    return mv;
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        // Objects.requireNonNull(System.getProperty(ALLOWED), MESSAGE): no branch, no new frame
                        super.visitLdcInsn(ALLOWED);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "getProperty",
                                "(Ljava/lang/String;)Ljava/lang/String;", false);
                        super.visitLdcInsn(MESSAGE);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/util/Objects", "requireNonNull",
                                "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;", false);
                        super.visitInsn(Opcodes.POP);
                    }

                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        super.visitMaxs(Math.max(maxStack, 2), maxLocals);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
