package org.zeroth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A checkpoint file (format in the README, "Checkpoint format"): the builder, the seed in it, and every value the
 * run was told, from which {@link Zo#resume} replays the run exactly. Written atomically: a temporary file in the
 * same directory, fsync, rename over the old file, fsync of the directory — a crash at any moment leaves the old
 * checkpoint or the new one, never a mix.
 *
 * @param plan       the run's settings as text (for people, and for error messages)
 * @param totalSteps the n of {@code steps(n)} ({@code Long.MAX_VALUE} for {@code start()})
 * @param steps      steps completed when it was written
 * @param seconds    the trace's seconds of those steps (a resumed run's trace shows them, not the replay's)
 * @param elapsedNanos the run's time when it was written, which its time limit counts on a resume
 * @param builder    the builder, serialized ({@link BuilderCodec})
 * @param x0         SHA-256 of θ0 in {@code <file>.x0} for an in-place run, else null
 * @param values     every value told, in evaluation order, in the user's sense
 * @param pending    told values of an unfinished ask/tell batch, by candidate id
 */
record Checkpoint(String zeroth, String plan, long totalSteps, long steps, double[] seconds, long elapsedNanos,
                  byte[] builder, String x0, double[] values, Map<Long, Double> pending) {
    static final int FORMAT = 2;
    private static final byte[] MAGIC = "ZEROTHCK".getBytes(StandardCharsets.US_ASCII);

    static String zerothVersion() {
        return Versions.zeroth();
    }

    void write(Path file) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + builder.length + 8 * values.length);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(FORMAT);
            writeString(out, zeroth);
            writeString(out, plan);
            out.writeLong(totalSteps);
            out.writeLong(steps);
            writeDoubles(out, seconds);
            out.writeLong(elapsedNanos);
            out.writeInt(builder.length);
            out.write(builder);
            out.writeBoolean(x0 != null);
            if (x0 != null) {
                writeString(out, x0);
            }
            writeDoubles(out, values);
            out.writeInt(pending.size());
            for (var e : pending.entrySet()) {
                out.writeLong(e.getKey());
                out.writeDouble(e.getValue());
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            AtomicFile.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoint " + file + ": " + e, e);
        }
    }

    static Checkpoint read(Path file) {
        if (file == null || Files.isDirectory(file)) {
            throw new IllegalArgumentException((file == null ? "the checkpoint's path is null" : file
                    + " is a directory") + ": give the file that checkpointEvery(…) or save(file) wrote");
        }
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no checkpoint at " + file + ": give the file that checkpointEvery(…)"
                    + " or save(file) wrote");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint " + file + ": " + e, e);
        }
        if (all.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException(file + " is not a Zeroth checkpoint (it does not start with \"ZEROTHCK\")");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length));
            int format = in.readInt();
            CRC32 crc = new CRC32();
            crc.update(all, 0, Math.max(0, all.length - 8));
            boolean whole = all.length >= MAGIC.length + 12
                    && ByteBuffer.wrap(all, all.length - 8, 8).getLong() == crc.getValue();
            if (format != FORMAT && whole) {
                throw new IllegalArgumentException(file + " is a checkpoint of format version " + format
                        + "; this Zeroth (" + zerothVersion() + ") reads version " + FORMAT);
            }
            if (!whole) { // a damaged format field too: not a version this Zeroth should be blamed for
                throw new IllegalArgumentException(file + " is truncated or corrupted (its checksum does not match,"
                        + " " + all.length + " bytes); use an older copy, or start the run again");
            }
            String version = readString(in);
            if (!version.equals(zerothVersion())) {
                throw new IllegalArgumentException(file + " was written by zeroth " + version + ", and this is zeroth "
                        + zerothVersion() + ": resume it with the version that wrote it");
            }
            String plan = readString(in);
            long totalSteps = in.readLong();
            long steps = in.readLong();
            double[] seconds = readDoubles(in);
            long elapsedNanos = in.readLong();
            byte[] builder = in.readNBytes(in.readInt());
            String x0 = in.readBoolean() ? readString(in) : null;
            double[] values = readDoubles(in);
            int m = in.readInt();
            Map<Long, Double> pending = new LinkedHashMap<>();
            for (int i = 0; i < m; i++) {
                pending.put(in.readLong(), in.readDouble());
            }
            return new Checkpoint(version, plan, totalSteps, steps, seconds, elapsedNanos, builder, x0, values, pending);
        } catch (EOFException | NegativeArraySizeException | OutOfMemoryError e) {
            throw new IllegalArgumentException(file + " is truncated or corrupted (" + e + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint " + file + ": " + e, e);
        }
    }

    private static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
        out.writeInt(v.length);
        ByteBuffer doubles = ByteBuffer.allocate(8 * v.length);
        doubles.asDoubleBuffer().put(v);
        out.write(doubles.array());
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        double[] v = new double[n];
        ByteBuffer.wrap(in.readNBytes(8 * n)).asDoubleBuffer().get(v);
        return v;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new EOFException("a string of " + n + " bytes runs past the end");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /**
     * θ0 of an in-place (MeZO) run: the run changes the caller's array, so θ0 is written once beside the checkpoint,
     * as {@code <file>.x0} (ND4J's binary format), and the checkpoint holds only its SHA-256.
     */
    static final class Start {
        private final String sha256;
        private byte[] bytes;
        private Path written;

        private Start(byte[] bytes, String sha256) {
            this.bytes = bytes;
            this.sha256 = sha256;
        }

        static Start of(INDArray theta0) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Nd4j.write(theta0, new DataOutputStream(out));
                byte[] b = out.toByteArray();
                return new Start(b, sha256(b));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String sha256() {
            return sha256;
        }

        static Path beside(Path file) {
            return file.resolveSibling(file.getFileName() + ".x0");
        }

        /** Writes θ0 beside {@code file} unless it is there already; afterwards keeps no copy in memory. */
        synchronized void writeBeside(Path file) {
            Path target = beside(file);
            try {
                if (Files.exists(target) && sha256(Files.readAllBytes(target)).equals(sha256)) {
                    return;
                }
                AtomicFile.write(target, bytes != null ? bytes : Files.readAllBytes(written));
                written = target;
                bytes = null;
            } catch (IOException e) {
                throw new UncheckedIOException("could not write θ0 beside the checkpoint, to " + target + ": " + e, e);
            }
        }

        /** θ0 from beside {@code file}, checked against the checkpoint's hash. */
        static Start readBeside(Path file, String sha256) {
            Path source = beside(file);
            try {
                byte[] b = Files.readAllBytes(source);
                if (!sha256(b).equals(sha256)) {
                    throw new IllegalArgumentException(source + " is not the θ0 of the in-place run in " + file
                            + " (its SHA-256 differs); restore the .x0 file written with the checkpoint");
                }
                Start s = new Start(null, sha256);
                s.written = source;
                return s;
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("the in-place run in " + file + " needs its θ0 beside it, in "
                        + source + ", which is missing; copy it along with the checkpoint");
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + source + ": " + e, e);
            }
        }

        INDArray load() {
            try {
                byte[] b = bytes != null ? bytes : Files.readAllBytes(written);
                return Nd4j.read(new DataInputStream(new ByteArrayInputStream(b)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String sha256(byte[] b) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
    }
}
