package org.zeroth.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.Objective;
import org.zeroth.tensor.Tensors;

/**
 * The ND4J ops an objective is written with, timed as a user calls them (float32): the median of repeated calls.
 * python/numpy_bench.py's {@code ops} times numpy's counterparts under the same names.
 */
final class NdOps {
    static final int MATRIX = 1000;

    private NdOps() {
    }

    /** Median seconds per call of each op at dimension d ({@code mmul} is {@link #MATRIX}² whatever d). */
    static Map<String, Double> measure(int d, boolean withMatrix) {
        int repeats = d >= 10_000_000 ? 15 : d >= 1_000_000 ? 40 : d >= 100_000 ? 200 : 20_000;
        int warmups = Math.max(3, repeats / 5);
        INDArray x = Nd4j.rand(DataType.FLOAT, d);
        INDArray y = Nd4j.rand(DataType.FLOAT, d);
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("addi", Timing.median(warmups, repeats, () -> x.addi(y)));
        t.put("Tensors.axpy", Timing.median(warmups, repeats, () -> Tensors.axpy(1, y, x)));
        t.put("mul", Timing.median(warmups, repeats, () -> x.mul(y).close()));
        INDArray nearOne = nearOne(d);
        t.put("Tensors.multiply", Timing.median(warmups, repeats, () -> Tensors.multiply(nearOne, y)));
        t.put("axpy", Timing.median(warmups, repeats, () -> Nd4j.getBlasWrapper().level1().axpy(d, 1e-7, y, x)));
        t.put("dot", Timing.median(warmups, repeats, () -> Nd4j.getBlasWrapper().dot(x, y)));
        t.put("Tensors.dot", Timing.median(warmups, repeats, () -> Tensors.dot(x, y)));
        t.put("norm2Number", Timing.median(warmups, repeats, () -> x.norm2Number()));
        t.put("Tensors.norm", Timing.median(warmups, repeats, () -> Tensors.norm(x)));
        t.put("sumNumber", Timing.median(warmups, repeats, () -> x.sumNumber()));
        t.put("Tensors.sum", Timing.median(warmups, repeats, () -> Tensors.sum(x)));
        t.put("randn", Timing.median(warmups, repeats, () -> Nd4j.randn(DataType.FLOAT, d).close()));
        org.zeroth.tensor.RandomStream z = org.zeroth.tensor.RandomStream.of(d);
        t.put("Tensors.randn", Timing.median(warmups, repeats, () -> Tensors.randn(z, DataType.FLOAT, d).close()));
        if (withMatrix) {
            INDArray a = Nd4j.rand(DataType.FLOAT, MATRIX, MATRIX);
            INDArray b = Nd4j.rand(DataType.FLOAT, MATRIX, MATRIX);
            t.put("mmul", Timing.median(3, 15, () -> a.mmul(b).close()));
            t.put("Tensors.mmul", Timing.median(3, 15, () -> Tensors.mmul(a, b).close()));
            a.close();
            b.close();
        }
        x.close();
        y.close();
        nearOne.close();
        return t;
    }

    /**
     * Seconds per evaluation of f(x) = ‖x‖² over a float64 x (the vectors a run hands its objective) written three
     * ways: ND4J code ({@code x.norm2Number()} squared), {@code Objective.ofArray} over a Java loop, and
     * {@link Tensors#squaredNorm}; for each d in {@code dimensions}.
     */
    static Map<String, double[]> objectiveCosts(int[] dimensions) {
        Objective nd4j = x -> {
            double n = x.norm2Number().doubleValue();
            return n * n;
        };
        Objective array = Objective.ofArray(v -> {
            double s = 0;
            for (double e : v) {
                s += e * e;
            }
            return s;
        });
        Objective tensors = Tensors::squaredNorm;
        Map<String, double[]> costs = new LinkedHashMap<>();
        costs.put("ND4J x.norm2Number()", new double[dimensions.length]);
        costs.put("Objective.ofArray", new double[dimensions.length]);
        costs.put("Tensors.squaredNorm", new double[dimensions.length]);
        for (int i = 0; i < dimensions.length; i++) {
            INDArray x = Nd4j.rand(DataType.DOUBLE, dimensions[i]);
            int repeats = (int) Math.max(20, Math.min(20_000, 2e8 / Math.max(1, dimensions[i]) / 10));
            costs.get("ND4J x.norm2Number()")[i] = Timing.median(repeats / 4, repeats, () -> nd4j.value(x));
            costs.get("Objective.ofArray")[i] = Timing.median(repeats / 4, repeats, () -> array.value(x));
            costs.get("Tensors.squaredNorm")[i] = Timing.median(repeats / 4, repeats, () -> tensors.value(x));
            x.close();
        }
        return costs;
    }

    /**
     * Median seconds of a 1-element {@code addi}, {@link Tensors#axpy} (the same x += y), {@link Tensors#multiply},
     * {@code norm2Number} and {@link Tensors#norm} (per-op overhead).
     */
    static Map<String, Double> oneElement() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 1);
        INDArray y = Nd4j.ones(DataType.FLOAT, 1).muli(1e-7f);
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("addi", Timing.median(20_000, 100_000, () -> x.addi(y)));
        t.put("Tensors.axpy", Timing.median(20_000, 100_000, () -> Tensors.axpy(1, y, x)));
        INDArray nearOne = nearOne(1);
        t.put("Tensors.multiply", Timing.median(20_000, 100_000, () -> Tensors.multiply(nearOne, y)));
        t.put("norm2Number", Timing.median(20_000, 100_000, () -> x.norm2Number()));
        t.put("Tensors.norm", Timing.median(20_000, 100_000, () -> Tensors.norm(x)));
        return t;
    }

    /** Factors in [1, 1 + 2.4e-7): y *= them stays in float's normal range however often it is repeated (as numpy's). */
    private static INDArray nearOne(int d) {
        return Nd4j.rand(DataType.FLOAT, d).muli(2.4e-7).addi(1);
    }

    /** A process that keeps one core busy (pinned to the last core when taskset exists) until stopped. */
    static AutoCloseable busyLoop() {
        int last = Runtime.getRuntime().availableProcessors() - 1;
        String loop = "while :; do :; done";
        boolean taskset = new java.io.File("/usr/bin/taskset").canExecute();
        ProcessBuilder pb = taskset ? new ProcessBuilder("/usr/bin/taskset", "-c", String.valueOf(last), "sh", "-c", loop)
                : new ProcessBuilder("sh", "-c", loop);
        try {
            Process p = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(200);
            return () -> {
                p.destroy();
                p.waitFor();
            };
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the busy loop: " + e.getMessage(), e);
        }
    }

    /** Runs {@code body} with a busy loop beside it when {@code loaded}. */
    static <T> T under(boolean loaded, Supplier<T> body) {
        if (!loaded) {
            return body.get();
        }
        try (AutoCloseable busy = busyLoop()) {
            return body.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code java … NdOps}: the per-op overhead and objective costs in this JVM (its javacpp options), as JSON. */
    public static void main(String[] args) {
        Tensors.warmUp();
        Map<String, Object> out = new LinkedHashMap<>(oneElement());
        out.put("physical_bytes_cap", org.bytedeco.javacpp.Pointer.maxPhysicalBytes());
        int[] dimensions = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
        out.put("dimensions", dimensions);
        out.putAll(objectiveCosts(dimensions));
        System.out.println(Python.json(out));
        System.exit(0);
    }
}
