package org.zeroth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.tensor.Tensors;

/**
 * Line 11: the first calls of Zeroth's float32 ops in a fresh JVM, with {@link Tensors#warmUp} first (what the
 * kernel runs at start-up) and without (plain Java that never calls it). Until the JIT compiles them, the Vector API
 * loops run with their vectors boxed. One child JVM per op and mode; ND4J is loaded before the clock starts.
 */
final class FirstCalls {
    static final List<String> OPS = List.of("dot", "sum", "axpy");
    static final int DIMENSION = 10_000;
    static final int CALLS = 100;

    private FirstCalls() {
    }

    /** Per op: {seconds of the first {@link #CALLS} calls without warm-up, with it, seconds the warm-up took}. */
    static Map<String, double[]> measure() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String op : OPS) {
            JsonNode cold = Child.jvm(Child.jvmOptions(), FirstCalls.class, op, "cold");
            JsonNode warm = Child.jvm(Child.jvmOptions(), FirstCalls.class, op, "warm");
            out.put(op, new double[] {cold.get("first_calls_s").asDouble(), warm.get("first_calls_s").asDouble(),
                    warm.get("warm_up_s").asDouble()});
        }
        return out;
    }

    /** Child: {@code op warm|cold}; prints the warm-up's and the first calls' seconds as JSON. */
    public static void main(String[] args) {
        long start = System.nanoTime();
        if (args[1].equals("warm")) {
            Tensors.warmUp();
        }
        double warmUp = (System.nanoTime() - start) / 1e9;
        INDArray x = Nd4j.rand(DataType.FLOAT, DIMENSION);
        INDArray y = Nd4j.rand(DataType.FLOAT, DIMENSION);
        Runnable call = switch (args[0]) {
            case "dot" -> () -> Tensors.dot(x, y);
            case "sum" -> () -> Tensors.sum(x);
            case "axpy" -> () -> Tensors.axpy(1e-7, x, y); // a coefficient no BLAS call gives exactly: the Java loop
            default -> throw new IllegalArgumentException("op " + args[0] + ": choose from " + OPS);
        };
        start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        double calls = (System.nanoTime() - start) / 1e9;
        System.out.println(Python.json(Map.of("warm_up_s", warmUp, "first_calls_s", calls)));
        System.exit(0);
    }
}
