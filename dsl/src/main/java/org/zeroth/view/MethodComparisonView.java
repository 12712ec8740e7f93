package org.zeroth.view;

import java.util.Map;
import org.zeroth.MethodComparison;
import org.zeroth.Repeats;
import tech.tablesaw.api.Table;

/** How a {@link MethodComparison} shows itself: the overlaid mean ± sd curves, the summary, the long table's head. */
public final class MethodComparisonView {
    private static final int GRID = 100;

    private MethodComparisonView() {
    }

    public static Figure figure(MethodComparison comparison) {
        Figure figure = Figure.titled("best f(x) over seeds: mean ± sd").xAxis(Axis.of("evaluations").linear())
                .yAxis("best f(x)");
        for (Map.Entry<String, Repeats> method : comparison.methods().entrySet()) {
            Table curve = method.getValue().curve(GRID);
            double[] mean = curve.doubleColumn("mean").asDoubleArray();
            double[] sd = curve.doubleColumn("sd").asDoubleArray();
            double[] min = curve.doubleColumn("min").asDoubleArray();
            double[] max = curve.doubleColumn("max").asDoubleArray();
            double[] low = new double[mean.length];
            double[] high = new double[mean.length];
            for (int i = 0; i < mean.length; i++) { // within the runs' range: a log axis never sees mean − sd ≤ 0
                low[i] = Math.max(min[i], mean[i] - sd[i]);
                high[i] = Math.min(max[i], mean[i] + sd[i]);
            }
            figure = figure.band(method.getKey() + " (" + method.getValue().runs().size() + " runs)",
                    curve.doubleColumn("evaluations").asDoubleArray(), mean, low, high);
        }
        return figure;
    }

    public static View view(MethodComparison comparison) {
        Table runs = comparison.table();
        View view = View.titled("Comparison of " + comparison.methods().size() + " methods over seeds");
        for (Map.Entry<String, Repeats> method : comparison.methods().entrySet()) {
            if (method.getValue().warning() != null) {
                view = view.line(method.getKey() + ": " + method.getValue().warning());
            }
            if (method.getValue().runs().stream().allMatch(r -> Double.isNaN(r.bestValue()))) {
                view = view.line(method.getKey() + ": its runs have no f(x) (a ranking oracle told only orders), so it"
                        + " has no curve and no summary");
            }
        }
        return view.figure(figure(comparison))
                .table("summary of best f(x)" + (comparison.target() == null ? ""
                        : "; success: the share of runs whose best reached " + Numbers.format(comparison.target())),
                        comparison.summary())
                .table(TableView.of(runs).caption("every run, long format (" + runs.rowCount()
                        + " rows; writeCsv(path) saves it)").headAndTail(3));
    }
}
