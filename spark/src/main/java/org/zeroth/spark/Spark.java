package org.zeroth.spark;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rpc.RpcEndpointNotFoundException;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.scheduler.ExternalClusterManager;
import org.apache.spark.sql.SparkSession;
import org.zeroth.Shards;

/**
 * Zeroth on Apache Spark: {@code zo.cbo(f).on(Spark.local(2))} evaluates each batch of points (a population, a ZO
 * step's queries) as Spark tasks, and {@code zo.minimizeSharded(Spark.shards(rdd), loss).inPlace()} trains on data
 * spread over a cluster, shipping only seeds and losses per step. Runs are bit-identical to {@code parallelism(1)}.
 * Spark itself is not bundled: the cluster (spark-submit) or the application supplies spark-core_2.13 4.1.x.
 */
public final class Spark {
    /** The master URLs Spark's own parser takes. */
    private static final Pattern MASTER = Pattern.compile("local(\\[(\\*|\\d+)(, *\\d+)?])?"
            + "|local-cluster\\[\\d+, *\\d+, *\\d+]|spark://[^/\\s]+|yarn|k8s://\\S+");

    /** Masters probed by {@link #requireMaster} (tests read it). */
    static final AtomicLong MASTER_PROBES = new AtomicLong();

    /** The Maven coordinates named when Spark is missing. */
    static final String COORDINATES = "org.apache.spark:spark-core_2.13:4.1.3";

    private Spark() {
    }

    /** An embedded Spark on {@code cores} cores of this JVM ({@code local[cores]}); started at the first batch. */
    public static SparkBackend local(int cores) {
        requireSpark();
        if (cores < 1) {
            throw new IllegalArgumentException("Spark.local(cores) needs cores ≥ 1, got " + cores);
        }
        return SparkBackend.starting("local[" + cores + "]");
    }

    /**
     * A cluster: {@code spark://host:7077} (standalone), {@code local[k]}, or what Spark accepts as a master URL.
     * The application connects at the first batch; an unreachable master fails that batch within seconds, an
     * address that answers but is not a master within 15 s.
     */
    public static SparkBackend master(String url) {
        requireSpark();
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Spark.master(url) needs a master URL such as spark://host:7077 or"
                    + " local[2], got " + (url == null ? "null" : "\"" + url + "\""));
        }
        String master = url.strip();
        if (master.startsWith("mesos://")) {
            throw new IllegalArgumentException("Spark.master(\"" + master + "\"): Spark 4 has no Mesos support any"
                    + " more; give spark://host:7077 (a standalone cluster), yarn or k8s://https://host:port");
        }
        if (master.matches("local\\[0+(, *\\d+)?]")) {
            throw new IllegalArgumentException("Spark.master(\"" + master + "\") runs no thread: give local[n] with"
                    + " n ≥ 1, or local[*] for one per core");
        }
        if (!MASTER.matcher(master).matches()) { // before a run stops the context Zeroth started for another
            boolean hostPort = master.matches("[^:/\\s]+:\\d+");
            throw new IllegalArgumentException("Spark.master(\"" + master + "\") is not a Spark master URL"
                    + (hostPort ? "; did you mean spark://" + master + "?" : ".") + " Give spark://host:7077 (a"
                    + " standalone cluster), local[n] (n threads in this JVM), yarn or k8s://https://host:port");
        }
        return SparkBackend.starting(master);
    }

    /** The Spark of an existing session (spark-submit, a notebook's session): it is never stopped by Zeroth. */
    public static SparkBackend session(SparkSession session) {
        requireSpark();
        Objects.requireNonNull(session, "Spark.session(s): s is null; pass SparkSession.builder().getOrCreate()");
        return SparkBackend.using(JavaSparkContext.fromSparkContext(session.sparkContext()));
    }

    /** The Spark of an existing context (no spark-sql needed): it is never stopped by Zeroth. */
    public static SparkBackend context(JavaSparkContext context) {
        requireSpark();
        Objects.requireNonNull(context, "Spark.context(sc): sc is null; pass the application's JavaSparkContext");
        return SparkBackend.using(context);
    }

    /**
     * Data shards on the cluster, one element of the RDD per shard, for {@code zo.minimizeSharded}: a run caches the
     * RDD and unpersists it when it ends (an RDD already persisted is left as it is), and each partition keeps a
     * replica of θ next to its shards during an in-place (MeZO) run.
     */
    public static <S> Shards<S> shards(JavaRDD<S> rdd) {
        requireSpark();
        Objects.requireNonNull(rdd, "Spark.shards(rdd): rdd is null; pass e.g. sc.parallelize(batches, batches.size())");
        return new SparkShards<>(rdd);
    }

    /** Fails with what to add when Spark is not on the class path, instead of a NoClassDefFoundError later. */
    static void requireSpark() {
        try {
            Class.forName("org.apache.spark.SparkContext", false, Spark.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("Apache Spark is not on the class path: zeroth-spark uses the cluster's"
                    + " Spark (scope provided). Run through spark-submit, or add " + COORDINATES + " to the"
                    + " application's dependencies (Maven: that dependency without <scope>provided</scope>).", e);
        }
    }

    /**
     * An embedded driver on Java 17+ needs {@code --add-opens=java.base/sun.nio.ch=ALL-UNNAMED}; without it Spark
     * fails deep inside with an IllegalAccessError, so say which option is missing before starting it.
     */
    static void requireModuleFlags() {
        Module base = Object.class.getModule();
        if (!base.isOpen("sun.nio.ch", Spark.class.getModule())) {
            throw new IllegalStateException("Spark's driver needs the JVM option --add-opens=java.base/sun.nio.ch="
                    + "ALL-UNNAMED on Java 17+ (this JVM, " + Runtime.version() + ", was started without it; its"
                    + " options: " + ManagementFactory.getRuntimeMXBean().getInputArguments() + "). Add it to the java"
                    + " command, to MAVEN_OPTS/surefire's argLine, or to JDK_JAVA_OPTIONS.");
        }
    }

    /**
     * For yarn and k8s:// masters: fails, saying what to add, when no cluster manager on the class path takes the
     * URL (Spark loads them as plug-ins, and would fail only after the running context was stopped).
     */
    static void requireClusterManager(String master) {
        if (!master.equals("yarn") && !master.startsWith("k8s://")) {
            return; // local and spark:// are Spark core's own
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (ExternalClusterManager m : ServiceLoader.load(ExternalClusterManager.class,
                loader != null ? loader : Spark.class.getClassLoader())) {
            if (m.canCreate(master)) {
                return;
            }
        }
        String module = master.equals("yarn") ? "spark-yarn_2.13" : "spark-kubernetes_2.13";
        throw new IllegalArgumentException("Spark " + master + " needs Spark's " + module + " on the class path"
                + " (org.apache.spark:" + module + ":" + COORDINATES.substring(COORDINATES.lastIndexOf(':') + 1)
                + "), which this JVM does not have: add it, or start the application with spark-submit --master "
                + master + " and run on its context with Spark.session(spark) or Spark.context(sc)");
    }

    /** For spark://host:port masters: fails within seconds, saying what to check, when nothing listens there. */
    static void requireReachable(String master, int timeoutMillis) {
        if (!master.startsWith("spark://")) {
            return;
        }
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI uri = URI.create("spark://" + hostPort);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("the master URL " + master + " is not spark://host:port;"
                        + " e.g. spark://127.0.0.1:7077");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutMillis);
                return; // one reachable master of a list is enough
            } catch (java.io.IOException e) {
                if (!master.contains(",")) {
                    throw new IllegalStateException("cannot reach the Spark master at " + master + " (" + e
                            + " within " + timeoutMillis + " ms): start it (sbin/start-master.sh) or fix the URL;"
                            + " the master's web UI shows the URL to use", e);
                }
            }
        }
        throw new IllegalStateException("cannot reach any Spark master of " + master + ": start one or fix the URL");
    }

    /**
     * For a spark://host:port master that answers: fails within {@code timeoutMillis}, saying what to check, when
     * what answers is not a Spark master (the master's web UI, a worker, another server). Spark itself would retry
     * its registration for a minute and then give up with "All masters are unresponsive".
     */
    static void requireMaster(String master, SparkConf conf, int timeoutMillis) {
        if (!master.startsWith("spark://") || master.contains(",")) {
            return; // of a list of masters (high availability) one may be down or a standby
        }
        MASTER_PROBES.incrementAndGet();
        SparkConf probe = conf.clone().set("spark.rpc.lookupTimeout", timeoutMillis + "ms");
        SecurityManager security = new SecurityManager(probe, SecurityManager.$lessinit$greater$default$2(),
                SecurityManager.$lessinit$greater$default$3());
        RpcEnv rpc = RpcEnv.create("zeroth-master-probe", "127.0.0.1", 0, probe, security, true);
        try {
            // the Master's endpoint is named "Master", as Spark's own client looks it up
            rpc.setupEndpointRefByURI("spark://Master@" + master.substring("spark://".length()));
        } catch (Exception e) { // Spark's exceptions are Scala's: undeclared
            throw new IllegalStateException("what answers at " + master + " is not a Spark master (" + why(e,
                    timeoutMillis) + "). Give the master's own URL, as the first line of its web UI shows it"
                    + " (spark://host:7077 by default): not the web UI's port (8080) nor a worker's", e);
        } finally {
            rpc.shutdown();
        }
    }

    private static String why(Throwable failure, int timeoutMillis) {
        Throwable last = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RpcEndpointNotFoundException) {
                return "Spark answers there, but as a worker or a driver";
            }
            if (t instanceof TimeoutException) { // Spark's RpcTimeoutException among them
                return "no answer in Spark's protocol within " + timeoutMillis / 1000 + " s";
            }
            last = t;
        }
        return last.toString();
    }
}
