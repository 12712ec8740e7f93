package org.zeroth.spark;

/**
 * One Spark per test JVM (Spark allows one context per JVM, and starting one takes seconds): tests share it,
 * and asking for another master stops the current one first.
 */
final class TestSpark {
    private static SparkBackend current;
    private static String master;

    private TestSpark() {
    }

    static synchronized SparkBackend use(String url) {
        return use(url, new String[0]);
    }

    /** Stops the current Spark, if any. */
    static synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
            master = null;
        }
    }

    /** The backend on {@code url} with these extra settings (key, value, key, value…). */
    static synchronized SparkBackend use(String url, String... settings) {
        if (current != null && url.equals(master)) {
            return current;
        }
        if (current != null) {
            current.close();
        }
        SparkBackend b = backend(url, settings);
        b.context();
        current = b;
        master = url;
        return b;
    }

    /** A backend as {@link #use} makes it, not started. */
    static SparkBackend backend(String url, String... settings) {
        SparkBackend b = Spark.master(url).conf("spark.driver.host", "127.0.0.1")
                .conf("spark.driver.bindAddress", "127.0.0.1").conf("spark.ui.enabled", "false");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            b = b.conf(settings[i], settings[i + 1]);
        }
        return b;
    }
}
