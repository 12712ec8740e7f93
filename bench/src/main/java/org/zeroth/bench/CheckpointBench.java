package org.zeroth.bench;

import static org.zeroth.Zo.zo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.Run;
import org.zeroth.Zo;
import org.zeroth.tensor.Tensors;

/**
 * Issue 13: what checkpointEvery costs per step and how large a checkpoint is, as ratios against the same run
 * without checkpoints (best of three alternating rounds); and what a resume's replay costs per replayed step.
 * {@code bench/run.sh checkpoint} runs it.
 */
public final class CheckpointBench {
    private CheckpointBench() {
    }

    /** Σ xᵢ² over x's own memory: cheap, so the library's own work shows. */
    static double sphere(INDArray x) {
        DoubleBuffer v = Tensors.readAsDoubles(x);
        double s = 0;
        for (int i = 0; i < v.limit(); i++) {
            s += v.get(i) * v.get(i);
        }
        return s;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("zeroth-checkpoint-bench");
        System.out.printf("# checkpoint bench, %s, java %s, %s, load %.1f%n", LocalDate.now(), Runtime.version(),
                cpu(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| run | steps | every | time/step without | with | ratio | checkpoint bytes | replay/step | replay ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        double[] x100 = new double[100];
        java.util.Arrays.fill(x100, 1);
        double[] x10 = new double[10];
        java.util.Arrays.fill(x10, 1);
        for (int every : new int[] {1, 100}) {
            measure("ZO-Adam d=100 q=4", 1000, every, dir, p -> {
                var b = zo.minimize(CheckpointBench::sphere).from(x100).queries(4).adam(1e-2).progress(false);
                return (p == null ? b : b.checkpointEvery(every, p)).steps(1000);
            });
            measure("CMA-ES d=10", 2000, every, dir, p -> {
                var b = zo.cmaes(CheckpointBench::sphere).from(x10).progress(false);
                return (p == null ? b : b.checkpointEvery(every, p)).steps(2000);
            });
        }
        measure("CBO d=10 N=50", 200, 1, dir, p -> {
            var b = zo.cbo(CheckpointBench::sphere).from(x10).progress(false);
            return (p == null ? b : b.checkpointEvery(1, p)).steps(200);
        });
        measure("MeZO inPlace d=1e6", 30, 1, dir, p -> {
            var b = zo.minimize(CheckpointBench::sphere).from(Nd4j.ones(1_000_000)).central().sgd(1e-4).inPlace()
                    .progress(false);
            return (p == null ? b : b.checkpointEvery(1, p)).steps(30);
        });
    }

    /** {@code run.apply(null)}: the run without checkpoints; {@code run.apply(file)}: with them. */
    private static void measure(String name, long steps, int every, Path dir, Function<Path, Run> run)
            throws IOException {
        Path file = dir.resolve(name.replaceAll("\\W", "") + every + ".ckpt");
        double without = Double.MAX_VALUE;
        double with = Double.MAX_VALUE;
        double replay = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            without = Math.min(without, seconds(() -> run.apply(null)));
            with = Math.min(with, seconds(() -> run.apply(file)));
            replay = Math.min(replay, seconds(() -> Zo.resume(file, CheckpointBench::sphere).finish()));
        }
        long size = Files.size(file);
        Path x0 = file.resolveSibling(file.getFileName() + ".x0");
        String bytes = size + (Files.exists(x0) ? " (+ θ0 " + Files.size(x0) + " once)" : "");
        System.out.printf("| %s | %d | %d | %.3g ms | %.3g ms | %.2f | %s | %.3g ms | %.2f |%n", name, steps, every,
                1e3 * without / steps, 1e3 * with / steps, with / without, bytes, 1e3 * replay / steps, replay / without);
    }

    private static double seconds(Supplier<Run> run) {
        long t = System.nanoTime();
        run.get();
        return (System.nanoTime() - t) * 1e-9;
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?") + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException e) {
            return "?";
        }
    }
}
