package org.zeroth.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Figure} ready to draw: scales resolved and every trace reduced to what the chosen scales can show.
 * Log axes cannot show values ≤ 0: such points are left out of lines and points, and band edges are clamped to the
 * bottom of the axis. Long lines are thinned, keeping each bucket's lowest and highest value so the drawn envelope
 * is the true one: to {@link #MAX_POINTS} points for plotly.js, to {@link #MAX_STATIC_POINTS} for the static chart
 * (XChart draws each segment as its own SVG element, ~200 bytes each; 200 points, each bucket's extremes, fill a 720-pixel-wide chart).
 */
record Plot(String title, Axis xAxis, boolean logX, Axis yAxis, boolean logY, List<Series> series) {
    static final int MAX_POINTS = 2000;
    static final int MAX_STATIC_POINTS = 200;

    /** One trace as drawn; for bands {@code low}/{@code high} are the edges, for error bars {@code low} the error. */
    record Series(Trace trace, double[] x, double[] y, double[] low, double[] high) {
        /** A line of one drawable point (a one-step run) draws nothing as a line: it is marked instead. */
        boolean lonePoint() {
            return trace.kind() == Trace.Kind.LINE && Arrays.stream(y).filter(Double::isFinite).count() == 1;
        }
    }

    /** Dash patterns of dashed lines in turn, so that two reference lines of one plot can be told apart. */
    private static final List<String> DASHES = List.of("dash", "dot", "dashdot");

    /** The dash pattern of a dashed line: by its order among the plot's dashed lines, "dash", "dot", "dashdot". */
    String dash(Series line) {
        int k = 0;
        for (Series s : series) {
            if (s == line) {
                break;
            }
            k += s.trace().dashed() ? 1 : 0;
        }
        return DASHES.get(k % DASHES.size());
    }

    static Plot of(Figure figure, int maxPoints) {
        List<Trace> traces = figure.traces();
        boolean logX = isLog(figure.xAxis(), traces, true);
        boolean logY = isLog(figure.yAxis(), traces, false);
        double floor = logY ? smallestPositive(traces) : 0;
        List<Series> series = new ArrayList<>();
        for (Trace t : traces) {
            series.add(prepare(t, logX, logY, floor, maxPoints));
        }
        return new Plot(figure.title(), figure.xAxis(), logX, figure.yAxis(), logY, series);
    }

    /** AUTO: log when the values that set the axis (x, or y of lines and points) are positive and span > 2 decades. */
    private static boolean isLog(Axis axis, List<Trace> traces, boolean horizontal) {
        if (axis.scale() == Axis.Scale.LINEAR) {
            return false;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean positive = true;
        for (Trace t : traces) {
            if (!horizontal && t.kind() == Trace.Kind.BAND || t.kind() == Trace.Kind.HEATMAP) {
                continue; // a band's edges follow its middle line; a heatmap's cells are evenly spaced
            }
            for (double v : horizontal ? t.x() : t.y()) {
                if (Double.isFinite(v)) {
                    positive &= v > 0;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min > max) {
            return false; // nothing to draw
        }
        if (axis.scale() == Axis.Scale.LOG) {
            return max > 0; // an explicit log axis with nothing positive on it cannot be drawn: linear
        }
        return positive && spansDecades(min, max);
    }

    /** Whether positive values from min to max span more than two decades: the rule for an automatic log scale. */
    static boolean spansDecades(double min, double max) {
        return min > 0 && max / min > 100;
    }

    /** How many decades the positive y values drawn span (0 when there are none), a band's edges included. */
    long yDecades() {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Series s : series) {
            for (double[] values : new double[][] {s.y(), s.low(), s.high()}) {
                for (double v : values == null ? new double[0] : values) {
                    if (v > 0 && Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        return max > 0 ? (long) (Math.ceil(Math.log10(max)) - Math.floor(Math.log10(min))) : 0;
    }

    /**
     * The smallest positive value drawn, a band's low edge included (a band from the runs' min to max must reach
     * the best run, not stop at a floor set by the mean); a band edge at or below 0 is drawn a decade below it.
     */
    private static double smallestPositive(List<Trace> traces) {
        double min = Double.POSITIVE_INFINITY;
        for (Trace t : traces) {
            for (double[] values : t.kind() == Trace.Kind.BAND ? new double[][] {t.y(), t.low()}
                    : new double[][] {t.y()}) {
                for (double v : values) {
                    if (v > 0 && v < min) {
                        min = v;
                    }
                }
            }
        }
        return Double.isFinite(min) ? min : 1;
    }

    private static Series prepare(Trace t, boolean logX, boolean logY, double floor, int maxPoints) {
        if (t.kind() == Trace.Kind.HEATMAP) {
            return new Series(t, t.x(), t.y(), null, null); // every cell is drawn: nothing to thin
        }
        double[] x = t.x();
        double[] y = t.y();
        double[] low = t.low();
        double[] high = t.high();
        int n = 0;
        int[] keep = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            boolean ok = Double.isFinite(x[i]) && !(logX && x[i] <= 0);
            switch (t.kind()) {
                case LINE -> {
                    if (Double.isInfinite(y[i]) || logY && y[i] <= 0) {
                        y[i] = Double.NaN; // a gap, as plotly.js draws it (XChart refuses ±∞)
                    }
                }
                case POINTS -> ok &= Double.isFinite(y[i]) && !(logY && y[i] <= 0);
                case ERROR_BARS -> {
                    ok &= Double.isFinite(y[i]) && !(logY && y[i] <= 0);
                    low[i] = Double.isFinite(low[i]) ? Math.abs(low[i]) : 0;
                    if (logY && low[i] >= y[i]) {
                        low[i] = y[i] * 0.999; // symmetric bars cannot reach 0 on a log axis
                    }
                }
                case HEATMAP -> throw new AssertionError("heatmaps are prepared above");
                case BAND -> {
                    ok &= Double.isFinite(low[i]) && Double.isFinite(high[i]);
                    if (logY) {
                        low[i] = Math.max(low[i], floor / 10);
                        high[i] = Math.max(high[i], floor / 10);
                    }
                }
            }
            if (ok) {
                keep[n++] = i;
            }
        }
        keep = Arrays.copyOf(keep, n);
        if (t.kind() == Trace.Kind.LINE || t.kind() == Trace.Kind.BAND) {
            keep = thin(keep, t.kind() == Trace.Kind.BAND ? high : y, maxPoints);
        }
        return new Series(t, pick(x, keep), pick(y, keep), low == null ? null : pick(low, keep),
                high == null ? null : pick(high, keep));
    }

    /**
     * At most about {@code max} of the indices {@code keep}, in order: the first and last, and in each of
     * max/2 buckets the index of the lowest and of the highest value.
     */
    static int[] thin(int[] keep, double[] values, int max) {
        if (keep.length <= max) {
            return keep;
        }
        int buckets = Math.max(1, (max - 2) / 2);
        int[] out = new int[2 * buckets + 2];
        int n = 0;
        out[n++] = keep[0];
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) b * (keep.length - 2) / buckets);
            int to = 1 + (int) ((long) (b + 1) * (keep.length - 2) / buckets);
            int lo = -1;
            int hi = -1;
            for (int k = from; k < to; k++) {
                double v = values[keep[k]];
                if (lo < 0 || v < values[lo] || Double.isNaN(values[lo])) {
                    lo = keep[k];
                }
                if (hi < 0 || v > values[hi] || Double.isNaN(values[hi])) {
                    hi = keep[k];
                }
            }
            if (lo >= 0) {
                out[n++] = Math.min(lo, hi);
                if (hi != lo) {
                    out[n++] = Math.max(lo, hi);
                }
            }
        }
        out[n++] = keep[keep.length - 1];
        return Arrays.copyOf(out, n);
    }

    private static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    /** The palette shared by the interactive and the static drawing (plotly's default colours); -1 is neutral. */
    static String color(int index) {
        return index < 0 ? "#444444" : PALETTE[index % PALETTE.length];
    }

    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
}
