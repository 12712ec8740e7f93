package org.zeroth;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How results look, as the computing code sees it: the text {@code println} shows, the plots {@code plot()}
 * returns and a live progress display. {@code org.zeroth.view} provides the one implementation, found with
 * {@link ServiceLoader} ({@code META-INF/services/org.zeroth.Presenter}), so that estimating and optimizing code
 * never imports rendering while {@code run.plot()} and {@code println(run)} keep working. Notebooks render
 * results through {@code org.zeroth.view.Views}' registry instead.
 */
public interface Presenter {
    /** What {@code toString()} shows for a result (Run, Repeats, Comparison, EstimatorReport, …). */
    String text(Object result);

    /** The result's plot (a run's values against evaluations, an overlay for a comparison, a band for repeats). */
    Chart plot(Object result);

    /** Particles in the plane (first two coordinates) at a few steps, one scatter per step. */
    Chart particles(String title, Map<String, double[][]> snapshots);

    /** The live progress display for a run about to start, where someone watches (a notebook or a terminal). */
    Optional<RunObserver> progress();

    /** The view package's presenter; without one on the class path, results print their class name only. */
    static Presenter get() {
        return Found.PRESENTER;
    }

    /** Looked up once, on first use (the view package is in the same jar: it is always found). */
    final class Found {
        static final Presenter PRESENTER = ServiceLoader.load(Presenter.class, Presenter.class.getClassLoader())
                .findFirst().orElseGet(Plain::new);

        private Found() {
        }
    }

    /** Text without the view package: the class name; no plots, no progress. */
    final class Plain implements Presenter {
        @Override
        public String text(Object result) {
            return result.getClass().getSimpleName();
        }

        @Override
        public Chart plot(Object result) {
            throw new IllegalStateException("plots need org.zeroth.view on the class path (the zeroth-dsl jar)");
        }

        @Override
        public Chart particles(String title, Map<String, double[][]> snapshots) {
            return plot(snapshots);
        }

        @Override
        public Optional<RunObserver> progress() {
            return Optional.empty();
        }
    }
}
