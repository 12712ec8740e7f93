package org.zeroth.spark;

import static org.zeroth.Zo.zo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.Backend;
import org.zeroth.Objective;
import org.zeroth.Run;

/**
 * bench/run.sh spark: what a step costs on Spark against threads — the fixed overhead of a step, the bytes a
 * data-parallel MeZO step moves as d grows, a 50 ms objective's population at 1, 2 and 4 workers, and the
 * objective cost at which Spark's overhead pays. Prints a table (bench/README.md explains each line).
 */
public final class SparkBench {
    private static final List<String> lines = new ArrayList<>();

    private SparkBench() {
    }

    public static void main(String[] args) throws Exception {
        String load0 = load();
        long start = System.nanoTime();
        boolean all = args.length == 0 || !args[0].equals("bytes"); // bytes: only the cluster's bytes per step
        double threadsOverhead = emptyStep(Backend.threads(2));
        double localOverhead = all ? emptyStep(TestSpark.use("local[2]")) : Double.NaN;
        row("empty step (2 points), threads(2)", ms(threadsOverhead), "");
        row("empty step (2 points), local[2]", ms(localOverhead), String.format("%.0f× threads", localOverhead / threadsOverhead));

        double[] threadsPop = new double[3];
        double[] sparkPop = new double[3];
        int[] workers = {1, 2, 4};
        for (int i = 0; i < (all ? workers.length : 0); i++) {
            threadsPop[i] = population(Backend.threads(workers[i]));
            sparkPop[i] = population(TestSpark.use("local[" + workers[i] + "]"));
            row("CBO step, 8 particles × 50 ms, " + workers[i] + " worker" + (workers[i] > 1 ? "s" : ""),
                    ms(sparkPop[i]) + " (Spark local[" + workers[i] + "])", ms(threadsPop[i]) + " threads, "
                            + String.format("%.2f×", sparkPop[i] / threadsPop[i]));
        }
        TestSpark.close();
        try (LoopbackCluster cluster = LoopbackCluster.start(2, 1)) {
            List<String> conf = new ArrayList<>();
            cluster.driverConf().forEach((k, v) -> {
                conf.add(k);
                conf.add(v);
            });
            SparkBackend remote = TestSpark.use(cluster.masterUrl(), conf.toArray(String[]::new));
            awaitExecutors(remote.context(), 2);
            double clusterOverhead = all ? emptyStep(remote) : Double.NaN;
            if (all) {
                row("empty step (2 points), loopback cluster (2 executor JVMs)", ms(clusterOverhead),
                        String.format("%.0f× threads", clusterOverhead / threadsOverhead));
                double clusterPop = population(remote);
                row("CBO step, 8 particles × 50 ms, loopback cluster (2 workers)", ms(clusterPop),
                        String.format("%.2f× threads(2)", clusterPop / threadsPop[1]));
            }
            for (int d : new int[] {10_000, 1_000_000, 10_000_000}) {
                long seedOnly = bytesPerStep(cluster, remote.context(), d, true);
                String shipped = d <= 1_000_000 ? bytes(bytesPerStep(cluster, remote.context(), d, false))
                        + " with θ broadcast per evaluation" : "θ broadcast not run at this d (≈ " + bytes(16L * d * 2)
                        + " expected)";
                row("data-parallel MeZO step, d = " + d + ", bytes in+out of 2 executors", bytes(seedOnly)
                        + " seed-only", shipped);
            }
            for (int d : new int[] {10_000, 1_000_000, 10_000_000}) {
                long seeds = queryBytesPerStep(cluster, remote, d, true);
                String points = d <= 1_000_000 ? bytes(queryBytesPerStep(cluster, remote, d, false)) + " as points"
                        : "points not run at this d (≈ " + bytes(5L * 8 * d) + " expected)";
                row("ZO step on the cluster (q = 4: 5 points), d = " + d + ", bytes in+out of 2 executors",
                        bytes(seeds) + " as seeds around a broadcast centre", points);
            }
            double perPoint = (clusterOverhead - threadsOverhead);
            // 8 points over k local threads against the same 8 over W remote cores: Spark wins when the saving
            // of evaluation time, c · (8/k − 8/W), exceeds its extra overhead
            row("fixed cost per step beyond threads: loopback cluster, local[2]", ms(perPoint),
                    ms(localOverhead - threadsOverhead));
            lines.add(String.format("Break-even: Spark's extra fixed cost per step is %.0f ms on the loopback cluster"
                    + " (%.0f ms in local[2]). A batch of N points on W remote cores against k local threads saves"
                    + " c·(N/k − N/W) per step, so with N = 8, k = 2, W = 8 an evaluation must cost more than %.0f ms;"
                    + " with W = 2k, more than %.0f ms.", perPoint * 1e3, (localOverhead - threadsOverhead) * 1e3,
                    perPoint / (8.0 / 2 - 8.0 / 8) * 1e3, perPoint / (8.0 / 2 - 8.0 / 4) * 1e3));
        }
        TestSpark.close();
        String header = String.format("Zeroth on Spark — %s — JDK %s — %s, %d cores — load before %s, after %s — %.0f s",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16),
                System.getProperty("java.version"), cpu(), Runtime.getRuntime().availableProcessors(), load0, load(),
                (System.nanoTime() - start) * 1e-9);
        StringBuilder out = new StringBuilder(header).append("\n\n| what | Spark | against |\n|---|---|---|\n");
        lines.stream().filter(l -> l.startsWith("|")).forEach(l -> out.append(l).append('\n'));
        lines.stream().filter(l -> !l.startsWith("|")).forEach(l -> out.append('\n').append(l).append('\n'));
        System.out.println(out);
        Files.createDirectories(Path.of("bench/target"));
        Files.writeString(Path.of("bench/target/spark-table.md"), out);
        System.exit(0);
    }

    /** Median seconds of a step whose evaluations cost nothing: f(x) = x[0], forward q = 1 (2 points). */
    private static double emptyStep(Backend backend) {
        Objective f = x -> x.getDouble(0);
        Run r = zo.minimize(f).from(new double[10]).withGaussianDirections(1e-3).queries(1).progress(false)
                .on(backend).steps(40);
        return medianStep(r, 5);
    }

    /** Median seconds of a CBO step over 8 particles whose objective sleeps 50 ms (an external simulator). */
    private static double population(Backend backend) {
        Objective f = x -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Runs.rastrigin(x);
        };
        Run r = zo.cbo(f).from(1.0, 2.0, 0.5).particles(8).progress(false).on(backend).steps(6);
        return medianStep(r, 1);
    }

    /**
     * Bytes the executors read and wrote per step of {@code zo.minimize(f).on(cluster)} (forward, q = 4) after 3
     * warm-up steps: the queries as seeds around a broadcast centre, or as points (the same backend with the
     * recipe hidden from it).
     */
    private static long queryBytesPerStep(LoopbackCluster cluster, SparkBackend spark, int d, boolean asSeeds) {
        Backend backend = asSeeds ? spark : spark::evaluate;
        int warm = 3;
        int measured = 5;
        long[] io = new long[2];
        org.zeroth.RunObserver meter = meter(cluster, warm, measured, io);
        Objective f = x -> x.getDouble(0);
        zo.minimize(f).from(Nd4j.createFromArray(new float[d])).withGaussianDirections(1e-3).queries(4).sgd(1e-3)
                .progress(false).observe(meter).on(backend).steps(warm + measured);
        return (io[1] - io[0]) / measured;
    }

    /** Reads the executors' socket bytes into io[0] at step {@code warm} and io[1] at {@code warm + measured}. */
    private static org.zeroth.RunObserver meter(LoopbackCluster cluster, int warm, int measured, long[] io) {
        return p -> {
            if (p.step() == warm) {
                io[0] = io(cluster);
            } else if (p.step() == warm + measured) {
                io[1] = io(cluster);
            }
        };
    }

    /**
     * Bytes the executors read and wrote (/proc/pid/io: sockets included) per step of a data-parallel MeZO run on
     * 2 shards, after 3 warm-up steps: seed-only (inPlace) or θ broadcast per evaluation (the same run without it).
     */
    private static long bytesPerStep(LoopbackCluster cluster, JavaSparkContext sc, int d, boolean seedOnly) {
        List<Integer> shards = List.of(0, 1);
        org.zeroth.ShardLoss<Integer> loss = (s, theta) -> {
            double v = theta.getDouble(s) - 1;
            return v * v;
        };
        var shardsOnSpark = Spark.shards(sc.parallelize(shards, 2));
        int warm = 3;
        int measured = 5;
        long[] io = new long[2];
        org.zeroth.RunObserver meter = meter(cluster, warm, measured, io);
        INDArray theta = Nd4j.createFromArray(new float[d]);
        var m = zo.minimizeSharded(shardsOnSpark, loss).from(theta).withGaussianDirections(1e-3).central()
                .queries(1).sgd(1e-3).progress(false).observe(meter);
        (seedOnly ? m.inPlace() : m).steps(warm + measured);
        return (io[1] - io[0]) / measured;
    }

    /**
     * Bytes sent and received by the executors' TCP sockets, from {@code ss -tinp} (bytes_sent + bytes_received
     * per socket of their pids). Not /proc/pid/io: Netty's native transport uses recv/send calls it does not count.
     */
    private static long io(LoopbackCluster cluster) {
        List<String> pids = cluster.executors().stream().map(h -> "pid=" + h.pid() + ",").toList();
        try {
            Process ss = new ProcessBuilder("ss", "-tinpH").redirectErrorStream(true).start();
            List<String> out = new String(ss.getInputStream().readAllBytes()).lines().toList();
            ss.waitFor();
            long sum = 0;
            for (int i = 0; i + 1 < out.size(); i++) {
                String socket = out.get(i);
                if (pids.stream().anyMatch(socket::contains)) {
                    String info = out.get(i + 1);
                    sum += counter(info, "bytes_sent:") + counter(info, "bytes_received:");
                }
            }
            return sum;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the bytes bench needs ss (iproute2) to read socket counters", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long counter(String info, String name) {
        int at = info.indexOf(name);
        if (at < 0) {
            return 0;
        }
        int end = at + name.length();
        while (end < info.length() && Character.isDigit(info.charAt(end))) {
            end++;
        }
        return Long.parseLong(info.substring(at + name.length(), end));
    }

    private static void awaitExecutors(JavaSparkContext sc, int n) throws InterruptedException {
        while (sc.sc().statusTracker().getExecutorInfos().length < n + 1) {
            Thread.sleep(100);
        }
    }

    private static double medianStep(Run r, int skip) {
        double[] t = Runs.column(r, "seconds");
        double[] steps = IntStream.range(skip + 1, t.length).mapToDouble(i -> t[i] - t[i - 1]).sorted().toArray();
        return steps[steps.length / 2];
    }

    private static void row(String what, String spark, String against) {
        lines.add("| " + what + " | " + spark + " | " + against + " |");
        System.err.println("[spark bench] " + lines.get(lines.size() - 1)); // kept even if a later part fails
    }

    private static String ms(double seconds) {
        return String.format("%.1f ms", seconds * 1e3);
    }

    private static String bytes(long b) {
        return b < 10_000 ? b + " B" : b < 10_000_000 ? String.format("%.1f KB", b / 1e3) : String.format("%.1f MB", b / 1e6);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static String describe(double[] v) {
        return Arrays.toString(v);
    }
}
