package org.zeroth.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * plotly.js, from the project's own class path (the {@code org.webjars.npm:plotly.js-dist} jar), never from a CDN:
 * notebooks and saved pages work offline. A notebook needs it once: the first figure of a kernel session embeds it
 * and later figures wait on {@code window.zerothPlotly}; each kernel process is one session ({@link #resetEmbedded()}
 * starts another).
 * <p>Maven Central serves only the unminified bundle (11.2 MB; no {@code plotly.js-dist-min} or partial bundle), so
 * it is embedded deflated and base64-encoded (2.6 MB) and inflated by the browser's {@code DecompressionStream}
 * (Chrome 80, Firefox 113, Safari 16.4). Where that is missing, figures keep their static SVG.
 */
public final class PlotlyJs {
    private static final String WEBJAR = "META-INF/resources/webjars/plotly.js-dist/";
    private static final AtomicBoolean EMBEDDED = new AtomicBoolean();
    /** The deflated, base64-encoded source: computed once per process (about a second), 2.6 MB. */
    private static volatile String packed;

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

    /**
     * A {@code <script>} element that defines {@code window.zerothPlotly}, a promise of {@code window.Plotly}
     * (plotly.js inflated from the embedded deflate stream). Figures wait on that promise; base64 needs no escaping.
     */
    public static String script() {
        return "<script type=\"text/javascript\">/* plotly.js " + version() + ", MIT license, deflated */\n"
                + "(function () {\n"
                + "  if (window.zerothPlotly) { return; }\n"
                + "  if (window.Plotly) { window.zerothPlotly = Promise.resolve(window.Plotly); return; }\n"
                + "  if (!window.DecompressionStream) { return; }\n"
                + "  var packed = Uint8Array.from(atob(\"" + packed() + "\"), function (c) { return c.charCodeAt(0); });\n"
                + "  var source = new Blob([packed]).stream().pipeThrough(new DecompressionStream(\"deflate\"));\n"
                + "  window.zerothPlotly = new Response(source).text().then(function (js) {\n"
                + "    var script = document.createElement(\"script\");\n"
                + "    script.text = js;\n"
                + "    document.head.appendChild(script); // plotly.js sets window.Plotly\n"
                + "    return window.Plotly;\n"
                + "  });\n"
                + "})();\n</script>";
    }

    /** plotly.js deflated (zlib format, what {@code DecompressionStream("deflate")} reads) and base64-encoded. */
    static String packed() {
        String p = packed;
        if (p == null) {
            var bytes = new java.io.ByteArrayOutputStream(2_100_000);
            try (var out = new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
                out.write(source().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            packed = p = Base64.getEncoder().encodeToString(bytes.toByteArray());
        }
        return p;
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
