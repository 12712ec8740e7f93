package org.zeroth.view;

import org.zeroth.Comparison;
import org.zeroth.MethodComparison;
import org.zeroth.Repeats;
import org.zeroth.Run;
import org.zeroth.bayes.BayesianRun;
import org.zeroth.bayes.Surrogate;
import org.zeroth.estimate.EstimatorReport;
import org.zeroth.population.CboRun;
import org.zeroth.space.TuningRun;
import org.zeroth.population.MapElitesRun;
import tech.tablesaw.api.Table;

/** The renderers Zeroth registers for its own types: each result's view, found by type in {@link Views}. */
final class Renderers {
    private Renderers() {
    }

    static void registerBuiltIns() {
        Views.register(Displayable.class, Displayable::toMimeBundle); // Figure, View, TableView, course checks
        Views.register(Table.class, table -> TableView.of(table).toMimeBundle());
        Views.register(Run.class, RunView::bundle);
        Views.register(CboRun.class, Renderers::cboRun);
        Views.register(BayesianRun.class, run -> BayesianView.view(run).toMimeBundle());
        Views.register(Surrogate.class, s -> BayesianView.view(s).toMimeBundle());
        Views.register(TuningRun.class, Renderers::tuningRun);
        Views.register(MapElitesRun.class, MapElitesView::bundle);
        Views.register(Repeats.class, repeats -> RunsView.repeats(repeats).toMimeBundle());
        Views.register(Comparison.class, comparison -> RunsView.comparison(comparison).toMimeBundle());
        Views.register(EstimatorReport.class, EstimatorView::bundle);
        Views.register(MethodComparison.class, comparison -> MethodComparisonView.view(comparison).toMimeBundle());
        BuilderView.registerAll();
    }

    /** The run's view with its best configuration under the summary (the trace has a column per parameter). */
    private static MimeBundle tuningRun(TuningRun run) {
        String best = run.evaluations() == 0 ? "–" : run.bestParams().toString();
        return RunView.view(run).line("best params: " + best + " (" + run.calls() + " calls of the loss for "
                + run.evaluations() + " evaluations)").toMimeBundle();
    }

    /** The run's view, plus the particles when they were kept. */
    private static MimeBundle cboRun(CboRun run) {
        if (!run.keptParticles()) {
            return RunView.bundle(run);
        }
        return RunView.view(run).figure((Figure) run.particlesPlot()).toMimeBundle();
    }
}
