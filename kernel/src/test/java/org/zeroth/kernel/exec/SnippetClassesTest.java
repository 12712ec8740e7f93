package org.zeroth.kernel.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snippet classes as Spark's executors get them: written once served, notebook variables guarded, Java 17. */
class SnippetClassesTest {
    /** A JShell-like wrapper: a static field {@code scale} (a notebook variable) and nothing else. */
    private static byte[] variableWrapper() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "REPL/$JShell$4", null, "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "scale", "D", null, null).visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** A later snippet whose method reads {@code scale} and {@code System.out}, compiled by a newer JDK. */
    private static byte[] readingWrapper(int version) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(version, Opcodes.ACC_PUBLIC, "REPL/$JShell$5", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "twice", "()D", null, null);
        mv.visitCode();
        mv.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/System", "out", "Ljava/io/PrintStream;");
        mv.visitInsn(Opcodes.POP);
        mv.visitFieldInsn(Opcodes.GETSTATIC, "REPL/$JShell$4", "scale", "D");
        mv.visitLdcInsn(2.0);
        mv.visitInsn(Opcodes.DMUL);
        mv.visitInsn(Opcodes.DRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    @Test
    void classesLoadedBeforeServingAreWrittenThenEachNewOneAsItComes(@TempDir Path dir) throws Exception {
        SnippetClasses classes = new SnippetClasses();
        classes.add("REPL.$JShell$4", variableWrapper());
        assertNull(classes.directory());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing is written before %spark");
        }
        classes.serveFrom(dir);
        assertTrue(Files.isRegularFile(dir.resolve("REPL/$JShell$4.class")));
        classes.add("REPL.$JShell$5", readingWrapper(Opcodes.V17));
        assertTrue(Files.isRegularFile(dir.resolve("REPL/$JShell$5.class")), "written when JShell loads it");
        try (var files = Files.walk(dir)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".partial")), "no half-written file is left");
        }
    }

    @Test
    void aNotebookVariableReadOnAnExecutorThrowsWithWhatToDo() throws Exception {
        Map<String, byte[]> served = Map.of("REPL.$JShell$4", ExecutorView.of(variableWrapper()),
                "REPL.$JShell$5", ExecutorView.of(readingWrapper(Opcodes.V17)));
        ClassLoader executor = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = served.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        Method twice = executor.loadClass("REPL.$JShell$5").getMethod("twice");
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> twice.invoke(null));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("'scale' is a variable of the notebook"), e.getCause().getMessage());
        assertTrue(e.getCause().getMessage().contains("Objective f(double scale)"), e.getCause().getMessage());
    }

    @Test
    void theKernelItselfStillReadsTheVariable() throws Exception {
        // the kernel's own copy (what CellRunner loads) is not rewritten: only the served one
        Map<String, byte[]> own = Map.of("REPL.$JShell$4", variableWrapper(), "REPL.$JShell$5", readingWrapper(Opcodes.V17));
        ClassLoader kernel = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = own.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        kernel.loadClass("REPL.$JShell$4").getField("scale").setDouble(null, 3.0);
        assertEquals(6.0, kernel.loadClass("REPL.$JShell$5").getMethod("twice").invoke(null));
    }

    @Test
    void classFilesNewerThanJava17AreServedAsJava17() {
        int served = new ClassReader(ExecutorView.of(readingWrapper(Opcodes.V21))).readShort(6);
        assertEquals(Opcodes.V17, served);
        assertEquals(Opcodes.V11, new ClassReader(ExecutorView.of(readingWrapper(Opcodes.V11))).readShort(6),
                "an older class file keeps its version");
    }
}
