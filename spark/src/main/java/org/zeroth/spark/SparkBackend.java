package org.zeroth.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Backend;
import org.zeroth.Objective;
import org.zeroth.Perturbations;
import org.zeroth.Replicas;
import org.zeroth.ShardLoss;
import org.zeroth.optimize.MezoStep;
import org.zeroth.spark.Points.Centre;
import org.zeroth.spark.Points.Move;
import org.zeroth.spark.Points.Outcome;
import org.zeroth.spark.Points.Point;

/**
 * A {@link Backend} that evaluates each batch as Spark tasks (one task per point up to 4 per core), in the points'
 * order. The context is started at the first batch and kept for the backend's life (a run's end does not stop it:
 * starting Spark takes seconds). Spark allows one context per JVM: backends with the same master and settings share
 * the one Zeroth started, and one with others replaces it ({@link StartedContext}). {@link #close()} stops the
 * context Zeroth started with its settings, never one it was given.
 */
public final class SparkBackend implements Backend, AutoCloseable {
    /** How long a standalone master may take to give the application its first executor. */
    static final String EXECUTOR_TIMEOUT = "spark.zeroth.executorTimeoutMs";

    private final String master;
    private final Map<String, String> settings;
    private final boolean owned;
    private JavaSparkContext context;
    /** The last objective checked for serializability (checked once, not per batch). */
    private Objective checked;

    private SparkBackend(String master, Map<String, String> settings, JavaSparkContext context) {
        this.master = master;
        this.settings = settings;
        this.owned = context == null;
        this.context = context;
    }

    static SparkBackend starting(String master) {
        return new SparkBackend(master, Map.of(), null);
    }

    static SparkBackend using(JavaSparkContext context) {
        return new SparkBackend(context.master(), Map.of(), context);
    }

    /** Points that travelled as d numbers each, and batches that travelled as one centre and seeds (for tests). */
    static final AtomicLong VECTORS_SHIPPED = new AtomicLong();
    static final AtomicLong CENTRES_SHIPPED = new AtomicLong();

    /**
     * A Spark setting for the context this backend starts, e.g. {@code conf("spark.executor.memory", "2g")} or
     * {@code conf("spark.jars", "app.jar")}; spark.* system properties apply too.
     */
    public SparkBackend conf(String key, String value) {
        Objects.requireNonNull(key, "conf(key, value): key is null");
        Objects.requireNonNull(value, "conf(key, value): value is null");
        if (!owned) {
            throw new IllegalStateException("conf(" + key + ", …): this backend uses a context it was given; set"
                    + " options where that context is built");
        }
        Map<String, String> more = new LinkedHashMap<>(settings);
        more.put(key, value);
        return new SparkBackend(master, Map.copyOf(more), null);
    }

    /** The context (started now if needed). */
    public synchronized JavaSparkContext context() {
        if (context == null || context.sc().isStopped()) {
            if (!owned && context != null) {
                throw new IllegalStateException("the SparkContext given to Spark.session/context was stopped; pass a"
                        + " running one");
            }
            context = start();
        }
        return context;
    }

    /** The settings this backend starts its context with. */
    private SparkConf conf() {
        SparkConf conf = new SparkConf(true).setMaster(master).setAppName("zeroth").setIfMissing("spark.ui.enabled",
                "false");
        settings.forEach(conf::set);
        return conf;
    }

    private JavaSparkContext start() {
        Spark.requireModuleFlags();
        SparkConf conf = conf();
        Spark.requireReachable(master, 3000); // before a running context is stopped for this one
        if (!StartedContext.runsWith(conf)) { // one probe for the context, not one per backend sharing it
            Spark.requireMaster(master, conf, 15_000);
        }
        Spark.requireClusterManager(master);
        return StartedContext.obtain(conf, () -> {
            JavaSparkContext sc = construct(conf);
            if (master.startsWith("spark://")) {
                awaitExecutor(sc, conf.getLong(EXECUTOR_TIMEOUT, 60_000));
            }
            return sc;
        });
    }

    /** A new context; Zeroth's own running one has been reused or stopped already, so another is not Zeroth's. */
    private JavaSparkContext construct(SparkConf conf) {
        try {
            return new JavaSparkContext(conf);
        } catch (Exception e) { // Spark's SparkException is a checked exception that Scala throws undeclared
            if (String.valueOf(e.getMessage()).contains("Only one SparkContext")) {
                // Without Spark's exception as the cause: its message is the other context's creation stack.
                throw new IllegalStateException("Spark allows one SparkContext per JVM, and one that Zeroth did not"
                        + " start is running, so Zeroth cannot start Spark " + master + ": run on that one with"
                        + " .on(Spark.context(sc)) for a JavaSparkContext or .on(Spark.session(spark)) for a"
                        + " SparkSession, or stop it first (sc.stop() / spark.stop())");
            }
            throw e instanceof RuntimeException r ? r
                    : new IllegalStateException("Spark could not start " + master + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the cluster runs an executor for this application, or fails saying why it may not. */
    private void awaitExecutor(JavaSparkContext sc, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (sc.sc().statusTracker().getExecutorInfos().length < 2) { // the driver counts as one
            if (sc.sc().isStopped()) {
                throw new IllegalStateException("the Spark master at " + master + " refused or dropped this"
                        + " application; see the master's log and web UI");
            }
            if (System.nanoTime() > deadline) {
                sc.stop();
                throw new IllegalStateException("the Spark master at " + master + " started no executor for this"
                        + " application within " + timeoutMillis + " ms: are workers registered with free cores and"
                        + " enough memory (spark.executor.memory)? Wait longer with conf(\"" + EXECUTOR_TIMEOUT
                        + "\", \"…\")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                sc.stop();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Spark executors", e);
            }
        }
    }

    @Override
    public double[] evaluate(Objective objective, List<INDArray> points) throws InterruptedException {
        JavaSparkContext sc = context();
        requireSerializable(objective);
        List<Point> shipped = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            shipped.add(Point.of(i, points.get(i)));
        }
        VECTORS_SHIPPED.addAndGet(points.size());
        return outcomes(sc.parallelize(shipped, slices(sc, points.size())).map(p -> {
            try {
                return new Outcome(p.index(), objective.value(p.array()), null);
            } catch (RuntimeException | Error e) {
                return Outcome.failed(p.index(), e);
            }
        }), points.size());
    }

    /**
     * A ZO step's queries: the centre (and bounds) broadcast once, then a seed-sized recipe per point, which the
     * executor rebuilds bit for bit ({@link Perturbations#point}) — d numbers per step instead of per query.
     */
    @Override
    public double[] evaluate(Objective objective, List<INDArray> points, Perturbations recipe)
            throws InterruptedException {
        JavaSparkContext sc = context();
        requireSerializable(objective);
        List<Move> shipped = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            shipped.add(new Move(i, recipe.moves().get(i)));
        }
        Broadcast<Centre> centre = sc.broadcast(new Centre(Point.of(-1, recipe.centre()), recipe.bounds()));
        try {
            double[] values = outcomes(sc.parallelize(shipped, slices(sc, points.size())).mapPartitions(moves -> {
                Centre c = centre.value();
                INDArray at = c.point().array(); // once per task
                List<Outcome> made = new ArrayList<>();
                moves.forEachRemaining(m -> {
                    try {
                        made.add(new Outcome(m.index(), objective.value(Perturbations.point(at, m.move(), c.bounds())),
                                null));
                    } catch (RuntimeException | Error e) {
                        made.add(Outcome.failed(m.index(), e));
                    }
                });
                return made.iterator();
            }), points.size());
            CENTRES_SHIPPED.incrementAndGet();
            return values;
        } finally {
            centre.destroy(false);
        }
    }

    /**
     * An in-place (MeZO) run's θ kept on one executor, which evaluates f there: the replicas of a one-shard data-
     * parallel run whose loss is f. A step ships its seeds and the previous update, never θ.
     */
    @Override
    public Replicas replicas(Objective objective, INDArray theta0, MezoStep step) {
        requireSerializable(objective);
        ShardLoss<Integer> f = (unused, theta) -> objective.value(theta);
        return new SparkShards<>(context().parallelize(List.of(0), 1)).replicas(f, theta0, step);
    }

    private void requireSerializable(Objective objective) {
        if (objective instanceof SparkShards.ShippedTheta) { // it holds the RDD, which no task can carry
            throw new IllegalArgumentException("a run over Spark.shards(rdd) already evaluates on Spark, one job over"
                    + " the shards per point: drop .on(" + this + ") from zo.minimizeSharded(…)");
        }
        if (checked != objective) {
            Points.requireSerializable(objective, "the objective " + objective.name());
            checked = objective;
        }
    }

    private static int slices(JavaSparkContext sc, int points) {
        return Math.min(points, 4 * sc.defaultParallelism());
    }

    /**
     * The values of a batch's job, in the points' order. An interrupt keeps those of the partitions that had
     * finished ({@link Backend.Interrupted}): the values before the first point without one, and the others by index.
     */
    private static double[] outcomes(JavaRDD<Outcome> job, int count) throws InterruptedException {
        AtomicReferenceArray<List<Outcome>> parts = new AtomicReferenceArray<>(job.getNumPartitions());
        try {
            Jobs.collect(job, parts);
        } catch (InterruptedException e) {
            Double[] made = new Double[count];
            for (int i = 0; i < parts.length(); i++) {
                List<Outcome> part = parts.get(i); // null: the partition had not finished
                for (Outcome o : part == null ? List.<Outcome>of() : part) {
                    made[o.index()] = o.error() == null ? o.value() : null; // a point that failed made no value
                }
            }
            int first = 0;
            while (first < count && made[first] != null) {
                first++;
            }
            double[] before = new double[first];
            Map<Integer, Double> later = new HashMap<>();
            for (int i = 0; i < count; i++) {
                if (i < first) {
                    before[i] = made[i];
                } else if (made[i] != null) {
                    later.put(i, made[i]);
                }
            }
            Backend.Interrupted kept = new Backend.Interrupted(before, later);
            kept.initCause(e);
            throw kept;
        }
        List<Outcome> outcomes = new ArrayList<>(count);
        for (int i = 0; i < parts.length(); i++) {
            outcomes.addAll(parts.get(i));
        }
        return inOrder(outcomes, count);
    }

    private static double[] inOrder(List<Outcome> outcomes, int count) {
        double[] values = new double[count];
        for (Outcome o : outcomes) { // in index order: parallelize and collect keep it
            if (o.error() != null) {
                throw new PointFailed(o.index(), Arrays.copyOf(values, o.index()), o.error());
            }
            values[o.index()] = o.value();
        }
        return values;
    }

    /**
     * Stops the context Zeroth started for this backend's master and settings, whichever backend of them started it
     * ({@code Spark.local(2).close()} stops the local[2] that inline {@code .on(Spark.local(2))} runs share); a
     * context given to Spark.session/context is left running.
     */
    @Override
    public synchronized void close() {
        if (owned) {
            if (context != null) {
                context.stop();
            }
            StartedContext.stopIfStartedWith(conf());
            context = null;
        }
    }

    /** Where batches run, e.g. "Spark local[2]" or "Spark spark://10.0.0.5:7077". */
    @Override
    public String toString() {
        return "Spark " + master;
    }
}
