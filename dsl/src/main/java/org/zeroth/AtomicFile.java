package org.zeroth;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a whole file or nothing: a temporary file in the same directory, fsync, rename over the old file, fsync of
 * the directory — a crash at any moment leaves the old content or the new, never a mix. For checkpoints and the
 * files beside them (θ0, a tuning's trials).
 */
public final class AtomicFile {
    /** Test hook: runs after the temporary file is written and synced, before the rename. */
    static volatile Runnable beforeRename = () -> { };

    private AtomicFile() {
    }

    /** {@code file}, when a checkpoint can be written there: its directory exists and it is no directory. */
    public static Path requireWritable(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("checkpointEvery(…, file): file is null; give e.g. Path.of(\"run.ckpt\")");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("checkpoint file " + file + " is a directory; give a file in it, e.g. "
                    + file.resolve("run.ckpt"));
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("checkpoint file " + file + ": its directory " + dir
                    + " does not exist; create the directory or choose another file");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("checkpoint file " + file + ": the directory " + dir + " cannot be"
                    + " written (its permissions); choose a directory you can write in");
        }
        return file;
    }

    /** Deletes temporary files a write killed midway left beside {@code file} (a resume: that writer is gone). */
    static void deleteLeftovers(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = "." + file.getFileName() + ".";
        try (var beside = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix)
                && p.getFileName().toString().endsWith(".tmp"))) {
            for (Path temp : beside) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // only tidying: the checkpoint itself is whole either way
        }
    }

    /**
     * Writes {@code content} to {@code file} whole or not at all. Through a stream, not an interruptible channel: an
     * interrupt pending or arriving meanwhile (a run saving as it stops, a second Ctrl-C) cannot abandon the write.
     */
    public static void write(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        // created as any file is (the umask decides who may read it; a temporary file would be owner-only)
        Path temp = Files.createFile(dir.resolve("." + file.getFileName() + "."
                + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp"));
        try {
            try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
                out.write(content);
                out.getFD().sync();
            }
            beforeRename.run();
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically; checkpoint elsewhere", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        Interrupts.holdingBack(() -> { // the directory is synced through a channel: an interrupt would close it
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // some file systems cannot open a directory for fsync; the rename itself is still atomic
            }
        });
    }
}
