package org.zeroth.space;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.zeroth.AtomicFile;

/**
 * The file beside an ask/tell tuning's checkpoint ({@code file.trials}) with what the method's run does not keep:
 * each evaluation's configuration (as its cube point), its loss and whether it was trained or told from a repeat.
 */
final class TrialsFile {
    private static final int VERSION = 1;

    private TrialsFile() {
    }

    static Path beside(Path checkpoint) {
        return checkpoint.resolveSibling(checkpoint.getFileName() + ".trials");
    }

    /** Writes the evaluations atomically, synced to disk (before the checkpoint they belong to). */
    static void write(Path file, Space space, Map<Long, CubeObjective.Entry> log) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeUTF(space.toString());
            out.writeInt(log.size());
            for (Map.Entry<Long, CubeObjective.Entry> e : log.entrySet()) {
                out.writeLong(e.getKey());
                out.writeDouble(e.getValue().value());
                out.writeBoolean(e.getValue().called());
                for (double u : space.encode(e.getValue().params())) {
                    out.writeDouble(u);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e); // in memory
        }
        try {
            AtomicFile.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e, e);
        }
    }

    /** The evaluations in {@code file}, by evaluation number; the space must be the one the tuning ran over. */
    static TreeMap<Long, CubeObjective.Entry> read(Path file, Space space) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is missing: TuningOptimization.save(checkpoint) writes it"
                    + " beside the checkpoint; keep the two together (a run's own checkpoint resumes with Zo.resume)");
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(file + " is not a trials file this Zeroth reads (version "
                        + version + ")");
            }
            String saved = in.readUTF();
            if (!saved.equals(space.toString())) {
                throw new IllegalArgumentException("the checkpoint's tuning ran over " + saved + ", not over " + space
                        + "; resume it with the space it was started with");
            }
            TreeMap<Long, CubeObjective.Entry> log = new TreeMap<>();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                long id = in.readLong();
                double value = in.readDouble();
                boolean called = in.readBoolean();
                double[] u = new double[space.dimension()];
                for (int j = 0; j < u.length; j++) {
                    u[j] = in.readDouble();
                }
                log.put(id, new CubeObjective.Entry(space.decode(u), value, called));
            }
            return log;
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is truncated or corrupted (" + e + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e, e);
        }
    }
}
