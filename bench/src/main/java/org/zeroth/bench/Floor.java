package org.zeroth.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.tensor.RandomStream;

/**
 * The floor of a MeZO step at dimension d on this machine: four passes of Gaussian generation plus four axpy
 * passes and two dot products, each at the best speed measured here on all cores. Bandwidth comes from a
 * STREAM-like triad (a = b + s·c over float[]); generation is the fastest of the Gaussian fills Java has:
 * ND4J's randn, the JDK's SplittableRandom.nextGaussian (McFarland's ziggurat) and Zeroth's RandomStream.
 */
final class Floor {
    private static final int CHUNK = 1 << 16;

    private Floor() {
    }

    /**
     * Named components in seconds, "floor" = 4·fill + 4·axpy + 2·dot (MeZO's four passes), and "floor, 3 passes"
     * = 3·fill + 3·axpy + 2·dot: the same work when the restore is fused into the update, as Zeroth's step does.
     */
    static Map<String, Double> measure(int d) {
        Map<String, Double> out = new LinkedHashMap<>();
        float[] a = new float[d];
        float[] b = new float[d];
        float[] c = new float[d];
        IntStream.range(0, d).parallel().forEach(i -> {
            b[i] = 1;
            c[i] = 2;
        });
        double triad = Timing.median(3, 9, () -> chunks(d, (from, to) -> {
            for (int i = from; i < to; i++) {
                a[i] = b[i] + 0.5f * c[i];
            }
        }));
        // A triad moves three float arrays (two reads, one write): 12 bytes per element.
        double bandwidth = 12.0 * d / triad;
        out.put("triad GB/s", bandwidth / 1e9);
        out.put("axpy (12 B/elt at triad speed)", 12.0 * d / bandwidth);
        out.put("dot x·x (4 B/elt at triad speed)", 4.0 * d / bandwidth);

        FloatBuffer direct = ByteBuffer.allocateDirect(4 * d).order(ByteOrder.nativeOrder()).asFloatBuffer();
        RandomStream stream = RandomStream.of(1);
        // Zeroth's bulk path (hash a block's counters, then the ziggurat) adding into a zeroed float buffer.
        double zeroth = Timing.median(2, 7, () -> chunks(d, (from, to) -> stream.addGaussian(1.0, direct, from, to)));
        out.put("fill: Zeroth RandomStream (z added to 0)", zeroth);
        double jdk = Timing.median(2, 7, () -> chunks(d, (from, to) -> {
            SplittableRandom random = new SplittableRandom(from);
            for (int i = from; i < to; i++) {
                a[i] = (float) random.nextGaussian();
            }
        }));
        out.put("fill: JDK SplittableRandom.nextGaussian", jdk);
        INDArray nd = Nd4j.createUninitialized(DataType.FLOAT, d);
        Nd4j.getRandom().setSeed(1);
        double nd4j = Timing.median(2, 7, () -> Nd4j.randn(nd, Nd4j.getRandom()));
        out.put("fill: ND4J randn", nd4j);
        double fill = Math.min(zeroth, Math.min(jdk, nd4j));
        out.put("fill (fastest)", fill);
        double axpy = out.get("axpy (12 B/elt at triad speed)");
        double dot = out.get("dot x·x (4 B/elt at triad speed)");
        out.put("floor", 4 * fill + 4 * axpy + 2 * dot);
        out.put("floor, 3 passes", 3 * fill + 3 * axpy + 2 * dot);
        nd.close();
        return out;
    }

    interface Body {
        void run(int from, int to);
    }

    private static void chunks(int n, Body body) {
        int count = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, count).parallel().forEach(k -> body.run(k * CHUNK, Math.min(n, (k + 1) * CHUNK)));
    }
}
