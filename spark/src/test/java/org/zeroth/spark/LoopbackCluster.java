package org.zeroth.spark;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real standalone Spark cluster on 127.0.0.1: a Master and Workers, each its own JVM started from this JVM's
 * class path (Spark's {@code org.apache.spark.deploy.master.Master} and {@code worker.Worker}; no Spark
 * distribution needed: a SPARK_HOME with an empty jars/ and SPARK_DIST_CLASSPATH give executors the same class
 * path). Tests use it; so can the kernel's tests: {@code java -cp <test class path> org.zeroth.spark.LoopbackCluster
 * [workers] [cores]} prints {@code MASTER spark://127.0.0.1:port} and the driver settings, then runs until its
 * standard input closes.
 */
public final class LoopbackCluster implements AutoCloseable {
    private static final Pattern ALIVE = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    private final Path home;
    private final String classPath;
    private final int masterPort;
    private final int masterUi;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    private LoopbackCluster(Path home, String classPath) throws IOException {
        this.home = home;
        this.classPath = classPath;
        this.masterPort = freePort();
        this.masterUi = freePort();
        this.master = launch("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUi)));
    }

    /** A Master and {@code workers} Workers with {@code cores} cores each, all registered when this returns. */
    public static LoopbackCluster start(int workers, int cores) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("zeroth-spark-home");
        Files.createDirectories(home.resolve("jars")); // Spark's launcher requires SPARK_HOME/jars to exist
        LoopbackCluster cluster = new LoopbackCluster(home, System.getProperty("java.class.path"));
        try {
            cluster.awaitPort(cluster.masterPort, 600); // bounds only: a loaded machine takes minutes
            for (int i = 0; i < workers; i++) {
                cluster.addWorker(cores);
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts one more Worker and waits until the Master counts it alive. */
    public void addWorker(int cores) throws IOException, InterruptedException {
        Path work = Files.createDirectories(home.resolve("work-" + workers.size()));
        workers.add(launch("worker-" + workers.size(), List.of("org.apache.spark.deploy.worker.Worker", "--host",
                "127.0.0.1", "--cores", String.valueOf(cores), "--memory", "1g", "--work-dir", work.toString(),
                "--webui-port", String.valueOf(freePort()), masterUrl())));
        awaitAliveWorkers(aliveWorkers() + 1, 600);
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** Settings a driver needs to use this cluster: loopback addresses, executors' JVM options and memory. */
    public Map<String, String> driverConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.executor.memory", "512m");
        conf.put(SparkBackend.EXECUTOR_TIMEOUT, "600000"); // a loaded machine takes a minute to start an executor JVM
        conf.put("spark.executor.extraJavaOptions", String.join(" ", executorJvmOptions()));
        return conf;
    }

    /** The Worker processes, in start order (kill one with {@link #kill}). */
    public List<Process> workers() {
        return List.copyOf(workers);
    }

    /** kill -9 of Worker i (its executor exits when it loses its Worker). */
    public void kill(int i) throws InterruptedException {
        Process p = workers.get(i);
        for (ProcessHandle child : p.descendants().toList()) {
            child.destroyForcibly(); // SIGKILL, as kill -9: the executor goes with its machine
        }
        p.destroyForcibly();
        p.waitFor();
    }

    /** The JVM processes of the executors (children of the Workers), e.g. to read their I/O counters. */
    public List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process w : workers) {
            if (w.isAlive()) {
                out.addAll(w.children().toList());
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (Process w : workers) {
            w.descendants().forEach(ProcessHandle::destroyForcibly);
            w.destroyForcibly();
        }
        master.destroyForcibly();
    }

    private Process launch(String name, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(List.of("-cp", classPath));
        command.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_DIST_CLASSPATH", classPath); // what executors get besides SPARK_HOME/jars (empty)
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    /** ND4J's settings as the tests' own JVM has them, and what Spark needs on Java 17+. */
    private static List<String> executorJvmOptions() {
        List<String> options = new ArrayList<>(List.of("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=0", "-Dzeroth.maxPhysicalBytes=6G"));
        if (Runtime.version().feature() >= 23) {
            options.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        return options;
    }

    private int aliveWorkers() throws InterruptedException {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + masterUi + "/json/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = ALIVE.matcher(r.body());
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void awaitAliveWorkers(int n, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (aliveWorkers() < n) {
            requireRunning();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(n + " workers did not register with the master within " + seconds
                        + " s; see the logs in " + home);
            }
            Thread.sleep(200);
        }
    }

    private void awaitPort(int port, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                requireRunning();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the master did not listen on " + port + " within " + seconds
                            + " s; see " + home.resolve("master.log"));
                }
                Thread.sleep(200);
            }
        }
    }

    private void requireRunning() {
        if (!master.isAlive()) {
            throw new IllegalStateException("the master exited; see " + home.resolve("master.log"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts a cluster, prints its URL and driver settings, and runs until standard input closes. */
    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int cores = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (LoopbackCluster cluster = start(workers, cores)) {
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close)); // a SIGTERM stops the JVMs it started
            System.out.println("MASTER " + cluster.masterUrl());
            cluster.driverConf().forEach((k, v) -> System.out.println("CONF " + k + "=" + v));
            System.out.println("HOME " + cluster.home);
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until stdin closes (the caller ends it by closing the pipe or killing this process)
            }
        }
    }

    /** The cluster's directory (SPARK_HOME, logs, work directories). */
    public File home() {
        return home.toFile();
    }
}
