package org.zeroth.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.tensor.Tensors;

/**
 * Tensors.mmul 1000² and Tensors.norm at 10⁶ and 10⁷ (float32, median ms) in a child JVM per OPENBLAS_CORETYPE
 * of Zeroth's OpenBLAS — OpenBLAS's own choice (the variable and OPENBLAS_L2_SIZE removed), Haswell (AVX2),
 * SkylakeX (AVX-512) — with the core OpenBLAS reports (OPENBLAS_VERBOSE). Section {@code openblas}: what the OpenBLAS
 * version in dsl/pom.xml buys over ND4J's own (which took a Zen 5 for a 2007 Barcelona).
 */
final class OpenBlasKernels {
    private static final String[] CORES = {"", "Haswell", "SkylakeX"};

    private OpenBlasKernels() {
    }

    static String measure() throws Exception {
        StringBuilder out = new StringBuilder(String.format("Zeroth's OpenBLAS %s by OPENBLAS_CORETYPE (median ms; one"
                + " child JVM each):", version()));
        out.append(String.format("%n    %-22s %-12s %10s %10s %10s", "OPENBLAS_CORETYPE", "core", "mmul 1000²",
                "norm 1e6", "norm 1e7"));
        for (String core : CORES) {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), OpenBlasKernels.class.getName()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeAll(List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"));
            if (!core.isEmpty()) {
                builder.environment().put("OPENBLAS_CORETYPE", core);
            }
            builder.environment().put("OPENBLAS_VERBOSE", "2");
            Process child = builder.start();
            List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .toList();
            child.waitFor();
            String reported = reportedCore(lines.stream()).orElse("?");
            String figures = lines.isEmpty() ? "failed" : lines.get(lines.size() - 1);
            out.append(String.format("%n    %-22s %-12s %s", core.isEmpty() ? "(OpenBLAS's choice)" : core, reported,
                    figures));
        }
        return out.toString();
    }

    /** The org.bytedeco OpenBLAS on the class path (the one ND4J and Zeroth load). */
    static String version() {
        try {
            return String.valueOf(Loader.getVersion("org.bytedeco", "openblas"));
        } catch (java.io.IOException e) {
            return "(version unknown: " + e.getMessage() + ")";
        }
    }

    /** The kernels OpenBLAS says it chose, from a process's output under OPENBLAS_VERBOSE=2 ("Core: …"). */
    static Optional<String> reportedCore(Stream<String> lines) {
        return lines.filter(l -> l.startsWith("Core: ")).map(l -> l.substring(6).strip()).findFirst();
    }

    /** In the child: the three medians on one line. */
    public static void main(String[] args) {
        Tensors.warmUp();
        INDArray a = Nd4j.rand(DataType.FLOAT, 1000, 1000);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1000, 1000);
        INDArray c = Nd4j.create(DataType.FLOAT, 1000, 1000);
        INDArray x6 = Nd4j.rand(DataType.FLOAT, 1_000_000);
        INDArray x7 = Nd4j.rand(DataType.FLOAT, 10_000_000);
        double mmul = Timing.median(5, 31, () -> Tensors.mmul(a, b, c));
        double norm6 = Timing.median(50, 501, () -> Tensors.norm(x6));
        double norm7 = Timing.median(10, 101, () -> Tensors.norm(x7));
        System.out.printf("%10.2f %10.3f %10.3f%n", mmul * 1e3, norm6 * 1e3, norm7 * 1e3);
        System.exit(0);
    }
}
