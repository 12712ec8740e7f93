package org.zeroth.view;

import java.util.Arrays;
import java.util.List;
import org.zeroth.Comparison;
import org.zeroth.Config;
import org.zeroth.Repeats;
import org.zeroth.Run;
import org.zeroth.StopReason;
import tech.tablesaw.api.Table;

/** How several runs show themselves: repeats over seeds (mean and band) and comparisons (overlay). */
final class RunsView {
    private RunsView() {
    }

    static View comparison(Comparison comparison) {
        Run best = comparison.best();
        List<String> objectives = comparison.runs().stream().map(r -> String.valueOf(r.config().get("objective")))
                .distinct().toList();
        View view = View.titled("Comparison of " + comparison.runs().size() + " runs on "
                + String.join(", ", objectives));
        List<Run> runs = comparison.runs();
        if (objectives.size() > 1) {
            view = view.line("warning: the runs minimize different objectives, so their values and the best run do"
                    + " not compare; compare runs of one objective");
        }
        if (runs.stream().map(r -> "maximize".equals(r.config().get("sense"))).distinct().count() > 1) {
            view = view.line("warning: some runs maximize and some minimize, so their best values do not compare;"
                    + " \"best\" is in the first run's sense");
        }
        // A run that its budget (not convergence) ended after far fewer evaluations had less of a chance
        long fewest = runs.stream().filter(r -> r.stopReason() == StopReason.STEPS
                        || r.stopReason() == StopReason.MAX_EVALUATIONS || r.stopReason() == StopReason.TIME_LIMIT)
                .mapToLong(Run::evaluations).min().orElse(Long.MAX_VALUE);
        if (best == null) {
            return view.line("best: none, as no run has a value (a ranking oracle that gives only orders, or runs that"
                    + " evaluated nothing)").figure(RunView.overlay(runs)).table("runs", comparison.table());
        }
        view = view.line("best: " + Config.labels(runs.stream().map(Run::config).toList()).get(runs.indexOf(best))
                + ", f(x) = " + Numbers.format(best.bestValue()));
        if (best.evaluations() > 1.5 * fewest) {
            view = view.line("note: the best run made " + best.evaluations() + " evaluations, another ran out of its"
                    + " budget after " + fewest + ": at equal budgets, read the figure");
        }
        return view.figure(RunView.overlay(runs)).table("runs", comparison.table());
    }

    static View repeats(Repeats repeats) {
        double[] best = repeats.bestValues();
        View title = View.titled("Repeats of " + repeats.label() + " over " + repeats.runs().size() + " seeds");
        return (repeats.warning() == null ? title : title.line(repeats.warning()))
                .line("best value: mean " + Numbers.format(repeats.mean()) + ", sd "
                        + Numbers.format(repeats.standardDeviation()) + ", median " + Numbers.format(repeats.median())
                        + ", min " + Numbers.format(Arrays.stream(best).min().orElse(Double.NaN)) + ", max "
                        + Numbers.format(Arrays.stream(best).max().orElse(Double.NaN)))
                .figure(band(repeats))
                .table("runs", repeats.table());
    }

    /** Mean best-so-far against evaluations, with the band from the best to the worst run. */
    static Figure band(Repeats repeats) {
        Table curve = repeats.curve(100);
        return Figures.meanBand(repeats.label() + " over " + repeats.runs().size() + " seeds", "evaluations",
                "best f(x)", "mean (band: min to max)", curve.doubleColumn("evaluations").asDoubleArray(),
                curve.doubleColumn("mean").asDoubleArray(), curve.doubleColumn("min").asDoubleArray(),
                curve.doubleColumn("max").asDoubleArray());
    }
}
