package org.zeroth.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Plotly's {@code {data, layout, config}} for a {@link Plot}, built with Jackson (not tablesaw-jsplot, which writes
 * titles as strings that plotly.js 3 ignores and numbers as strings), and the HTML that draws it.
 */
final class PlotlyJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlotlyJson() {
    }

    static String figure(Plot plot) {
        ObjectNode figure = JSON.createObjectNode();
        ArrayNode data = figure.putArray("data");
        boolean heatmap = plot.series().stream().anyMatch(s -> s.trace().kind() == Trace.Kind.HEATMAP);
        for (Plot.Series s : plot.series()) {
            data.add(trace(plot, s, heatmap));
        }
        ObjectNode layout = figure.putObject("layout");
        layout.putObject("title").put("text", plot.title());
        layout.set("xaxis", axis(plot.xAxis(), plot.logX(), plot.series().stream().map(Plot.Series::x)));
        layout.set("yaxis", axis(plot.yAxis(), plot.logY(), plot.series().stream().map(Plot.Series::y)));
        layout.put("height", Figure.HEIGHT);
        layout.put("hovermode", "closest");
        layout.put("plot_bgcolor", "white");
        layout.put("paper_bgcolor", "white");
        layout.putObject("margin").put("t", 60).put("r", 30);
        if (heatmap) { // the colour bar takes the legend's place on the right
            layout.putObject("legend").put("orientation", "h").put("x", 0).put("y", -0.18);
        }
        ObjectNode config = figure.putObject("config");
        config.put("responsive", true);
        config.put("displaylogo", false);
        try {
            return JSON.writeValueAsString(figure);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a figure as JSON", e);
        }
    }

    /**
     * An axis; its large numbers in SI units (10k, 2M) as the static charts write them, when no value on it is
     * below 1 in size (SI would write 0.001 as 1m), else in exponents (1e-6).
     */
    private static ObjectNode axis(Axis axis, boolean log, Stream<double[]> values) {
        ObjectNode a = JSON.createObjectNode();
        a.putObject("title").put("text", axis.label());
        a.put("type", log ? "log" : "linear");
        boolean large = values.flatMapToDouble(Arrays::stream).filter(v -> Double.isFinite(v) && v != 0)
                .allMatch(v -> Math.abs(v) >= 1);
        a.put("exponentformat", large ? "SI" : "e");
        a.put("gridcolor", "#e5e5e5");
        a.put("zeroline", false);
        a.put("automargin", true);
        return a;
    }

    /** One trace; {@code overHeatmap}: markers get a white edge, to show on dark and light cells alike. */
    private static ObjectNode trace(Plot plot, Plot.Series s, boolean overHeatmap) {
        Trace t = s.trace();
        String color = Plot.color(t.color());
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "scatter");
        o.put("name", t.name());
        o.put("legendgroup", t.name());
        o.put("showlegend", t.inLegend());
        switch (t.kind()) {
            case HEATMAP -> {
                o.put("type", "heatmap");
                numbers(o.putArray("x"), s.x());
                numbers(o.putArray("y"), s.y());
                ArrayNode z = o.putArray("z");
                for (double[] row : t.z()) {
                    numbers(z.addArray(), row);
                }
                o.put("colorscale", "Viridis");
                o.put("hoverongaps", false);
                o.putObject("colorbar").putObject("title").put("text", t.name());
            }
            case LINE -> {
                o.put("mode", s.lonePoint() ? "lines+markers" : "lines");
                numbers(o.putArray("x"), s.x());
                numbers(o.putArray("y"), s.y());
                if (s.lonePoint()) {
                    o.putObject("marker").put("color", color).put("size", 7);
                }
                ObjectNode line = o.putObject("line").put("color", color).put("width", 2);
                if (t.dashed()) {
                    line.put("dash", plot.dash(s));
                }
            }
            case POINTS, ERROR_BARS -> {
                o.put("mode", "markers");
                numbers(o.putArray("x"), s.x());
                numbers(o.putArray("y"), s.y());
                ObjectNode marker = o.putObject("marker").put("color", color).put("size", 7);
                if (overHeatmap) {
                    marker.putObject("line").put("color", "white").put("width", 1);
                }
                if (t.kind() == Trace.Kind.ERROR_BARS) {
                    ObjectNode error = o.putObject("error_y").put("type", "data").put("visible", true)
                            .put("color", color);
                    numbers(error.putArray("array"), s.low());
                }
            }
            case BAND -> {
                // one closed polygon: along the upper edge, back along the lower one
                o.put("mode", "lines");
                o.put("fill", "toself");
                o.put("fillcolor", translucent(color));
                o.put("hoverinfo", "skip");
                o.putObject("line").put("width", 0).put("color", translucent(color));
                ArrayNode x = o.putArray("x");
                ArrayNode y = o.putArray("y");
                int n = s.x().length;
                for (int i = 0; i < n; i++) {
                    number(x, s.x()[i]);
                    number(y, s.high()[i]);
                }
                for (int i = n - 1; i >= 0; i--) {
                    number(x, s.x()[i]);
                    number(y, s.low()[i]);
                }
            }
        }
        return o;
    }

    /** JSON has no NaN: a missing value is null, which plotly.js draws as a gap. */
    private static void numbers(ArrayNode array, double[] values) {
        for (double v : values) {
            number(array, v);
        }
    }

    private static void number(ArrayNode array, double v) {
        if (Double.isFinite(v)) {
            array.add(v);
        } else {
            array.addNull();
        }
    }

    static String translucent(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return "rgba(" + (rgb >> 16) + "," + ((rgb >> 8) & 0xff) + "," + (rgb & 0xff) + ",0.2)";
    }

    /**
     * A div that shows {@code fallback} (static SVG) until a script draws the interactive figure over it, when
     * plotly.js is there. In JSON, "<" occurs only inside strings, so writing it as the escape \\u003c keeps a title like
     * "</script>" from closing the script.
     */
    static String htmlWithFallback(String json, String fallback) {
        String id = "zeroth-" + UUID.randomUUID();
        String safe = json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        return "<div class=\"zeroth-figure\" id=\"" + id + "\" style=\"max-width:" + Figure.WIDTH + "px\">"
                + fallback + "</div>\n"
                + "<script type=\"text/javascript\">(function () {\n"
                + "  var el = document.getElementById('" + id + "');\n"
                + "  var plotly = window.zerothPlotly || (window.Plotly && Promise.resolve(window.Plotly));\n"
                + "  if (!el || !plotly) { return; }\n"
                + "  var figure = " + safe + ";\n"
                + "  plotly.then(function (Plotly) {\n"
                + "    if (!Plotly) { return; }\n"
                + "    el.innerHTML = ''; el.style.maxWidth = '';\n"
                + "    Plotly.newPlot(el, figure.data, figure.layout, figure.config);\n"
                + "  });\n"
                + "})();</script>";
    }
}
