package org.zeroth.view;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.zeroth.Chart;

/**
 * A figure as a value: a title, two {@link Axis axes} and the {@link Trace traces} drawn on them. Immutable; every
 * method returns a new figure, so a figure is built in one expression:
 * <pre>{@code
 * Figure.titled("ZO-SGD on sphere").xAxis("evaluations").yAxis("best f(x)")
 *       .band("mean ± sd over 10 seeds", evals, mean, lo, hi)
 *       .dashed("theory", evals, predicted)
 * }</pre>
 * It shows itself in a notebook ({@link #toMimeBundle()}: Plotly JSON, HTML with plotly.js and a static SVG
 * fallback, SVG, text), and {@link #save(Path)} writes HTML, SVG, PNG or Plotly JSON by the file's extension.
 * Interactive and static renderings are drawn from the same prepared data ({@code Plot}), so they agree.
 */
public final class Figure implements Displayable, Chart {
    static final int WIDTH = 720;
    static final int HEIGHT = 420;

    private final String title;
    private final Axis xAxis;
    private final Axis yAxis;
    private final List<Trace> traces;
    private final int nextColor;

    private Figure(String title, Axis xAxis, Axis yAxis, List<Trace> traces, int nextColor) {
        this.title = title;
        this.xAxis = xAxis;
        this.yAxis = yAxis;
        this.traces = List.copyOf(traces);
        this.nextColor = nextColor;
    }

    /** An empty figure with a title and unlabelled axes. */
    public static Figure titled(String title) {
        Objects.requireNonNull(title, "title: give the figure a title, e.g. \"ZO-SGD on sphere\"");
        return new Figure(title, Axis.of(""), Axis.of(""), List.of(), 0);
    }

    public Figure xAxis(String label) {
        return xAxis(Axis.of(label));
    }

    public Figure yAxis(String label) {
        return yAxis(Axis.of(label));
    }

    public Figure xAxis(Axis axis) {
        return new Figure(title, Objects.requireNonNull(axis, "axis"), yAxis, traces, nextColor);
    }

    public Figure yAxis(Axis axis) {
        return new Figure(title, xAxis, Objects.requireNonNull(axis, "axis"), traces, nextColor);
    }

    public Figure title(String newTitle) {
        return titled(newTitle).xAxis(xAxis).yAxis(yAxis).withTraces(traces, nextColor);
    }

    /**
     * A line through (x[i], y[i]); a NaN y leaves a gap. A name given before (points and the line through them)
     * takes that trace's colour and legend entry.
     */
    public Figure line(String name, double[] x, double[] y) {
        return coloured(Trace.Kind.LINE, name, x, y, null);
    }

    /** A dashed reference line in a neutral colour, e.g. a theory curve. */
    public Figure dashed(String name, double[] x, double[] y) {
        return add(new Trace(Trace.Kind.LINE, name, x, y, null, null, -1, true, true), 0);
    }

    /** Points (a scatter); a name given before takes that trace's colour and legend entry. */
    public Figure points(String name, double[] x, double[] y) {
        return coloured(Trace.Kind.POINTS, name, x, y, null);
    }

    /** Points with symmetric error bars y ± error; a name given before takes that trace's colour and legend entry. */
    public Figure errorBars(String name, double[] x, double[] y, double[] error) {
        return coloured(Trace.Kind.ERROR_BARS, name, x, y, error);
    }

    /** A trace in the next colour, or in the colour of the trace of that name before it, without a second entry. */
    private Figure coloured(Trace.Kind kind, String name, double[] x, double[] y, double[] error) {
        Trace named = name == null || name.isBlank() ? null : traces.stream()
                .filter(t -> t.name().equals(name) && t.color() >= 0 && t.kind() != Trace.Kind.HEATMAP)
                .findFirst().orElse(null);
        return named == null ? add(new Trace(kind, name, x, y, error, null, nextColor, false, true), 1)
                : add(new Trace(kind, name, x, y, error, null, named.color(), false, false), 0);
    }

    /** A line through the middle values with a shaded band from low to high, in one colour and one legend entry. */
    public Figure band(String name, double[] x, double[] middle, double[] low, double[] high) {
        Trace shade = new Trace(Trace.Kind.BAND, name, x, middle, low, high, nextColor, false, false);
        Trace line = new Trace(Trace.Kind.LINE, name, x, middle, null, null, nextColor, false, true);
        List<Trace> more = new ArrayList<>(traces);
        more.add(shade);
        more.add(line);
        return withTraces(more, nextColor + 1);
    }

    /**
     * A heatmap: {@code z[row][column]} is the value of the cell centred at (x[column], y[row]); NaN leaves a
     * cell empty. The colour bar is titled {@code name}.
     */
    public Figure heatmap(String name, double[] x, double[] y, double[][] z) {
        return add(new Trace(Trace.Kind.HEATMAP, name, x, y, null, null, nextColor, false, false, z), 0);
    }

    private Figure add(Trace trace, int colorsUsed) {
        List<Trace> more = new ArrayList<>(traces);
        more.add(trace);
        return withTraces(more, nextColor + colorsUsed);
    }

    private Figure withTraces(List<Trace> newTraces, int newNextColor) {
        return new Figure(title, xAxis, yAxis, newTraces, newNextColor);
    }

    public String title() {
        return title;
    }

    public Axis xAxis() {
        return xAxis;
    }

    public Axis yAxis() {
        return yAxis;
    }

    public List<Trace> traces() {
        return traces;
    }

    /** What is drawn, scales resolved: the same for the Plotly JSON and the static chart, but for thinning. */
    Plot plot(int maxPoints) {
        return Plot.of(this, maxPoints);
    }

    /** {@code {data, layout, config}} for plotly.js, as JSON text. */
    public String plotlyJson() {
        return PlotlyJson.figure(plot(Plot.MAX_POINTS));
    }

    /** A static SVG drawing (an {@code <svg>} element) by XChart on JFreeSVG. */
    public String svg() {
        return StaticChart.svg(plot(Plot.MAX_STATIC_POINTS), WIDTH, HEIGHT);
    }

    /** A static PNG image by XChart. */
    public byte[] png() {
        return StaticChart.png(plot(Plot.MAX_STATIC_POINTS), WIDTH, HEIGHT);
    }

    /**
     * The figure for a notebook cell: an interactive plot where plotly.js runs (embedded with the first figure of
     * the session, see {@link PlotlyJs}), else the static SVG it contains (nbconvert, GitHub, untrusted notebooks).
     */
    public String html() {
        return html(plotlyJson(), svg());
    }

    /** The notebook HTML from this figure's already drawn JSON and SVG. */
    static String html(String json, String svg) {
        if (!PlotlyJs.interactive()) {
            return "<div class=\"zeroth-figure\" style=\"max-width:" + WIDTH + "px\">" + svg + "</div>";
        }
        return PlotlyJs.embedOnce() + PlotlyJson.htmlWithFallback(json, svg);
    }

    /** A self-contained HTML page (plotly.js embedded) showing this figure; works offline. */
    public String standaloneHtml() {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
                + "</title>\n" + PlotlyJs.script() + "\n</head><body>\n"
                + PlotlyJson.htmlWithFallback(plotlyJson(), "") + "\n</body></html>\n";
    }

    @Override
    public MimeBundle toMimeBundle() {
        String svg = svg();
        String json = plotlyJson();
        MimeBundle bundle = MimeBundle.text(toString()).with(MimeBundle.HTML, html(json, svg)).with(MimeBundle.SVG, svg);
        return PlotlyJs.interactive() ? bundle.with(MimeBundle.PLOTLY, json) : bundle;
    }

    /**
     * Writes the figure to {@code path}, by its extension: {@code .html} (self-contained, plotly.js embedded),
     * {@code .svg}, {@code .png} or {@code .json} (Plotly's {data, layout, config}). Returns the path.
     */
    @Override
    public Path save(Path path) {
        Objects.requireNonNull(path, "save(path): path is null");
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".html") || name.endsWith(".htm")) {
                Files.writeString(path, standaloneHtml(), StandardCharsets.UTF_8);
            } else if (name.endsWith(".svg")) {
                Files.writeString(path, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg(), StandardCharsets.UTF_8);
            } else if (name.endsWith(".png")) {
                Files.write(path, png());
            } else if (name.endsWith(".json")) {
                Files.writeString(path, plotlyJson(), StandardCharsets.UTF_8);
            } else {
                throw new IllegalArgumentException("save(path): cannot tell the format of \"" + path.getFileName()
                        + "\"; use a name ending in .html, .svg, .png or .json");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the figure to " + path + ": " + e.getMessage(), e);
        }
        return path;
    }

    @Override
    public Path save(String path) {
        return save(Path.of(path));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Figure \"").append(title).append('"');
        if (!xAxis.label().isEmpty() || !yAxis.label().isEmpty()) {
            s.append(": ").append(yAxis.label()).append(" against ").append(xAxis.label());
        }
        for (Trace t : traces) {
            if (t.inLegend()) {
                s.append("\n  ").append(t);
            }
        }
        return s.toString();
    }
}
