package org.zeroth.view;

import java.util.Map;
import java.util.Optional;
import org.zeroth.Chart;
import org.zeroth.Comparison;
import org.zeroth.MethodComparison;
import org.zeroth.Presenter;
import org.zeroth.Repeats;
import org.zeroth.Run;
import org.zeroth.RunObserver;
import org.zeroth.estimate.EstimatorReport;
import org.zeroth.population.MapElitesRun;

/**
 * The view package's side of {@link Presenter}: the text, plots and progress display that results ask for
 * (registered in {@code META-INF/services/org.zeroth.Presenter}). Public for {@link java.util.ServiceLoader}.
 */
public final class ResultPresenter implements Presenter {
    @Override
    public String text(Object result) {
        if (result instanceof Run run) {
            return RunView.summary(run);
        }
        if (result instanceof Repeats repeats) {
            return RunsView.repeats(repeats).text();
        }
        if (result instanceof Comparison comparison) {
            return RunsView.comparison(comparison).text();
        }
        if (result instanceof EstimatorReport report) {
            return EstimatorView.view(report).text();
        }
        if (result instanceof MethodComparison comparison) {
            return MethodComparisonView.view(comparison).text();
        }
        return Views.bundle(result).toString();
    }

    @Override
    public Chart plot(Object result) {
        if (result instanceof Comparison comparison) {
            return RunView.overlay(comparison.runs());
        }
        if (result instanceof Repeats repeats) {
            return RunsView.band(repeats);
        }
        if (result instanceof MapElitesRun archive) { // its picture is the archive, as the notebook shows it
            return MapElitesView.heatmap(archive);
        }
        if (result instanceof Run run) {
            return RunView.figure(run);
        }
        if (result instanceof MethodComparison comparison) {
            return MethodComparisonView.figure(comparison);
        }
        throw new IllegalArgumentException("no plot for a " + result.getClass().getName());
    }

    @Override
    public Chart particles(String title, Map<String, double[][]> snapshots) {
        return Figures.particles(title, snapshots);
    }

    @Override
    public Optional<RunObserver> progress() {
        return Progress.observer();
    }
}
