package org.zeroth.view;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.svg.SVGGraphics2D;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The static drawing of a {@link Plot}: XChart lays the chart out, JFreeSVG's SVGGraphics2D records it as SVG
 * (text stays text, so axis labels are searchable), XChart's encoder writes PNG. Runs headless.
 */
final class StaticChart {
    private static final AtomicLong DRAWINGS = new AtomicLong();
    /** A log y axis over more decades than this labels only some ({@link #thinLogDecades}). */
    private static final int MAX_DECADES = 12;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private StaticChart() {
    }

    static String svg(Plot plot, int width, int height) {
        // several SVGs inline in one page must not share clip-path ids or style classes
        String prefix = "zeroth" + DRAWINGS.incrementAndGet() + "_" + Long.toHexString(System.nanoTime()) + "_";
        return describe(shareStyles(Polylines.join(rawSvg(plot, width, height, prefix)), prefix), plot);
    }

    /** What JFreeSVG records of XChart's drawing. */
    static String rawSvg(Plot plot, int width, int height, String prefix) {
        Chart<?, ?> chart = drawing(plot, width, height);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(prefix);
        g.setGeomDoubleConverter(StaticChart::tenths); // a tenth of a pixel is plenty; halves the SVG
        chart.paint(g, width, height);
        return g.getSVGElement();
    }

    /**
     * JFreeSVG writes the full style on every element; a chart's hundreds of segments share a handful. Each style
     * used more than once becomes a class of an embedded stylesheet, which roughly halves a notebook's figures.
     */
    static String shareStyles(String svg, String prefix) {
        Matcher styles = STYLE.matcher(svg);
        Map<String, Integer> uses = new LinkedHashMap<>();
        while (styles.find()) {
            uses.merge(styles.group(1), 1, Integer::sum);
        }
        Map<String, String> classes = new LinkedHashMap<>();
        uses.forEach((style, count) -> {
            if (count > 1) {
                classes.put(style, prefix + "s" + classes.size());
            }
        });
        if (classes.isEmpty()) {
            return svg;
        }
        StringBuilder sheet = new StringBuilder("<style>");
        classes.forEach((style, name) -> sheet.append('.').append(name).append('{').append(style).append('}'));
        sheet.append("</style>");
        String shared = STYLE.matcher(svg).replaceAll(m -> {
            String name = classes.get(m.group(1));
            return Matcher.quoteReplacement(name == null ? m.group() : "class='" + name + "'");
        });
        int open = shared.indexOf('>') + 1;
        return shared.substring(0, open) + sheet + shared.substring(open);
    }

    private static final Pattern STYLE = Pattern.compile("style='([^']*)'");

    /**
     * XChart draws text as glyph outlines (so it looks the same without fonts); a title and a description keep
     * the figure's words in the SVG for screen readers and search.
     */
    private static String describe(String svg, Plot plot) {
        StringBuilder desc = new StringBuilder();
        desc.append(plot.yAxis().label()).append(plot.logY() ? " (log scale)" : "").append(" against ")
                .append(plot.xAxis().label()).append(plot.logX() ? " (log scale)" : "");
        plot.series().stream().filter(s -> s.trace().inLegend())
                .forEach(s -> desc.append("; ").append(s.trace().name()));
        int open = svg.indexOf('>') + 1;
        return svg.substring(0, open) + "<title>" + Html.escape(plot.title()) + "</title><desc>"
                + Html.escape(desc.toString()) + "</desc>" + svg.substring(open);
    }

    static byte[] png(Plot plot, int width, int height) {
        try {
            return BitmapEncoder.getBitmapBytes(drawing(plot, width, height), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the figure as PNG", e);
        }
    }

    /**
     * The chart that draws the plot: a heatmap when it has a heatmap trace with a value (with the plot's points on
     * top; other traces are not drawn), else lines and points (an empty heatmap: the titled frame).
     */
    static Chart<?, ?> drawing(Plot plot, int width, int height) {
        for (Plot.Series s : plot.series()) {
            if (s.trace().kind() == Trace.Kind.HEATMAP && Arrays.stream(s.trace().z()).flatMapToDouble(Arrays::stream)
                    .anyMatch(Double::isFinite)) {
                return heatmap(plot, s.trace(), width, height);
            }
        }
        return chart(plot, width, height);
    }

    /** Viridis at nine stops, as plotly.js draws the interactive heatmap. */
    private static final Color[] VIRIDIS = {new Color(0x440154), new Color(0x472c7a), new Color(0x3b518b),
        new Color(0x2c718e), new Color(0x21908d), new Color(0x27ad81), new Color(0x5cc863), new Color(0xaadc32),
        new Color(0xfde725)};

    /** XChart's heatmap: cells by index with labelled centres; an empty (NaN) cell is not drawn. */
    private static HeatMapChart heatmap(Plot plot, Trace t, int width, int height) {
        List<Plot.Series> points = plot.series().stream()
                .filter(s -> s.trace().kind() == Trace.Kind.POINTS && s.x().length > 0).toList();
        HeatMapChart chart = new HeatMapWithPoints(width, height, t.x(), t.y(), points);
        chart.setTitle(plot.title());
        chart.setXAxisTitle(plot.xAxis().label());
        chart.setYAxisTitle(plot.yAxis().label());
        var style = chart.getStyler();
        style.setAllStyles(); // XChart 4.0.3 leaves the heatmap styler's defaults (locale, formats) null: set them
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotBackgroundColor(new Color(0xf2f2f2));
        style.setPlotGridLinesVisible(false);
        style.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        style.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        style.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        style.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        style.setRangeColors(VIRIDIS);
        style.setDrawBorder(true); // each cell edged in its own colour: no light seams between anti-aliased cells
        style.setShowValue(false);
        style.setAntiAlias(true);
        double[] x = t.x();
        double[] y = t.y();
        double[][] z = t.z();
        List<String> columns = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (double v : x) {
            columns.add(unique(TickLabels.label(v), new HashSet<>(columns)));
        }
        for (double v : y) {
            rows.add(unique(TickLabels.label(v), new HashSet<>(rows)));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < y.length; r++) {
            for (int c = 0; c < x.length; c++) {
                if (Double.isFinite(z[r][c])) {
                    cells.add(new Number[] {c, r, z[r][c]});
                }
            }
        }
        chart.addSeries(t.name(), columns, rows, cells);
        return chart;
    }

    static XYChart chart(Plot plot, int width, int height) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(plot.title());
        chart.setXAxisTitle(plot.xAxis().label());
        chart.setYAxisTitle(plot.yAxis().label());
        var style = chart.getStyler();
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotBackgroundColor(Color.WHITE);
        style.setPlotBorderVisible(false);
        style.setPlotGridLinesColor(new Color(0xe5e5e5));
        style.setPlotGridLinesStroke(new BasicStroke(1f)); // XChart's default dotted grid becomes ~1 MB of SVG paths
        style.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        style.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        style.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        style.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        style.setLegendBorderColor(new Color(0xcccccc));
        style.setXAxisLogarithmic(plot.logX());
        style.setYAxisLogarithmic(plot.logY());
        style.setXAxisTickLabelsFormattingFunction(TickLabels::label);
        style.setYAxisTickLabelsFormattingFunction(TickLabels::label);
        style.setErrorBarsColorSeriesColor(true);
        style.setMarkerSize(7);
        style.setAntiAlias(true);
        Set<String> names = new HashSet<>();
        List<String> entries = new ArrayList<>();
        for (Plot.Series s : plot.series()) {
            if (s.x().length == 0 || s.trace().kind() == Trace.Kind.HEATMAP) {
                continue; // XChart refuses empty series; a heatmap is drawn by its own chart
            }
            Trace t = s.trace();
            Color color = Color.decode(Plot.color(t.color()));
            String name = unique(t.kind() == Trace.Kind.BAND ? t.name() + " (band)" : t.name(), names);
            XYSeries series;
            switch (t.kind()) {
                case BAND -> {
                    int n = s.x().length;
                    double[] x = new double[2 * n];
                    double[] y = new double[2 * n];
                    for (int i = 0; i < n; i++) {
                        x[i] = s.x()[i];
                        y[i] = s.high()[i];
                        x[2 * n - 1 - i] = s.x()[i];
                        y[2 * n - 1 - i] = s.low()[i];
                    }
                    series = chart.addSeries(name, x, y);
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                    Color fill = new Color(color.getRed(), color.getGreen(), color.getBlue(), 51);
                    series.setFillColor(fill);
                    series.setLineColor(fill);
                    series.setMarker(SeriesMarkers.NONE);
                }
                case LINE -> {
                    series = chart.addSeries(name, s.x(), s.y());
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    series.setMarker(s.lonePoint() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                    series.setMarkerColor(color);
                    series.setLineColor(color);
                    series.setLineStyle(t.dashed() ? dashed(plot.dash(s)) : SeriesLines.SOLID);
                }
                case POINTS -> {
                    series = chart.addSeries(name, s.x(), s.y());
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    series.setMarker(SeriesMarkers.CIRCLE);
                    series.setMarkerColor(color);
                }
                default -> {
                    series = chart.addSeries(name, s.x(), s.y(), s.low());
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    series.setMarker(SeriesMarkers.CIRCLE);
                    series.setMarkerColor(color);
                    series.setLineColor(color);
                }
            }
            series.setShowInLegend(t.inLegend() && !t.name().isBlank());
            if (series.isShowInLegend()) {
                entries.add(name);
            }
        }
        style.setLegendVisible(!entries.isEmpty());
        style.setLegendPosition(LegendPlacement.best(plot, width, height, entries));
        breakEqualSpacing(chart, plot);
        thinLogDecades(chart, plot);
        if (names.isEmpty()) {
            // an empty chart still draws its title and axes
            chart.addSeries(" ", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE)
                    .setShowInLegend(false);
        }
        return chart;
    }

    /**
     * XChart puts the x ticks on the data's own x values whenever these are equally spaced (a curve sampled every
     * 66.67 evaluations gets ticks "66.6667, 533.3333, …"). One invisible point at an x between the data's breaks
     * that spacing, so the ticks fall on 1-2-5 steps; it changes neither the axes' ranges nor the drawing.
     */
    private static void breakEqualSpacing(XYChart chart, Plot plot) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double y = Double.NaN;
        for (Plot.Series s : plot.series()) {
            for (int i = 0; i < s.x().length; i++) {
                min = Math.min(min, s.x()[i]);
                max = Math.max(max, s.x()[i]);
                if (Double.isNaN(y) && s.y() != null && Double.isFinite(s.y()[i])) {
                    y = s.y()[i];
                }
            }
        }
        if (!(max > min) || Double.isNaN(y)) {
            return;
        }
        double x = plot.logX() ? min * Math.pow(max / min, 0.381966) : min + (max - min) * 0.381966;
        XYSeries hidden = chart.addSeries("\u2060", new double[] {x}, new double[] {y});
        hidden.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        hidden.setMarker(SeriesMarkers.NONE);
        hidden.setShowInLegend(false);
    }

    /**
     * XChart labels every decade of a log y axis and draws nine grid lines in each: over the 130 decades of a run
     * that diverged, the labels overlap into a smear and the grid fills the plot. Past {@value #MAX_DECADES}
     * decades, every k-th decade is labelled (about ten labels) and the axis draws no grid.
     */
    private static void thinLogDecades(XYChart chart, Plot plot) {
        long decades = plot.yDecades();
        if (!plot.logY() || decades <= MAX_DECADES) {
            return;
        }
        long every = (decades + 9) / 10;
        chart.getStyler().setYAxisLogarithmicDecadeOnly(true).setPlotGridHorizontalLinesVisible(false)
                .setYAxisTickLabelsFormattingFunction(v -> TickLabels.everyDecade(v, every));
    }

    private static String tenths(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : Double.toString(tenths / 10.0);
    }

    /** A dash pattern of {@link Plot#dash} as plotly.js draws it. */
    private static BasicStroke dashed(String dash) {
        float[] pattern = switch (dash) {
            case "dot" -> new float[] {2f, 3f};
            case "dashdot" -> new float[] {8f, 3f, 2f, 3f};
            default -> new float[] {6f, 4f};
        };
        return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, pattern, 0f);
    }

    private static String unique(String name, Set<String> names) {
        String candidate = name.isEmpty() ? " " : name;
        for (int i = 2; !names.add(candidate); i++) {
            candidate = name + " (" + i + ")";
        }
        return candidate;
    }
}
