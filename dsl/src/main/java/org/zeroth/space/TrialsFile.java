package org.zeroth.space;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.io.UTFDataFormatException;
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
    /** 2: the space written exactly ({@link Space#write}); 1 wrote its text, whose 6 digits hid other spaces. */
    private static final int VERSION = 2;

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
            space.write(out);
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
                        + version + ", this Zeroth reads " + VERSION + (version == 1 ? ": version 1 kept its space"
                        + " only as text, too coarse to check it by" : "") + "); resume it with the Zeroth that"
                        + " wrote it, or start the tuning again");
            }
            Space saved = Space.read(in);
            if (!saved.equals(space)) {
                // Every difference, exactly: a 7th digit or a choice's place changes which configuration a point is.
                throw new IllegalArgumentException("the trials in " + file + " were told over another space than"
                        + " this one — " + space.differences(saved) + "; resume it with the space it was started"
                        + " with (give it the file's values), or start a new tuning over this one");
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
        } catch (UTFDataFormatException | StreamCorruptedException e) {
            throw new IllegalArgumentException(file + " is corrupted (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e, e);
        }
    }
}
