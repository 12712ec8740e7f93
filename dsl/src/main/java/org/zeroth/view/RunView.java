package org.zeroth.view;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.zeroth.Config;
import org.zeroth.Run;
import org.zeroth.StopReason;
import org.zeroth.population.MapElitesRun;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How runs show themselves: one {@link Run} (summary, trace, configuration, value and best value against
 * evaluations) and several runs overlaid (one line of best value per run, named by its configuration's label),
 * for comparisons.
 */
public final class RunView {
    /** Convergence is read against a linear count of evaluations, as in the papers. */
    private static final Axis EVALUATIONS = Axis.of("evaluations").linear();

    private RunView() {
    }

    public static MimeBundle bundle(Run run) {
        return view(run).toMimeBundle();
    }

    /** Summary, the trace's first and last rows, the configuration, and the figure. */
    public static View view(Run run) {
        return header(run).figure(figure(run))
                .table(TableView.of(run.trace()).caption("trace (" + Numbers.count(run.steps(), "step") + ")").headAndTail(5)
                        .roughly("seconds"))
                .table("configuration", configuration(run.config()));
    }

    /** Method, best value, evaluations, stop reason, and the first and last rows of the trace (no figure). */
    public static String summary(Run run) {
        View text = header(run);
        if (run.steps() > 0) {
            text = text.table(TableView.of(run.trace()).caption("").headAndTail(5).roughly("seconds"));
        }
        return text.text();
    }

    /** Title, settings, outcome and (if any) failure. */
    private static View header(Run run) {
        View header = View.titled(title(run)).line(settings(run)).line(outcome(run));
        if (run instanceof MapElitesRun archive) {
            header = header.line(MapElitesView.archive(archive));
        }
        if (run.config().get("reevaluate") != null || run.config().get("resample") != null) {
            header = header.line(recommended(run)); // a noisy run: the best value seen is luck, say what to pick
        }
        String flat = flat(run);
        header = flat == null ? header : header.line(flat);
        return run.failure() == null ? header : header.line("failure: " + run.failure());
    }

    /**
     * A note when every step observed the same value and none moved x: f is constant where it was evaluated, which
     * in Java is often an integer division (1/2 is 0), so the run "converged" without learning anything.
     */
    private static String flat(Run run) {
        if (run.steps() < 2 || !run.trace().columnNames().contains("step_norm")) {
            return null;
        }
        double[] values = run.trace().doubleColumn("value").asDoubleArray();
        double[] norms = run.trace().doubleColumn("step_norm").asDoubleArray();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != values[0] || norms[i] != 0) {
                return null;
            }
        }
        return "note: every step observed f = " + Numbers.format(values[0]) + " and none moved x: f is flat where it"
                + " was evaluated — is it constant (in Java 1/2 is 0; write 0.5), or is h too small to see a change?";
    }

    private static String recommended(Run run) {
        try {
            var r = run.recommendation();
            return String.format(Locale.ROOT, "recommended by mean: f = %s ± %s (standard error, %d samples) at %s",
                    Numbers.format(r.mean()), Numbers.format(r.standardError()), r.samples(),
                    r.describePoint());
        } catch (IllegalStateException e) {
            return "recommended by mean: none (" + e.getMessage() + ")";
        }
    }

    private static String title(Run run) {
        return run.method() + " on " + run.config().get("objective");
    }

    /** The settings of {@link Config#label()} after the method's name. */
    private static String settings(Run run) {
        String label = run.config().label();
        return label.startsWith(run.method()) ? label.substring(run.method().length()).strip() : label;
    }

    private static String outcome(Run run) {
        if (run.config().get("miniBatch") != null && Double.isNaN(run.bestValue())) {
            return Numbers.count(run.evaluations(), "evaluation") + ", " + Numbers.count(run.steps(), "step") + " ("
                    + run.stopReason().description() + "); no best f(x): mini-batch values are not f";
        }
        if ("ranking oracle".equals(run.config().get("objective"))) {
            return Numbers.count(run.evaluations(), "point") + " ranked, " + Numbers.count(run.steps(), "step") + " ("
                    + run.stopReason().description() + "); no f(x): a ranking oracle gives orders only, so the result"
                    + " is finalPoint()";
        }
        if (run.steps() == 0 && run.stopReason() == StopReason.MAX_EVALUATIONS) {
            return "no step taken: the evaluation budget, maxEvaluations(" + run.config().get("maxEvaluations")
                    + "), is less than one step costs; raise it";
        }
        if (run.evaluations() == 0) {
            return "no evaluation made (" + run.stopReason().description() + ")";
        }
        String best = Double.isNaN(run.bestValue()) ? "no finite f(x)" : "best f(x) = " + Numbers.format(run.bestValue());
        return best + " after " + Numbers.count(run.evaluations(), "evaluation") + ", "
                + Numbers.count(run.steps(), "step") + " (" + run.stopReason().description() + ")";
    }

    /** Value at each step's iterate and best value so far against evaluations. */
    public static Figure figure(Run run) {
        Table trace = run.trace();
        double[] evaluations = trace.longColumn("evaluations").asDoubleArray();
        double[] values = trace.doubleColumn("value").asDoubleArray();
        if (values.length > 0 && Arrays.stream(values).allMatch(Double::isNaN)) { // orders only: how far it moved
            return Figure.titled(title(run) + " (no f(x): its steps' lengths)").xAxis(EVALUATIONS).yAxis("‖step‖")
                    .line("‖step‖", evaluations, trace.doubleColumn("step_norm").asDoubleArray());
        }
        return Figure.titled(title(run))
                .xAxis(EVALUATIONS).yAxis("f(x)")
                .line("f(x)", evaluations, trace.doubleColumn("value").asDoubleArray())
                .line("best f(x)", evaluations, trace.doubleColumn("best").asDoubleArray());
    }

    /** The configuration as a two-column table (setting, value). */
    public static Table configuration(Config config) {
        StringColumn names = StringColumn.create("setting");
        StringColumn values = StringColumn.create("value");
        config.asMap().forEach((name, value) -> {
            names.append(name);
            values.append(Numbers.cell(value));
        });
        return Table.create("configuration", names, values);
    }

    /** Best value so far against evaluations, one line per run, in the given order. */
    public static Figure overlay(List<Run> runs) {
        requireRuns(runs);
        List<String> names = Config.labels(runs.stream().map(Run::config).toList()); // all different
        Object objective = runs.get(0).config().get("objective");
        Figure figure = Figure.titled(runs.size() + " runs on " + objective)
                .xAxis(EVALUATIONS).yAxis("best f(x)");
        for (int i = 0; i < runs.size(); i++) {
            Table trace = runs.get(i).trace();
            figure = figure.line(names.get(i), trace.longColumn("evaluations").asDoubleArray(),
                    trace.doubleColumn("best").asDoubleArray());
        }
        return figure;
    }

    private static void requireRuns(List<Run> runs) {
        if (runs == null || runs.isEmpty() || runs.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("give at least one run (and no null), e.g. compare(r1, r2)");
        }
    }
}
