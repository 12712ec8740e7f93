package org.zeroth;

import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Several runs side by side ({@code zo.compare(r1, r2, …)}): a summary table and, in a notebook, an overlay plot. */
public final class Comparison {
    private final List<Run> runs;

    Comparison(List<Run> runs) {
        if (runs == null || runs.isEmpty() || runs.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("compare(runs…) needs at least one run and no nulls");
        }
        this.runs = List.copyOf(runs);
    }

    public List<Run> runs() {
        return runs;
    }

    /** One row per run: label, method, best value, evaluations, steps, stop reason, seconds. */
    public Table table() {
        return Table.create("comparison",
                StringColumn.create("run", Config.labels(runs.stream().map(Run::config).toList())),
                StringColumn.create("method", runs.stream().map(Run::method)),
                DoubleColumn.create("best", runs.stream().mapToDouble(Run::bestValue).toArray()),
                LongColumn.create("evaluations", runs.stream().mapToLong(Run::evaluations).toArray()),
                LongColumn.create("steps", runs.stream().mapToLong(Run::steps).toArray()),
                StringColumn.create("stop", runs.stream().map(r -> r.stopReason().name().toLowerCase())),
                DoubleColumn.create("seconds", runs.stream().mapToDouble(Comparison::seconds).toArray()));
    }

    /**
     * The run with the best value (the smallest when minimizing); runs without a value (NaN: a ranking run told
     * only orders, a run that evaluated nothing) are passed over, and null when no run has one.
     */
    public Run best() {
        boolean maximize = "maximize".equals(runs.get(0).config().get("sense"));
        return runs.stream().filter(r -> !Double.isNaN(r.bestValue()))
                .reduce((a, b) -> (maximize ? b.bestValue() > a.bestValue() : b.bestValue() < a.bestValue()) ? b : a)
                .orElse(null);
    }

    private static double seconds(Run run) {
        Table trace = run.trace();
        return trace.rowCount() == 0 ? 0 : trace.doubleColumn("seconds").get(trace.rowCount() - 1);
    }

    /** Best f(x) against evaluations, one line per run, named by its configuration. */
    public Chart plot() {
        return Presenter.get().plot(this);
    }

    @Override
    public String toString() {
        return Presenter.get().text(this);
    }
}
