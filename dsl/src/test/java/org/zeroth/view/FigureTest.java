package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class FigureTest {
    private static final double[] X = {1, 2, 3, 4, 5};

    @AfterEach
    void forgetPlotly() {
        PlotlyJs.resetEmbedded();
    }

    private static JsonNode plotly(Figure figure) {
        return Documents.json(figure.plotlyJson());
    }

    @Test
    void plotlyJsonHasDataLayoutAndTitlesAsObjectsWithText() {
        JsonNode json = plotly(Figure.titled("decay").xAxis("evaluations").yAxis("f(x)").line("f", X, X));
        assertEquals("decay", json.at("/layout/title/text").asText());
        assertEquals("evaluations", json.at("/layout/xaxis/title/text").asText());
        assertEquals("f(x)", json.at("/layout/yaxis/title/text").asText());
        assertEquals(1, json.get("data").size());
        JsonNode trace = json.get("data").get(0);
        assertEquals("f", trace.get("name").asText());
        assertTrue(trace.get("x").get(0).isNumber(), "numbers must be JSON numbers, not strings");
        assertEquals(5.0, trace.get("y").get(4).asDouble());
        assertTrue(json.has("config"));
    }

    @Test
    void logScaleWhenPositiveValuesSpanMoreThanTwoDecades() {
        double[] decades = {1, 1e-1, 1e-2, 1e-3, 1e-4};
        assertEquals("log", plotly(Figure.titled("t").line("f", X, decades)).at("/layout/yaxis/type").asText());
        assertEquals("linear", plotly(Figure.titled("t").line("f", X, X)).at("/layout/yaxis/type").asText(),
                "1..5 spans less than a decade");
        double[] withZero = {1, 1e-1, 1e-2, 1e-3, 0};
        assertEquals("linear", plotly(Figure.titled("t").line("f", X, withZero)).at("/layout/yaxis/type").asText(),
                "a log axis cannot show 0");
        assertEquals("linear", plotly(Figure.titled("t").line("f", X, decades)).at("/layout/xaxis/type").asText());
    }

    @Test
    void explicitLogAxisLeavesOutValuesItCannotShow() {
        double[] y = {1, -1, 0.1, 0, 0.01};
        Figure figure = Figure.titled("t").yAxis(Axis.of("f(x)").log()).line("f", X, y).points("p", X, y);
        JsonNode json = plotly(figure);
        assertEquals("log", json.at("/layout/yaxis/type").asText());
        JsonNode line = json.get("data").get(0).get("y");
        assertTrue(line.get(1).isNull() && line.get(3).isNull(), "a line gets gaps where values are ≤ 0: " + line);
        assertEquals(3, json.get("data").get(1).get("y").size(), "points ≤ 0 are left out");
        Documents.xml(figure.svg()); // XChart would throw on log(≤ 0); the prepared data keeps it drawable
    }

    @Test
    void nonFiniteValuesAreGapsInBothDrawings() {
        // e.g. a benchmark's evaluations-to-target, ∞ where a start missed: XChart refuses ±∞ in a series
        double[] y = {1, Double.NaN, 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Figure figure : List.of(Figure.titled("t").line("f", X, y),
                Figure.titled("t").yAxis(Axis.of("f").log()).line("f", X, y))) {
            JsonNode json = plotly(figure);
            JsonNode line = json.get("data").get(0).get("y");
            assertTrue(line.get(1).isNull() && line.get(3).isNull() && line.get(4).isNull(), line.toString());
            assertTrue(Documents.xml(figure.svg()).getElementsByTagName("path").getLength() > 0, "the SVG is drawn");
        }
    }

    @Test
    void aLineOfOnePointIsMarked() {
        // A one-step run's curve: one point, which a line alone does not draw.
        Figure lone = Figure.titled("t").line("f", new double[] {1, 2}, new double[] {Double.NaN, 24.2});
        JsonNode trace = plotly(lone).get("data").get(0);
        assertEquals("lines+markers", trace.get("mode").asText());
        assertEquals(trace.at("/line/color").asText(), trace.at("/marker/color").asText());
        assertEquals(1, markersInPlot(lone), "the point's marker, inside the plot area");
        Figure two = Figure.titled("t").line("f", new double[] {1, 2}, new double[] {23.1, 24.2});
        assertEquals("lines", plotly(two).get("data").get(0).get("mode").asText());
        assertEquals(0, markersInPlot(two));
    }

    /** XChart's circle markers drawn in the plot area (clipped to it; the legend's are not). */
    private static int markersInPlot(Figure figure) {
        org.w3c.dom.NodeList ellipses = Documents.xml(figure.svg()).getElementsByTagName("ellipse");
        int n = 0;
        for (int i = 0; i < ellipses.getLength(); i++) {
            n += ((org.w3c.dom.Element) ellipses.item(i)).hasAttribute("clip-path") ? 1 : 0;
        }
        return n;
    }

    @Test
    void bandIsOneClosedPolygonAndItsLineOneLegendEntry() {
        double[] mean = {5, 4, 3, 2, 1};
        double[] lo = {4, 3, 2, 1, 0.5};
        double[] hi = {6, 5, 4, 3, 2};
        JsonNode data = plotly(Figure.titled("t").band("mean ± sd", X, mean, lo, hi)).get("data");
        assertEquals(2, data.size());
        assertEquals("toself", data.get(0).get("fill").asText());
        assertEquals(10, data.get(0).get("x").size(), "upper edge forward, lower edge back");
        assertEquals(2.0, data.get(0).get("y").get(4).asDouble());
        assertEquals(2.0, data.get(0).get("y").get(5).asDouble() + 1.5, 1e-12);
        assertFalse(data.get(0).get("showlegend").asBoolean());
        assertTrue(data.get(1).get("showlegend").asBoolean());
        assertEquals(data.get(0).get("fillcolor").asText(), PlotlyJson.translucent(data.get(1).at("/line/color").asText()));
    }

    @Test
    void aBandOnALogAxisReachesItsLowestRunAndDrawsZeroADecadeBelow() {
        double[] mean = {1, 1e-1, 1e-2, 1e-3, 1e-4}; // the mean, dominated by the worst runs
        double[] low = {0.5, 1e-3, 1e-6, 1e-9, 0};   // the best run, then one that hit 0
        double[] high = {2, 1, 0.1, 1e-2, 1e-3};
        Plot plot = Figure.titled("t").yAxis(Axis.of("best f(x)").log()).band("mean (band: min to max)", X, mean,
                low, high).plot(Plot.MAX_STATIC_POINTS);
        double[] drawn = plot.series().get(0).low();
        assertEquals(1e-9, drawn[3], 0, "not clamped at a tenth of the mean's smallest value");
        assertEquals(1e-10, drawn[4], 1e-25, "0 is drawn a decade below the smallest positive value");
    }

    @Test
    void plotlyWritesLargeNumbersAsTheStaticChartsDoAndSmallOnesInExponents() {
        double[] evaluations = {0, 5_000, 10_000, 20_000};
        double[] f = {1, 1e-2, 1e-4, 1e-6};
        JsonNode layout = plotly(Figure.titled("t").line("f(x)", evaluations, f)).get("layout");
        assertEquals("SI", layout.at("/xaxis/exponentformat").asText(), "10k, as the static chart's 10k");
        assertEquals("e", layout.at("/yaxis/exponentformat").asText(), "1e-6, not 1µ");
    }

    @Test
    void twoReferenceLinesOfOnePlotAreDashedDifferently() {
        double[] y = {1, 2, 3, 4, 5};
        Figure figure = Figure.titled("t").line("measured", X, y).dashed("(d + 1)‖∇f‖²", X, y)
                .dashed("(d − 1)‖∇f‖²", X, y);
        JsonNode data = plotly(figure).get("data");
        assertFalse(data.get(0).at("/line/dash").isTextual(), "a measured line is solid");
        assertEquals("dash", data.get(1).at("/line/dash").asText());
        assertEquals("dot", data.get(2).at("/line/dash").asText());
        Plot plot = figure.plot(Plot.MAX_STATIC_POINTS);
        var chart = StaticChart.chart(plot, Figure.WIDTH, Figure.HEIGHT);
        float[] first = chart.getSeries("(d + 1)‖∇f‖²").getLineStyle().getDashArray();
        float[] second = chart.getSeries("(d − 1)‖∇f‖²").getLineStyle().getDashArray();
        assertFalse(java.util.Arrays.equals(first, second), "the static chart draws them apart too");
    }

    @Test
    void errorBarsAndTheoryLine() {
        double[] h = {1e-4, 1e-3, 1e-2, 1e-1, 1};
        double[] mse = {9e4, 9e2, 10, 0.2, 1.1};
        double[] se = {1e4, 1e2, 1, 0.02, 0.1};
        double[] theory = {1e5, 1e3, 10, 0.1, 1};
        Figure figure = Figures.errorAgainst("smoothing radius h", h, "E‖ĝ − ∇f‖²", mse, se, theory);
        JsonNode json = plotly(figure);
        assertEquals("log", json.at("/layout/xaxis/type").asText());
        assertEquals("log", json.at("/layout/yaxis/type").asText());
        assertEquals("smoothing radius h", json.at("/layout/xaxis/title/text").asText());
        assertEquals(100.0, json.get("data").get(0).at("/error_y/array").get(1).asDouble());
        assertEquals("dash", json.get("data").get(1).at("/line/dash").asText());
        assertEquals("theory", json.get("data").get(1).get("name").asText());
        Documents.xml(figure.svg());
    }

    @Test
    void particlesPlotOneScatterPerSnapshot() {
        Map<String, double[][]> snapshots = new LinkedHashMap<>();
        snapshots.put("step 0", new double[][] {{-2, 2}, {2, -2}, {1, 1}});
        snapshots.put("step 50", new double[][] {{0.1, 0}, {0, 0.1}, {0, 0}});
        JsonNode json = plotly(Figures.particles("CBO on sphere", snapshots));
        assertEquals(2, json.get("data").size());
        assertEquals("markers", json.get("data").get(1).get("mode").asText());
        assertEquals("x₂", json.at("/layout/yaxis/title/text").asText());
        // One coordinate (a 1-D CBO run): a row of points per snapshot
        snapshots.put("step 50", new double[][] {{0.1}, {0}, {-0.1}});
        snapshots.put("step 0", new double[][] {{-2}, {2}, {1}});
        JsonNode line = plotly(Figures.particles("CBO on sphere(1)", snapshots));
        assertEquals("snapshot", line.at("/layout/yaxis/title/text").asText());
        assertEquals("[-2.0,2.0,1.0]", line.at("/data/0/x").toString());
        assertEquals("[1.0,1.0,1.0]", line.at("/data/1/y").toString(), "the second snapshot's row");
        assertThrows(IllegalArgumentException.class,
                () -> Figures.particles("0-D", Map.of("step 0", new double[][] {{}})));
    }

    @Test
    void svgIsWellFormedAndNamesTitleAndAxes() {
        String svg = Figure.titled("ZO-SGD <on> sphere").xAxis("evaluations").yAxis("best f(x)")
                .line("best f(x)", X, X).svg();
        Document doc = Documents.xml(svg);
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals("ZO-SGD <on> sphere", doc.getElementsByTagNameNS("*", "title").item(0).getTextContent());
        String description = doc.getElementsByTagNameNS("*", "desc").item(0).getTextContent();
        assertTrue(description.contains("best f(x)") && description.contains("evaluations"), description);
    }

    @Test
    void emptyFigureStillDraws() {
        Figure empty = Figure.titled("nothing yet").xAxis("evaluations").yAxis("f(x)");
        Documents.xml(empty.svg());
        assertEquals(0, plotly(empty).get("data").size());
    }

    @Test
    void longLinesAreThinnedButKeepTheirEnvelope() {
        int n = 100_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i == 54_321 ? -7 : Math.sin(i);
        }
        JsonNode trace = plotly(Figure.titled("t").line("f", x, y)).get("data").get(0);
        assertTrue(trace.get("y").size() <= Plot.MAX_POINTS, "drew " + trace.get("y").size() + " points");
        double min = Double.POSITIVE_INFINITY;
        for (JsonNode v : trace.get("y")) {
            min = Math.min(min, v.asDouble());
        }
        assertEquals(-7, min, "the one outlier survives thinning");
        assertEquals(n - 1.0, trace.get("x").get(trace.get("x").size() - 1).asDouble(), "the last point is kept");
    }

    @Test
    void mismatchedLengthsAreRejectedWithTheFix() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Figure.titled("t").line("f", X, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("one value per x"), e.getMessage());
    }

    @Test
    void plotlyJsIsEmbeddedOnlyOnceUntilReset() {
        PlotlyJs.resetEmbedded();
        Figure figure = Figure.titled("t").line("f", X, X);
        String first = figure.toMimeBundle().get(MimeBundle.HTML);
        String second = figure.toMimeBundle().get(MimeBundle.HTML);
        String marker = "plotly.js " + PlotlyJs.version();
        assertTrue(first.contains(marker) && first.length() > 2_000_000, "the first figure carries plotly.js");
        assertFalse(second.contains(marker), "later figures use window.Plotly");
        String ours = first.replace(PlotlyJs.script(), "");
        assertFalse(ours.contains("src=") || ours.contains("cdn"), "plotly.js inline, never from a CDN: " + ours);
        PlotlyJs.resetEmbedded();
        assertTrue(figure.toMimeBundle().get(MimeBundle.HTML).contains(marker), "a new session embeds it again");
    }

    @Test
    void bundleHasEveryRepresentationAndTheHtmlFallsBackToSvg() {
        PlotlyJs.resetEmbedded();
        Figure figure = Figure.titled("t").line("f", X, X);
        figure.toMimeBundle(); // the session's first figure took plotly.js
        MimeBundle bundle = figure.toMimeBundle();
        assertEquals(java.util.List.of(MimeBundle.TEXT, MimeBundle.HTML, MimeBundle.SVG, MimeBundle.PLOTLY),
                java.util.List.copyOf(bundle.data().keySet()));
        String html = bundle.get(MimeBundle.HTML);
        assertTrue(html.contains("<svg"), "static fallback for nbconvert and GitHub");
        assertTrue(html.contains("Plotly.newPlot"));
        Documents.json(bundle.get(MimeBundle.PLOTLY));
        Documents.xml(bundle.get(MimeBundle.SVG));
    }

    @Test
    void scriptInATitleCannotCloseTheScriptElement() {
        PlotlyJs.resetEmbedded();
        Figure figure = Figure.titled("</script><script>alert(1)</script>").line("<b>", X, X);
        figure.html(); // plotly.js goes to the first
        String html = figure.html();
        assertFalse(html.contains("<script>alert"), "the title must not become markup");
        assertEquals(1, html.split("</script>", -1).length - 1, "only the figure's own script element closes");
    }

    @Test
    void saveWritesByExtension(@TempDir Path dir) throws Exception {
        Figure figure = Figure.titled("saved").xAxis("evaluations").yAxis("f(x)").line("f", X, X);
        String html = Files.readString(figure.save(dir.resolve("f.html")), StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("plotly.js " + PlotlyJs.version())
                && html.contains("Plotly.newPlot"), "self-contained page");
        assertFalse(html.contains("src=\"http"), "no CDN");
        Document svg = Documents.xml(Files.readString(figure.save(dir.resolve("f.svg"))));
        assertEquals("svg", svg.getDocumentElement().getLocalName());
        byte[] png = Files.readAllBytes(figure.save(dir.resolve("F.PNG")));
        assertEquals(0x89, png[0] & 0xff);
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
        assertEquals("saved", Documents.json(Files.readString(figure.save(dir.resolve("f.json"))))
                .at("/layout/title/text").asText());
        var e = assertThrows(IllegalArgumentException.class, () -> figure.save(dir.resolve("f.pdf")));
        assertTrue(e.getMessage().contains(".html, .svg, .png or .json"), e.getMessage());
    }

    @Test
    void staticModeLeavesOutPlotlyForCommittedNotebooks() {
        System.setProperty("zeroth.plotly", "none");
        try {
            PlotlyJs.resetEmbedded();
            MimeBundle bundle = Figure.titled("static").line("a", new double[] {1, 2}, new double[] {3, 4}).toMimeBundle();
            assertFalse(bundle.has(MimeBundle.PLOTLY), "no plotly JSON");
            assertFalse(bundle.get(MimeBundle.HTML).contains("<script"), "no script at all");
            assertTrue(bundle.get(MimeBundle.HTML).contains("<svg"), "the static SVG is the figure");
            assertTrue(bundle.has(MimeBundle.SVG));
        } finally {
            System.clearProperty("zeroth.plotly");
            PlotlyJs.resetEmbedded();
        }
    }

    @Test
    void repeatedStylesBecomeClassesOfOneStylesheet() {
        String svg = "<svg a='1'><line style='stroke:red'/><line style='stroke:red'/><rect style='fill:blue'/></svg>";
        String shared = StaticChart.shareStyles(svg, "p_");
        assertEquals("<svg a='1'><style>.p_s0{stroke:red}</style><line class='p_s0'/><line class='p_s0'/>"
                + "<rect style='fill:blue'/></svg>", shared);
        String drawn = Figure.titled("many segments").line("a", new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}).svg();
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("class='([^']*)'").matcher(drawn);
        while (used.find()) {
            assertTrue(drawn.contains("." + used.group(1) + "{"), "class " + used.group(1) + " is defined");
        }
    }
}
