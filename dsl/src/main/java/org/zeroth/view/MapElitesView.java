package org.zeroth.view;

import java.util.Locale;
import org.zeroth.population.Grid;
import org.zeroth.population.MapElitesRun;

/**
 * How a MAP-Elites run shows itself (Mouret & Clune 2015 draw the same): the archive as a heatmap of the elites'
 * values over the behaviour grid (empty cells blank), and coverage and QD-score against evaluations. The QD-score
 * is Σ over filled cells of (offset − elite value) with offset = the worst value the run evaluated, so every term
 * is ≥ 0; compare runs with one offset of your own through {@link MapElitesRun#qdScore(double)}.
 */
public final class MapElitesView {
    /** Points of the coverage and QD-score curves. */
    private static final int CURVE = 200;

    private MapElitesView() {
    }

    public static MimeBundle bundle(MapElitesRun run) {
        return view(run).toMimeBundle();
    }

    /** Summary, the archive heatmap, coverage and QD-score against evaluations, the configuration. */
    public static View view(MapElitesRun run) {
        return View.titled("map-elites on " + run.config().get("objective"))
                .line(archive(run) + String.format(Locale.ROOT, ", best f(x) = %s after %d evaluations",
                        Numbers.format(run.bestValue()), run.evaluations()))
                .figure(heatmap(run))
                .figure(coverage(run))
                .figure(qdScore(run))
                .table("configuration", RunView.configuration(run.config()));
    }

    /** The archive in a line: cells filled, coverage and QD-score (the text summary has it too). */
    static String archive(MapElitesRun run) {
        double offset = offset(run);
        int filled = (int) Math.round(run.coverage() * run.grid().size());
        return String.format(Locale.ROOT, "%d of %d cells filled (coverage %.3f), QD-score %s (offset %s, the worst"
                + " value evaluated)", filled, run.grid().size(), run.coverage(), Numbers.format(run.qdScore(offset)),
                Numbers.format(offset));
    }

    /**
     * The archive: the elite's value in each cell, centred on the cell, descriptor axis 1 across and axis 2 up; NaN
     * (an empty cell) is left blank. A grid of one axis is one row; of more than two, each cell of the first two
     * axes shows the best elite over the others.
     */
    public static Figure heatmap(MapElitesRun run) {
        Grid grid = run.grid();
        int[] cells = grid.cells();
        int columns = cells[0];
        int rows = cells.length > 1 ? cells[1] : 1;
        double[][] z = new double[rows][columns];
        for (double[] row : z) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        double[] values = run.archiveValues();
        int rest = values.length / (columns * rows);
        for (int cell = 0; cell < values.length; cell++) {
            int c = cell / (rows * rest);
            int r = cell / rest % rows;
            if (!Double.isNaN(values[cell]) && !(values[cell] >= z[r][c])) {
                z[r][c] = values[cell];
            }
        }
        String title = "MAP-Elites archive: " + (grid.axes() > 2 ? "best elite over descriptor axes 3…"
                + grid.axes() : "elite per cell") + " (" + grid + ")";
        return Figure.titled(title)
                .xAxis(Axis.of("descriptor 1").linear())
                .yAxis(Axis.of(grid.axes() > 1 ? "descriptor 2" : "").linear())
                .heatmap("f(elite)", centres(grid, 0), grid.axes() > 1 ? centres(grid, 1) : new double[] {0}, z);
    }

    private static double[] centres(Grid grid, int axis) {
        int n = grid.cells()[axis];
        double width = (grid.upper()[axis] - grid.lower()[axis]) / n;
        double[] centres = new double[n];
        for (int i = 0; i < n; i++) {
            centres[i] = grid.lower()[axis] + (i + 0.5) * width;
        }
        return centres;
    }

    /** The fraction of cells filled against evaluations. */
    public static Figure coverage(MapElitesRun run) {
        return curve(run, "coverage", run::coverageAfter);
    }

    /** The QD-score against evaluations, with the offset of {@link #view}: the worst value the run evaluated. */
    public static Figure qdScore(MapElitesRun run) {
        double offset = offset(run);
        return curve(run, "QD-score (offset " + Numbers.format(offset) + ")", e -> run.qdScoreAfter(e, offset));
    }

    private static Figure curve(MapElitesRun run, String name, java.util.function.IntToDoubleFunction after) {
        int n = (int) run.evaluations();
        int points = Math.min(n, CURVE);
        double[] x = new double[points];
        double[] y = new double[points];
        for (int k = 0; k < points; k++) {
            int e = (int) Math.round((k + 1.0) * n / points);
            x[k] = e;
            y[k] = after.applyAsDouble(e);
        }
        return Figure.titled(name + " against evaluations").xAxis(Axis.of("evaluations").linear())
                .yAxis(Axis.of(name).linear()).line(name, x, y);
    }

    /** The worst value the run evaluated (0 before any): every elite's term of the QD-score is then ≥ 0. */
    static double offset(MapElitesRun run) {
        double worst = Double.NEGATIVE_INFINITY;
        for (double v : run.trace().doubleColumn("value").asDoubleArray()) {
            if (Double.isFinite(v)) {
                worst = Math.max(worst, v);
            }
        }
        return Double.isFinite(worst) ? worst : 0;
    }
}
