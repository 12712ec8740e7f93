package org.zeroth.kernel.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The class files JShell compiled from cells, as compiled (before {@link Instrumenter}), for JVMs that are not the
 * kernel's: a notebook lambda shipped to a Spark executor is a {@code SerializedLambda} naming its snippet class,
 * which lives only in JShell's in-memory loader. As spark-shell does, the classes are written to a directory that
 * the driver serves ({@code spark.repl.class.outputDir}); executors fetch them from there by name.
 * <p>
 * Until {@link #serveFrom} is called (the {@code %spark} magic), classes are only kept in memory (a few KB a cell),
 * so cells of a notebook without Spark cost nothing more; from then on each is written when JShell loads it, before
 * its code runs. The written copy goes through {@link ExecutorView}: a read of a notebook variable fails there with
 * a message instead of silently seeing null or 0.
 */
public final class SnippetClasses {
    private final Map<String, byte[]> pending = new LinkedHashMap<>();
    private Path directory;

    synchronized void add(String name, byte[] classFile) {
        if (directory == null) {
            pending.put(name, classFile);
        } else {
            write(name, classFile);
        }
    }

    /** Writes every class so far, and from now on each new one, under {@code dir} (package folders, .class). */
    public synchronized void serveFrom(Path dir) {
        directory = dir;
        pending.forEach(this::write);
        pending.clear();
    }

    /** The directory classes are written to, or null while they are not served. */
    public synchronized Path directory() {
        return directory;
    }

    private void write(String name, byte[] classFile) {
        Path file = directory.resolve(name.replace('.', '/') + ".class");
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.write(partial, ExecutorView.of(classFile));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the class " + name + " for Spark's executors to " + file, e);
        }
    }
}
