package org.zeroth.view;

import java.util.Arrays;
import java.util.Objects;

/**
 * One thing drawn on a {@link Figure}: a line, points, points with error bars, a shaded band between
 * {@code low} and {@code high}, or a heatmap of values z over a grid. Made through the figure's methods
 * ({@code line}, {@code points}, {@code errorBars}, {@code band}, {@code heatmap}), which check lengths and pick
 * colours.
 *
 * @param kind     what to draw
 * @param name     the legend entry
 * @param x        horizontal coordinates
 * @param y        vertical coordinates (for a band: its middle, not drawn by the band itself)
 * @param low      band: lower edge; error bars: the error (±); otherwise null
 * @param high     band: upper edge; otherwise null
 * @param color    index into the figure's palette, or -1 for the neutral colour of reference lines
 * @param dashed   drawn dashed (reference and theory lines)
 * @param inLegend whether the legend lists it
 * @param z        heatmap: {@code z[row][column]} is the value at (x[column], y[row]), NaN for an empty cell;
 *                 otherwise null
 */
public record Trace(Kind kind, String name, double[] x, double[] y, double[] low, double[] high, int color,
                    boolean dashed, boolean inLegend, double[][] z) {

    public enum Kind { LINE, POINTS, ERROR_BARS, BAND, HEATMAP }

    /** A trace without heatmap values. */
    public Trace(Kind kind, String name, double[] x, double[] y, double[] low, double[] high, int color,
                 boolean dashed, boolean inLegend) {
        this(kind, name, x, y, low, high, color, dashed, inLegend, null);
    }

    public Trace {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name: give the legend entry, e.g. \"best f(x)\"");
        x = copy("x", x, x == null ? 0 : x.length, name);
        y = copy("y", y, kind == Kind.HEATMAP ? y == null ? 0 : y.length : x.length, name);
        z = kind == Kind.HEATMAP ? grid(z, x.length, y.length, name) : null;
        low = kind == Kind.BAND || kind == Kind.ERROR_BARS ? copy(kind == Kind.BAND ? "low" : "error", low, x.length, name) : null;
        high = kind == Kind.BAND ? copy("high", high, x.length, name) : null;
    }

    private static double[] copy(String what, double[] values, int length, String name) {
        if (values == null) {
            throw new IllegalArgumentException("trace \"" + name + "\": " + what + " is null; pass an array of "
                    + length + " values");
        }
        if (values.length != length) {
            throw new IllegalArgumentException("trace \"" + name + "\": " + what + " has " + values.length
                    + " values but x has " + length + "; give one value per x");
        }
        return values.clone();
    }

    private static double[][] grid(double[][] z, int columns, int rows, String name) {
        if (z == null || z.length != rows) {
            throw new IllegalArgumentException("heatmap \"" + name + "\": z needs one row per y value (" + rows
                    + "), got " + (z == null ? "null" : z.length + " rows"));
        }
        double[][] copy = new double[rows][];
        for (int r = 0; r < rows; r++) {
            copy[r] = copy("z row " + r, z[r], columns, name);
        }
        return copy;
    }

    /** The heatmap's values, {@code z[row][column]} (a copy), or null for other kinds. */
    @Override
    public double[][] z() {
        if (z == null) {
            return null;
        }
        double[][] copy = new double[z.length][];
        for (int r = 0; r < z.length; r++) {
            copy[r] = z[r].clone();
        }
        return copy;
    }

    public int size() {
        return x.length;
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    @Override
    public double[] low() {
        return low == null ? null : low.clone();
    }

    @Override
    public double[] high() {
        return high == null ? null : high.clone();
    }

    /** The error of each point (±), for error bars. */
    public double[] error() {
        return kind == Kind.ERROR_BARS ? low.clone() : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trace t && t.kind == kind && t.name.equals(name) && Arrays.equals(t.x, x)
                && Arrays.equals(t.y, y) && Arrays.equals(t.low, low) && Arrays.equals(t.high, high)
                && Arrays.deepEquals(t.z, z)
                && t.color == color && t.dashed == dashed && t.inLegend == inLegend;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, Arrays.hashCode(x), Arrays.hashCode(y), color);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " \"" + name + "\" (" + x.length + " points)";
    }
}
