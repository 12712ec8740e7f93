package org.zeroth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Methods compared over seeds ({@code zo.compare(repeats1, repeats2, …)} or {@code zo.compare(Map.of("ZO-Adam",
 * r1, "CMA-ES", r2))}): the mean ± sd curves of best f(x) against evaluations overlaid, a summary per method (median,
 * interquartile range, success rate at a {@link #target}), and the long-format table of every trace row (method,
 * seed, step, evaluations, value, best) that {@link #writeCsv} writes in one call.
 */
public final class MethodComparison {
    private final Map<String, Repeats> methods;
    private final Double target;

    MethodComparison(Map<String, Repeats> methods, Double target) {
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("compare(repeats…) needs at least one Repeats, e.g."
                    + " zo.compare(zo.repeat(5, s -> zo.minimize(f).seed(s).steps(100)), …)");
        }
        methods.forEach((name, repeats) -> {
            if (name == null || repeats == null) {
                throw new IllegalArgumentException("compare(Map<String, Repeats>): a name or a Repeats is null");
            }
        });
        this.methods = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(methods));
        this.target = target;
    }

    /** Each Repeats named by its configuration's label (numbered when two labels are equal). */
    static MethodComparison of(List<Repeats> repeats) {
        if (repeats == null || repeats.isEmpty() || repeats.contains(null)) {
            throw new IllegalArgumentException("compare(repeats…) needs at least one Repeats and no nulls");
        }
        Map<String, Repeats> named = new LinkedHashMap<>();
        for (Repeats r : repeats) {
            String name = r.label();
            for (int k = 2; named.containsKey(name); k++) {
                name = r.label() + " #" + k;
            }
            named.put(name, r);
        }
        return new MethodComparison(named, null);
    }

    /** The same comparison with a success rate column: the share of each method's runs that reached {@code value}. */
    public MethodComparison target(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("target(value) needs a finite value to reach, e.g. target(1e-6); got " + value);
        }
        return new MethodComparison(methods, value);
    }

    public Map<String, Repeats> methods() {
        return methods;
    }

    /** The target of the success rate, or null. */
    public Double target() {
        return target;
    }

    /** One row per method: runs, median best value, quartiles and IQR, min, max, median evaluations, success rate. */
    public Table summary() {
        StringColumn method = StringColumn.create("method");
        IntColumn runs = IntColumn.create("runs");
        DoubleColumn median = DoubleColumn.create("median");
        DoubleColumn q1 = DoubleColumn.create("q1");
        DoubleColumn q3 = DoubleColumn.create("q3");
        DoubleColumn iqr = DoubleColumn.create("iqr");
        DoubleColumn min = DoubleColumn.create("min");
        DoubleColumn max = DoubleColumn.create("max");
        DoubleColumn evaluations = DoubleColumn.create("evaluations");
        DoubleColumn success = DoubleColumn.create("success"); // the share of runs whose best reached target()
        methods.forEach((name, r) -> {
            double[] best = r.bestValues();
            Arrays.sort(best);
            method.append(name);
            runs.append(best.length);
            median.append(quantile(best, 0.5));
            q1.append(quantile(best, 0.25));
            q3.append(quantile(best, 0.75));
            iqr.append(quantile(best, 0.75) - quantile(best, 0.25));
            min.append(best[0]);
            max.append(best[best.length - 1]);
            double[] used = r.runs().stream().mapToDouble(Run::evaluations).sorted().toArray();
            evaluations.append(quantile(used, 0.5));
            if (target != null) {
                success.append(r.successRate(target));
            }
        });
        Table t = Table.create("summary", method, runs, median, q1, q3, iqr, min, max, evaluations);
        return target == null ? t : t.addColumns(success);
    }

    /** Quantile p of sorted values, linear between order statistics (numpy's default). */
    static double quantile(double[] sorted, double p) {
        double at = p * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Every trace row of every run, long format: method, seed, step, evaluations, value, best. */
    public Table table() {
        StringColumn method = StringColumn.create("method");
        LongColumn seed = LongColumn.create("seed");
        LongColumn step = LongColumn.create("step");
        LongColumn evaluations = LongColumn.create("evaluations");
        DoubleColumn value = DoubleColumn.create("value");
        DoubleColumn best = DoubleColumn.create("best");
        methods.forEach((name, r) -> {
            long[] seeds = r.seeds();
            for (int i = 0; i < seeds.length; i++) {
                Table trace = r.runs().get(i).trace();
                for (int row = 0; row < trace.rowCount(); row++) {
                    method.append(name);
                    seed.append(seeds[i]);
                    step.append(trace.longColumn("step").getLong(row));
                    evaluations.append(trace.longColumn("evaluations").getLong(row));
                    value.append(trace.doubleColumn("value").getDouble(row));
                    best.append(trace.doubleColumn("best").getDouble(row));
                }
            }
        });
        return Table.create("runs", method, seed, step, evaluations, value, best);
    }

    /** Writes {@link #table()} as CSV (with a header row) to {@code path}, creating its folder; returns the path. */
    public Path writeCsv(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            table().write().csv(path.toFile());
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + path + ": " + e.getMessage(), e);
        }
    }

    public Path writeCsv(String path) {
        return writeCsv(Path.of(path));
    }

    /** Mean best f(x) against evaluations per method, with a band of ± one sd (kept within the runs' min and max). */
    public Chart plot() {
        return Presenter.get().plot(this);
    }

    @Override
    public String toString() {
        return Presenter.get().text(this);
    }
}
