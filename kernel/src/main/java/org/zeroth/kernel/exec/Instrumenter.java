package org.zeroth.kernel.exec;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.zeroth.kernel.KernelLog;

import java.util.HashSet;
import java.util.Set;

/**
 * Rewrites the classes JShell compiles from cells so that an interrupt can stop them on every JDK
 * ({@code Thread.stop} is gone from JDK 20 on): a call to {@link CellControl#check()} at each method start and
 * before each backward jump (every loop), and exits redirected to {@link CellControl#exit}. Library code is not
 * touched: it is interrupted cooperatively ({@code Thread.interrupt}).
 */
final class Instrumenter {
    private static final String CONTROL = CellControl.class.getName().replace('.', '/');
    private static volatile boolean warned;

    private Instrumenter() {
    }

    static byte[] instrument(byte[] classFile) {
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                    boolean hasCode = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
                    return hasCode ? new StopChecks(mv) : mv;
                }
            }, 0);
            return writer.toByteArray();
        } catch (RuntimeException e) {
            // e.g. a class file version newer than this ASM knows: run the cell uninstrumented.
            if (!warned) {
                warned = true;
                KernelLog.warn("cells run without interrupt checks (instrumentation failed)", e);
            }
            return classFile;
        }
    }

    private static final class StopChecks extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();

        StopChecks(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            check();
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) {
                check();
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            boolean exit = "(I)V".equals(descriptor)
                    && (opcode == Opcodes.INVOKESTATIC && "java/lang/System".equals(owner) && "exit".equals(name)
                    || opcode == Opcodes.INVOKEVIRTUAL && "java/lang/Runtime".equals(owner)
                    && ("exit".equals(name) || "halt".equals(name)));
            if (!exit) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            } else if (opcode == Opcodes.INVOKESTATIC) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, CONTROL, "exit", "(I)V", false);
            } else {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, CONTROL, name, "(Ljava/lang/Runtime;I)V", false);
            }
        }

        private void check() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CONTROL, "check", "()V", false);
        }
    }
}
