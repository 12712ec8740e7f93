package org.zeroth.kernel.exec;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A snippet class as another JVM (a Spark executor) gets it. A notebook variable is a static field of JShell's
 * wrapper class, set by the cell that ran in the kernel; an executor that loads the class has the field at null or
 * 0, so a lambda reading it would compute silently with the wrong value. Here every such read becomes a call that
 * throws an {@link IllegalStateException} naming the variable and saying what to do. (In the kernel's own JVM,
 * e.g. {@code local[2]}, the real classes are found first and variables work as usual.)
 * <p>
 * Executors may run an older JDK than the kernel (Spark 4 runs on 17+) and could not load its newer class files
 * (UnsupportedClassVersionError): a newer class file is marked as Java 17's. Cells compile to the same
 * instructions either way; a cell that calls an API the executors' JDK lacks fails there with NoSuchMethodError.
 */
final class ExecutorView {
    /** JShell's top-level wrappers, whose static fields are the notebook's variables. */
    private static final Pattern WRAPPER = Pattern.compile("REPL/\\$JShell\\$\\d+[A-Z]*");

    /** The oldest JDK Spark 4 runs on. */
    static final int EXECUTOR_JAVA = Opcodes.V17;

    private ExecutorView() {
    }

    static byte[] of(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        Map<String, String> helpers = new LinkedHashMap<>(); // a field type's descriptor -> its helper's name
        boolean[] isInterface = new boolean[1];
        String[] owner = new String[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                owner[0] = name;
                isInterface[0] = (access & Opcodes.ACC_INTERFACE) != 0;
                super.visit((version & 0xFFFF) > EXECUTOR_JAVA ? EXECUTOR_JAVA : version, access, name, signature,
                        superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitFieldInsn(int opcode, String fieldOwner, String field, String type) {
                        if (opcode != Opcodes.GETSTATIC || !WRAPPER.matcher(fieldOwner).matches()) {
                            super.visitFieldInsn(opcode, fieldOwner, field, type);
                            return;
                        }
                        String helper = helpers.computeIfAbsent(type, t -> "$zeroth$notebookVariable$" + helpers.size());
                        super.visitLdcInsn(message(field, Type.getType(type)));
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, owner[0], helper,
                                "(Ljava/lang/String;)" + type, isInterface[0]);
                    }
                };
            }

            @Override
            public void visitEnd() {
                helpers.forEach((type, name) -> addThrower(cv, name, type));
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }

    static String message(String variable, Type type) {
        String simple = type.getClassName().substring(type.getClassName().lastIndexOf('.') + 1);
        return "'" + variable + "' is a variable of the notebook: its value stays in the kernel, and this Spark "
                + "executor (another JVM) does not have it. Give the lambda the value instead: capture a local or a "
                + "parameter, e.g. Objective f(" + simple + " " + variable + ") { return x -> ... " + variable + " ...; }, "
                + "or put it in the data the job ships (a shard, a broadcast)";
    }

    /** {@code static T name(String message) { throw new IllegalStateException(message); }} */
    private static void addThrower(ClassVisitor cv, String name, String type) {
        MethodVisitor mv = cv.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, name,
                Type.getMethodDescriptor(Type.getType(type), Type.getType(String.class)), null, null);
        mv.visitCode();
        mv.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                "(Ljava/lang/String;)V", false);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
