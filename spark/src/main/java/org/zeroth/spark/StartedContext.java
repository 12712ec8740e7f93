package org.zeroth.spark;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The one SparkContext Zeroth started in this JVM (Spark allows one per JVM). Backends asking for the same settings
 * share it, so {@code .on(Spark.local(2))} can be written inline in cell after cell. A backend asking for other
 * settings stops it and starts its own: only Zeroth's backends hold it, and an older one restarts its own when used
 * again. A context Zeroth did not start is never stopped here.
 */
final class StartedContext {
    private static JavaSparkContext current;
    /** The settings {@link #current} was started with (master included), as asked for, before Spark adds its own. */
    private static Map<String, String> settings;

    private StartedContext() {
    }

    /** Zeroth's running context if it has these settings; else stops it (saying so) and returns {@code start}'s. */
    static synchronized JavaSparkContext obtain(SparkConf conf, Supplier<JavaSparkContext> start) {
        Map<String, String> wanted = asMap(conf);
        if (current != null && !current.sc().isStopped()) {
            if (wanted.equals(settings)) {
                return current;
            }
            current.stop();
            System.err.println("zeroth: stopped the Spark " + settings.get("spark.master") + " that Zeroth started, "
                    + change(settings, wanted) + " (Spark allows one SparkContext per JVM)");
        }
        current = null;
        JavaSparkContext sc = start.get();
        current = sc;
        settings = wanted;
        return sc;
    }

    /** Whether Zeroth's running context has these settings: {@link #obtain} would return it. */
    static synchronized boolean runsWith(SparkConf conf) {
        return current != null && !current.sc().isStopped() && asMap(conf).equals(settings);
    }

    /** Stops Zeroth's running context if it was started with these settings (a backend that shares it closes). */
    static synchronized void stopIfStartedWith(SparkConf conf) {
        if (current != null && asMap(conf).equals(settings)) {
            current.stop();
            current = null;
        }
    }

    private static Map<String, String> asMap(SparkConf conf) {
        Map<String, String> all = new TreeMap<>();
        for (Tuple2<String, String> kv : conf.getAll()) {
            all.put(kv._1(), kv._2());
        }
        return all;
    }

    private static String change(Map<String, String> from, Map<String, String> to) {
        String master = to.get("spark.master");
        if (!master.equals(from.get("spark.master"))) {
            return "to start " + master;
        }
        Set<String> keys = new TreeSet<>(from.keySet());
        keys.addAll(to.keySet());
        keys.removeIf(k -> Objects.equals(from.get(k), to.get(k)));
        return "to start " + master + " with other settings (" + String.join(", ", keys) + ")";
    }
}
