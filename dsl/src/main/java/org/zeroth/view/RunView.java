package org.zeroth.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.zeroth.Config;
import org.zeroth.Run;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How runs show themselves: one {@link Run} (summary, trace, configuration, value and best value against
 * evaluations) and several runs overlaid (one line of best value per run, named by the settings that tell them
 * apart), for comparisons.
 */
public final class RunView {
    /** Settings a legend never needs: the same for every run of a comparison, or not a setting at all. */
    private static final Set<String> NOT_DISTINCTIVE = Set.of("versions", "objective", "start", "stop");

    /** Convergence is read against a linear count of evaluations, as in the papers. */
    private static final Axis EVALUATIONS = Axis.of("evaluations").linear();

    private RunView() {
    }

    public static MimeBundle bundle(Run run) {
        return view(run).toMimeBundle();
    }

    /** Summary, the trace's first and last rows, the configuration, and the figure. */
    public static View view(Run run) {
        View view = View.titled(title(run)).line(settings(run)).line(outcome(run));
        if (run.failure() != null) {
            view = view.line("failure: " + run.failure());
        }
        return view.figure(figure(run))
                .table(TableView.of(run.trace()).caption("trace (" + run.steps() + " steps)").headAndTail(5))
                .table("configuration", configuration(run.config()));
    }

    /** Method, best value, evaluations, stop reason, and the first and last rows of the trace (no figure). */
    public static String summary(Run run) {
        View text = View.titled(title(run)).line(settings(run)).line(outcome(run));
        if (run.failure() != null) {
            text = text.line("failure: " + run.failure());
        }
        if (run.steps() > 0) {
            text = text.table(TableView.of(run.trace()).caption("").headAndTail(5));
        }
        return text.text();
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
        return String.format(Locale.ROOT, "best f(x) = %s after %d evaluations, %d steps (%s)",
                Numbers.format(run.bestValue()), run.evaluations(), run.steps(), run.stopReason().description());
    }

    /** Value at each step's iterate and best value so far against evaluations. */
    public static Figure figure(Run run) {
        Table trace = run.trace();
        double[] evaluations = trace.longColumn("evaluations").asDoubleArray();
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
        List<String> names = legend(runs.stream().map(Run::config).toList());
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

    /** One row per run: its legend name, method, best value, evaluations, steps, stop reason, seconds. */
    public static Table summaryTable(List<Run> runs) {
        requireRuns(runs);
        List<String> names = legend(runs.stream().map(Run::config).toList());
        StringColumn run = StringColumn.create("run", names);
        StringColumn method = StringColumn.create("method");
        DoubleColumn best = DoubleColumn.create("best f(x)");
        LongColumn evaluations = LongColumn.create("evaluations");
        LongColumn steps = LongColumn.create("steps");
        StringColumn stop = StringColumn.create("stop");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        for (Run r : runs) {
            method.append(r.method());
            best.append(r.bestValue());
            evaluations.append(r.evaluations());
            steps.append(r.steps());
            stop.append(r.stopReason().description());
            DoubleColumn time = r.trace().doubleColumn("seconds");
            seconds.append(time.isEmpty() ? 0 : time.get(time.size() - 1));
        }
        return Table.create("runs", run, method, best, evaluations, steps, stop, seconds);
    }

    /** Runs side by side: the summary table and the overlay (what {@code zo.compare(runs...)} shows). */
    public static View comparison(List<Run> runs) {
        requireRuns(runs);
        Run best = runs.get(0);
        for (Run r : runs) {
            if (better(r, best)) {
                best = r;
            }
        }
        String bestName = legend(runs.stream().map(Run::config).toList()).get(runs.indexOf(best));
        return View.titled(runs.size() + " runs on " + best.config().get("objective"))
                .line("best: " + bestName + ", f(x) = " + Numbers.format(best.bestValue()))
                .figure(overlay(runs))
                .table("runs", summaryTable(runs));
    }

    private static boolean better(Run a, Run b) {
        if (Double.isNaN(b.bestValue())) {
            return !Double.isNaN(a.bestValue());
        }
        boolean maximize = "maximize".equals(a.config().get("sense"));
        return maximize ? a.bestValue() > b.bestValue() : a.bestValue() < b.bestValue();
    }

    /**
     * Legend names for runs: the method and the settings whose values differ between the runs (the seed too, when
     * nothing else does); with one run, its {@link Config#label()}. Names are made unique.
     */
    public static List<String> legend(List<Config> configs) {
        if (configs.size() == 1) {
            return List.of(configs.get(0).label());
        }
        Map<String, Boolean> differs = new LinkedHashMap<>();
        for (Config c : configs) {
            for (String name : c.asMap().keySet()) {
                if (!NOT_DISTINCTIVE.contains(name) && !name.equals("method")) {
                    differs.merge(name, false, Boolean::logicalOr);
                }
            }
        }
        differs.replaceAll((name, ignored) -> configs.stream().map(c -> Objects.toString(c.get(name)))
                .distinct().count() > 1);
        boolean methodsDiffer = configs.stream().map(Config::method).distinct().count() > 1;
        boolean anything = methodsDiffer || differs.containsValue(true);
        List<String> names = new ArrayList<>();
        for (Config c : configs) {
            StringBuilder name = new StringBuilder(c.method());
            differs.forEach((setting, differing) -> {
                if (differing || (!anything && setting.equals("seed"))) {
                    Object value = c.get(setting);
                    name.append(' ').append(setting).append('=').append(value == null ? "–" : Numbers.cell(value));
                }
            });
            String unique = name.toString();
            for (int k = 2; names.contains(unique); k++) {
                unique = name + " #" + k;
            }
            names.add(unique);
        }
        return names;
    }

    private static void requireRuns(List<Run> runs) {
        if (runs == null || runs.isEmpty() || runs.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("give at least one run (and no null), e.g. compare(r1, r2)");
        }
    }
}
