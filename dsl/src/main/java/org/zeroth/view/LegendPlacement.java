package org.zeroth.view;

import java.util.List;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Where a static chart's legend goes, as matplotlib's {@code loc="best"} chooses: the inside corner (or top or
 * bottom middle) whose legend box covers no drawn point, else beside the plot (short names) or below it.
 * Curves usually end in the top right corner where a fixed legend sat, hiding what a reader looks for.
 */
final class LegendPlacement {
    private static final LegendPosition[] INSIDE = {LegendPosition.InsideNE, LegendPosition.InsideNW,
        LegendPosition.InsideSE, LegendPosition.InsideSW, LegendPosition.InsideN, LegendPosition.InsideS};
    /** The longest legend name (characters) that still goes beside the plot, taking about a third of its width. */
    private static final int SHORT_NAME = 24;
    /** Points sampled along each segment of a line, so that a line crossing a corner counts there. */
    private static final int PER_SEGMENT = 8;

    private LegendPlacement() {
    }

    /**
     * @param entries the legend's entries, whose number and longest name size the box (11 px sans-serif text)
     */
    static LegendPosition best(Plot plot, int width, int height, List<String> entries) {
        double plotWidth = Math.max(1, width - 100); // y tick labels and title, margins
        double plotHeight = Math.max(1, height - 110); // chart title, x tick labels and title
        int longest = entries.stream().mapToInt(String::length).max().orElse(0);
        double boxWidth = Math.min(1, (45 + 6.5 * longest) / plotWidth) + 0.02;
        double boxHeight = Math.min(1, (12 + 17.0 * entries.size()) / plotHeight) + 0.02;
        Frame frame = Frame.of(plot);
        int[] covered = new int[INSIDE.length];
        for (Plot.Series s : plot.series()) {
            if (s.trace().kind() == Trace.Kind.HEATMAP) {
                continue;
            }
            boolean band = s.trace().kind() == Trace.Kind.BAND;
            count(frame, s.x(), s.y(), band || s.trace().kind() == Trace.Kind.LINE, boxWidth, boxHeight, covered);
            if (band) { // its edges (error bars' low is an error, not a value)
                count(frame, s.x(), s.low(), true, boxWidth, boxHeight, covered);
                count(frame, s.x(), s.high(), true, boxWidth, boxHeight, covered);
            }
        }
        int best = 0;
        for (int i = 1; i < INSIDE.length; i++) {
            if (covered[i] < covered[best]) {
                best = i;
            }
        }
        if (covered[best] == 0) {
            return INSIDE[best];
        }
        // Outside: beside the plot when the names are short (the plot keeps its height), else below it.
        return longest <= SHORT_NAME ? LegendPosition.OutsideE : LegendPosition.OutsideS;
    }

    private static void count(Frame frame, double[] x, double[] y, boolean joined, double boxWidth,
                              double boxHeight, int[] covered) {
        double previousX = Double.NaN;
        double previousY = Double.NaN;
        for (int i = 0; i < x.length; i++) {
            double u = frame.u(x[i]);
            double v = frame.v(y[i]);
            if (!Double.isFinite(u) || !Double.isFinite(v)) {
                previousX = Double.NaN;
                continue;
            }
            int samples = joined && Double.isFinite(previousX) ? PER_SEGMENT : 1;
            for (int k = 1; k <= samples; k++) {
                double t = (double) k / samples;
                double pu = samples == 1 ? u : previousX + t * (u - previousX);
                double pv = samples == 1 ? v : previousY + t * (v - previousY);
                for (int c = 0; c < INSIDE.length; c++) {
                    if (inside(INSIDE[c], pu, pv, boxWidth, boxHeight)) {
                        covered[c]++;
                    }
                }
            }
            previousX = u;
            previousY = v;
        }
    }

    /** Whether (u, v), in fractions of the plot area from its bottom left, lies under a legend placed there. */
    private static boolean inside(LegendPosition place, double u, double v, double w, double h) {
        boolean top = v >= 1 - h;
        boolean bottom = v <= h;
        return switch (place) {
            case InsideNE -> u >= 1 - w && top;
            case InsideNW -> u <= w && top;
            case InsideSE -> u >= 1 - w && bottom;
            case InsideSW -> u <= w && bottom;
            case InsideN -> Math.abs(u - 0.5) <= w / 2 && top;
            case InsideS -> Math.abs(u - 0.5) <= w / 2 && bottom;
            default -> false;
        };
    }

    /** The data's extent on each axis (logarithmic where the plot is), to map values into the plot area. */
    private record Frame(boolean logX, boolean logY, double x0, double x1, double y0, double y1) {
        static Frame of(Plot plot) {
            double[] xs = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            double[] ys = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (Plot.Series s : plot.series()) {
                if (s.trace().kind() == Trace.Kind.HEATMAP) {
                    continue;
                }
                extend(xs, s.x(), plot.logX());
                extend(ys, s.y(), plot.logY());
                if (s.trace().kind() == Trace.Kind.BAND) {
                    extend(ys, s.low(), plot.logY());
                    extend(ys, s.high(), plot.logY());
                }
            }
            return new Frame(plot.logX(), plot.logY(), xs[0], xs[1], ys[0], ys[1]);
        }

        private static void extend(double[] range, double[] values, boolean log) {
            for (double value : values) {
                double a = log ? Math.log10(value) : value;
                if (Double.isFinite(a)) {
                    range[0] = Math.min(range[0], a);
                    range[1] = Math.max(range[1], a);
                }
            }
        }

        double u(double x) {
            return fraction(logX ? Math.log10(x) : x, x0, x1);
        }

        double v(double y) {
            return fraction(logY ? Math.log10(y) : y, y0, y1);
        }

        private static double fraction(double a, double lo, double hi) {
            return hi > lo ? (a - lo) / (hi - lo) : 0.5;
        }
    }
}
