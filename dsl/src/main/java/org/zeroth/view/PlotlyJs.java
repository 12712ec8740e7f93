package org.zeroth.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * plotly.js, from the project's own class path (the {@code org.webjars.npm:plotly.js-dist} jar), never from a CDN:
 * notebooks and saved pages work offline. A notebook needs it once: the first figure of a kernel session embeds it
 * and later figures use {@code window.Plotly}; the kernel calls {@link #resetEmbedded()} when a session starts.
 */
public final class PlotlyJs {
    private static final String WEBJAR = "META-INF/resources/webjars/plotly.js-dist/";
    private static final AtomicBoolean EMBEDDED = new AtomicBoolean();

    private PlotlyJs() {
    }

    /** The plotly.js version on the class path, e.g. "3.3.1". */
    public static String version() {
        Properties pom = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars.npm/plotly.js-dist/pom.properties")) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    /** The plotly.js source (about 11 MB: read when needed, not kept). */
    public static String source() {
        try (InputStream in = resource(WEBJAR + version() + "/plotly.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plotly.js from the class path", e);
        }
    }

    /** A {@code <script>} element holding plotly.js (it defines {@code window.Plotly}). */
    public static String script() {
        return "<script type=\"text/javascript\">/* plotly.js " + version() + ", MIT license */\n"
                + source().replace("</script", "<\\/script") // cannot occur in 3.3.1; would end the element
                + "\n</script>";
    }

    /**
     * Whether figures are interactive: true unless the system property {@code zeroth.plotly} (or the environment
     * variable {@code ZEROTH_PLOTLY}) is {@code none}. Notebooks committed to a repository are executed that way, so
     * they carry static images only, without plotly.js (11 MB) or the plot's JSON.
     */
    public static boolean interactive() {
        String mode = System.getProperty("zeroth.plotly", System.getenv().getOrDefault("ZEROTH_PLOTLY", "embed"));
        return !"none".equalsIgnoreCase(mode.strip());
    }

    /** The script the first time it is asked for after a reset, then "" until the next reset. */
    static String embedOnce() {
        return EMBEDDED.compareAndSet(false, true) ? script() : "";
    }

    /** Whether this session's notebook already has plotly.js. */
    public static boolean embedded() {
        return EMBEDDED.get();
    }

    /** Forgets the embedding: the next figure embeds plotly.js again (the kernel calls this per session). */
    public static void resetEmbedded() {
        EMBEDDED.set(false);
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = PlotlyJs.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException(path + " is not on the class path: add org.webjars.npm:plotly.js-dist");
        }
        return in;
    }
}
