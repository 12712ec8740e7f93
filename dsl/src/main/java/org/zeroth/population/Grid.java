package org.zeroth.population;

import java.util.Arrays;

/**
 * The behaviour grid of a MAP-Elites archive: axis j spans [lowerⱼ, upperⱼ] in {@code cells[j]} equal cells.
 * Descriptors outside the range fall into the edge cells (clipped, as in pyribs' grid archive).
 */
public record Grid(double[] lower, double[] upper, int[] cells) implements java.io.Serializable {
    /** The most cells an archive keeps (an archive holds a point per cell). */
    static final long MAX_CELLS = 10_000_000;

    public Grid {
        if (lower.length == 0 || lower.length != upper.length || lower.length != cells.length) {
            throw new IllegalArgumentException("a grid needs the same number (≥ 1) of lower bounds, upper bounds and"
                    + " cell counts, got " + lower.length + ", " + upper.length + " and " + cells.length);
        }
        long size = 1;
        for (int j = 0; j < cells.length; j++) {
            if (!(lower[j] < upper[j]) || !Double.isFinite(lower[j]) || !Double.isFinite(upper[j])) {
                throw new IllegalArgumentException("grid axis " + j + " needs finite lo < hi, got [" + lower[j] + ", "
                        + upper[j] + "]");
            }
            if (cells[j] < 1) {
                throw new IllegalArgumentException("grid axis " + j + " needs at least 1 cell, got " + cells[j]);
            }
            size *= cells[j];
            if (size > MAX_CELLS) { // checked per axis: the product of a few axes overflows a long
                throw new IllegalArgumentException("a grid of " + Arrays.toString(cells) + " cells has more than "
                        + MAX_CELLS + " cells, too many to keep; use fewer cells");
            }
        }
        lower = lower.clone();
        upper = upper.clone();
        cells = cells.clone();
    }

    /** Every axis over [lo, hi], with the given number of cells per axis: {@code Grid.of(0, 1, 20, 20)}. */
    public static Grid of(double lo, double hi, int... cells) {
        double[] lower = new double[cells.length];
        double[] upper = new double[cells.length];
        Arrays.fill(lower, lo);
        Arrays.fill(upper, hi);
        return new Grid(lower, upper, cells);
    }

    public int axes() {
        return cells.length;
    }

    public int size() {
        return Arrays.stream(cells).reduce(1, (a, b) -> a * b);
    }

    /** The index of the cell holding descriptor b (row-major, axis 0 slowest). */
    public int cellOf(double[] b) {
        if (b == null || b.length != cells.length) {
            throw new IllegalArgumentException("the descriptor returned " + (b == null ? "null" : b.length + " values")
                    + " for a grid of " + cells.length + " axes; return one value per axis");
        }
        int index = 0;
        for (int j = 0; j < cells.length; j++) {
            if (Double.isNaN(b[j])) {
                throw new IllegalArgumentException("the descriptor returned NaN on axis " + j + "; fix the descriptor");
            }
            int c = (int) Math.floor((b[j] - lower[j]) / (upper[j] - lower[j]) * cells[j]);
            index = index * cells[j] + Math.max(0, Math.min(cells[j] - 1, c));
        }
        return index;
    }

    /** The lower corner and the upper corner of cell {@code index} along each axis. */
    public double[][] cellBounds(int index) {
        double[][] box = new double[2][cells.length];
        for (int j = cells.length - 1; j >= 0; j--) {
            int c = index % cells[j];
            index /= cells[j];
            double width = (upper[j] - lower[j]) / cells[j];
            box[0][j] = lower[j] + c * width;
            box[1][j] = lower[j] + (c + 1) * width;
        }
        return box;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Grid g && Arrays.equals(lower, g.lower) && Arrays.equals(upper, g.upper)
                && Arrays.equals(cells, g.cells);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cells) * 31 + Arrays.hashCode(lower);
    }

    @Override
    public String toString() {
        return Arrays.toString(cells).replace(", ", "×") + " over " + Arrays.toString(lower) + "–" + Arrays.toString(upper);
    }
}
