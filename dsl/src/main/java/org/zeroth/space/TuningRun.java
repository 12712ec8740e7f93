package org.zeroth.space;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.zeroth.Run;
import org.zeroth.RunRecorder;
import org.zeroth.bayes.BayesianRun;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A tuning run: the method's {@link Run} on the unit cube, told in the space's terms. {@link #bestParams()} is the
 * configuration of the best loss; the trace is the method's, plus {@code calls} (trainings so far: evaluations
 * minus reused losses) and one column per parameter holding the configuration of the row's step — the one evaluated,
 * for methods with a row per evaluation (random search, CMA-ES, BO), else the best one evaluated in that step
 * (CBO's particles, ZO's probes) — with its own {@code loss} (a ZO step's {@code value} is its probes' mean).
 */
public final class TuningRun extends Run {
    private final Space space;
    private final Params bestParams;
    private final long calls;

    private TuningRun(Run run, Table trace, Space space, Params bestParams, long calls) {
        super(run, run.config().with("space", space.toString()), trace);
        this.space = space;
        this.bestParams = bestParams;
        this.calls = calls;
    }

    static TuningRun of(Run run, Space space, List<CubeObjective.Entry> log) {
        Params best = Double.isNaN(run.bestValue()) ? null : space.decode(run.bestPoint().toDoubleVector());
        long calls = log.stream().filter(CubeObjective.Entry::called).count();
        TuningRun tuning = new TuningRun(run, trace(run.trace(), space, inTraceOrder(run, space, log)), space, best,
                calls);
        RunRecorder.keep(tuning);
        return tuning;
    }

    /** The configuration with the least loss evaluated (by name: {@code bestParams().real("lr")}). */
    public Params bestParams() {
        if (bestParams == null) {
            Object step = config().get("step");
            throw new IllegalStateException("this run evaluated no configuration, so it has no best one: " + switch (
                    stopReason()) {
                case MAX_EVALUATIONS -> "its budget, maxEvaluations(" + config().get("maxEvaluations") + "), is less"
                        + " than one step of " + method() + " costs" + (step == null ? "" : " (" + step + ")")
                        + "; raise it";
                case INTERRUPTED -> "it was interrupted before its first training ended";
                case TIME_LIMIT -> "its time limit ran out before its first training ended; raise it";
                default -> "give it at least one step, steps(n) with n ≥ 1";
            });
        }
        return bestParams;
    }

    /** How many times the run called the loss: its distinct configurations (≤ {@link #evaluations()}). */
    public long calls() {
        return calls;
    }

    public Space space() {
        return space;
    }

    /** The run's summary with its best configuration. */
    @Override
    public String toString() {
        return super.toString() + "\nbest params: " + (bestParams == null ? "–" : bestParams) + " (" + calls
                + " calls of the loss for " + evaluations() + " evaluations)";
    }

    /**
     * The log in the trace's order. A batch evaluated in parallel logs its evaluations as they end, while the trace
     * keeps the batch's order: where rows are single evaluations (BO's), each takes the entry of the configuration
     * its point decodes to, and a configuration's first row is its training, as in a sequential run (the thread
     * that waited for a training may log first). Other methods' rows are whole batches, where order is moot.
     */
    private static List<CubeObjective.Entry> inTraceOrder(Run run, Space space, List<CubeObjective.Entry> log) {
        if (!(run instanceof BayesianRun bo)) {
            return log;
        }
        long[] evaluations = run.trace().longColumn("evaluations").asLongArray();
        double[][] points = bo.observations(); // one per row
        List<CubeObjective.Entry> left = new ArrayList<>(log);
        List<CubeObjective.Entry> ordered = new ArrayList<>();
        Set<Params> trained = new HashSet<>();
        long before = 0;
        for (int r = 0; r < Math.min(evaluations.length, points.length); r++) {
            Params p = space.decode(points[r]);
            for (long n = evaluations[r] - before; n > 0; n--) { // resample(k): k evaluations of the row's point
                for (int i = 0; i < left.size(); i++) {
                    if (left.get(i).params().equals(p)) {
                        ordered.add(new CubeObjective.Entry(p, left.remove(i).value(), trained.add(p)));
                        break;
                    }
                }
            }
            before = evaluations[r];
        }
        ordered.addAll(left); // evaluated past the trace's end (a batch cut short): no row shows them
        return ordered;
    }

    /** The method's trace plus calls and the decoded parameters of each row's step. */
    private static Table trace(Table trace, Space space, List<CubeObjective.Entry> log) {
        long[] evaluations = trace.longColumn("evaluations").asLongArray();
        LongColumn calls = LongColumn.create("calls");
        DoubleColumn losses = DoubleColumn.create("loss");
        List<Column<?>> columns = space.params().stream().<Column<?>>map(p -> switch (p.kind()) {
            case REAL -> DoubleColumn.create(p.name());
            case INTEGER -> IntColumn.create(p.name());
            case CHOICE -> StringColumn.create(p.name());
        }).toList();
        int from = 0;
        long called = 0;
        CubeObjective.Entry shown = null;
        for (long e : evaluations) {
            int to = (int) Math.min(e, log.size());
            List<CubeObjective.Entry> step = log.subList(Math.min(from, to), to);
            called += step.stream().filter(CubeObjective.Entry::called).count();
            // the least loss of the step; ties by the configuration's text, so parallel runs give the same table
            shown = step.stream().min(Comparator.comparingDouble(CubeObjective.Entry::value)
                    .thenComparing(entry -> entry.params().toString())).orElse(shown);
            calls.append(called);
            if (shown == null) {
                losses.appendMissing();
            } else {
                losses.append(shown.value());
            }
            for (int j = 0; j < columns.size(); j++) {
                append(columns.get(j), shown == null ? null : shown.params().asMap().get(space.params().get(j).name()));
            }
            from = to;
        }
        Table out = trace.copy();
        int at = out.columnIndex("value");
        out.insertColumn(at, calls);
        out.addColumns(losses);
        for (int j = 0; j < columns.size(); j++) {
            out.addColumns(columns.get(j));
        }
        return out;
    }

    private static void append(Column<?> column, Object value) {
        if (value == null) {
            column.appendMissing();
        } else if (column instanceof DoubleColumn d) {
            d.append((Double) value);
        } else if (column instanceof IntColumn i) {
            i.append((Integer) value);
        } else {
            ((StringColumn) column).append((String) value);
        }
    }
}
