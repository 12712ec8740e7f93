package org.zeroth;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The same experiment over several seeds ({@code zo.repeat(n, seed -> …)}): the runs, and the mean and spread
 * of what they reached. An interrupted run ends the repetition; the runs so far are kept.
 */
public final class Repeats {
    private final List<Run> runs;
    private final long[] seeds;
    private final String warning;

    private Repeats(List<Run> runs, long[] seeds) {
        this.runs = List.copyOf(runs);
        this.seeds = seeds;
        String shared = sharedParametersWarning(this.runs);
        String alike = shared != null ? shared : identicalRunsWarning(this.runs);
        String cut = interruptedWarning(this.runs, seeds);
        this.warning = alike == null ? cut : cut == null ? alike : alike + "\n" + cut;
    }

    /** The run an interrupt cut short is among the runs: its value is not what the seed would have reached. */
    private static String interruptedWarning(List<Run> runs, long[] seeds) {
        int last = runs.size() - 1;
        if (last < 0 || runs.get(last).stopReason() != StopReason.INTERRUPTED) {
            return null;
        }
        return "warning: interrupted in the run of seed " + seeds[last] + " after " + runs.get(last).steps()
                + " steps; " + (last == 0 ? "it is the only run" : "the summary mixes that cut-short run with "
                + (last == 1 ? "1 complete run" : last + " complete runs"));
    }

    /**
     * Why the repeats say nothing about the spread, or null: runs that are all alike, most often because the
     * experiment does not pass its seed on ({@code seed -> zo.minimize(f).steps(50)}).
     */
    public String warning() {
        return warning;
    }

    /** inPlace() runs that trained one array in turn: each went on from where the one before it ended. */
    private static String sharedParametersWarning(List<Run> runs) {
        Set<INDArray> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        long shared = runs.stream().filter(r -> r.inPlace() && !arrays.add(r.finalPoint())).count();
        return shared == 0 ? null : "warning: " + (shared + 1 < runs.size() ? "some of " : "") + "the inPlace() runs"
                + " trained one parameter array in turn, each from where the one before it ended, so they are not"
                + " repeats from one start; give each run its own copy, e.g. seed -> zo.minimize(f).from(θ0.dup())"
                + ".inPlace().seed(seed).steps(100)";
    }

    private static String identicalRunsWarning(List<Run> runs) {
        if (runs.size() < 2) {
            return null;
        }
        Run first = runs.get(0);
        boolean sameSeed = runs.stream().allMatch(r -> java.util.Objects.equals(r.config().get("seed"), first.config().get("seed")));
        // the end points too: runs told only orders have values of NaN alike, however they moved
        boolean sameRuns = runs.stream().allMatch(r -> Double.compare(r.bestValue(), first.bestValue()) == 0
                && r.evaluations() == first.evaluations()
                && Arrays.equals(r.trace().doubleColumn("value").asDoubleArray(),
                        first.trace().doubleColumn("value").asDoubleArray())
                && Arrays.equals(Tensors.toArray(r.finalPoint()), Tensors.toArray(first.finalPoint())));
        if (!sameRuns) {
            return null;
        }
        return "warning: the " + runs.size() + " runs are identical, so mean and spread describe one run: "
                + (sameSeed ? "the experiment does not use its seed (every run has seed " + first.config().get("seed")
                + "); pass it on, e.g. seed -> zo.minimize(f).seed(seed).steps(50)"
                : "this method draws nothing at random from its seed; vary the start instead");
    }

    /** Runs {@code experiment} with seeds 0, 1, …, n − 1. */
    static Repeats of(int n, LongFunction<Run> experiment) {
        if (n < 1) {
            throw new IllegalArgumentException("repeat(n, …) needs n ≥ 1 repetitions, got " + n);
        }
        if (experiment == null) {
            throw new IllegalArgumentException("repeat(n, experiment): give a function of the seed that returns a run,"
                    + " e.g. seed -> zo.minimize(f).seed(seed).steps(100)");
        }
        List<Run> done = new java.util.ArrayList<>();
        for (long seed = 0; seed < n; seed++) {
            Run run;
            try {
                run = experiment.apply(seed);
            } catch (Interrupts.NotStarted interruptedBetweenRuns) {
                if (done.isEmpty()) {
                    throw interruptedBetweenRuns;
                }
                break;
            }
            if (run == null) {
                throw new IllegalArgumentException("repeat: the experiment returned null for seed " + seed
                        + "; it must return the Run, e.g. seed -> zo.minimize(f).seed(seed).steps(100)");
            }
            done.add(run);
            if (run.stopReason() == StopReason.INTERRUPTED) {
                break;
            }
        }
        Repeats repeats = new Repeats(done, java.util.stream.LongStream.range(0, done.size()).toArray());
        if (repeats.warning != null) {
            System.err.println(repeats.warning);
        }
        return repeats;
    }

    public List<Run> runs() {
        return runs;
    }

    public long[] seeds() {
        return seeds.clone();
    }

    /** The best value of each run, in seed order. */
    public double[] bestValues() {
        return runs.stream().mapToDouble(Run::bestValue).toArray();
    }

    public double mean() {
        return Arrays.stream(bestValues()).average().orElse(Double.NaN);
    }

    /** Sample standard deviation of the best values (0 for a single run). */
    public double standardDeviation() {
        double[] v = bestValues();
        if (v.length < 2) {
            return 0;
        }
        double m = mean();
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    public double median() {
        double[] v = bestValues();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The fraction of runs whose best value is at least as good as {@code target}. */
    public double successRate(double target) {
        boolean maximize = "maximize".equals(runs.get(0).config().get("sense"));
        return runs.stream().filter(r -> maximize ? r.bestValue() >= target : r.bestValue() <= target).count()
                / (double) runs.size();
    }

    /** One row per run: seed, best value, evaluations, steps, stop reason. */
    public Table table() {
        return Table.create("repeats",
                LongColumn.create("seed", seeds),
                DoubleColumn.create("best", bestValues()),
                LongColumn.create("evaluations", runs.stream().mapToLong(Run::evaluations).toArray()),
                LongColumn.create("steps", runs.stream().mapToLong(Run::steps).toArray()),
                StringColumn.create("stop", runs.stream().map(r -> r.stopReason().name().toLowerCase())));
    }

    /**
     * Best-so-far against evaluations, summarised over runs on a common grid of {@code points} evaluation counts:
     * evaluations, mean, sd, min, max. A run contributes its last recorded best at each grid point it has reached.
     */
    public Table curve(int points) {
        long last = runs.stream().mapToLong(Run::evaluations).max().orElse(0);
        int n = Math.max(2, points);
        DoubleColumn grid = DoubleColumn.create("evaluations");
        DoubleColumn mean = DoubleColumn.create("mean");
        DoubleColumn sd = DoubleColumn.create("sd");
        DoubleColumn min = DoubleColumn.create("min");
        DoubleColumn max = DoubleColumn.create("max");
        List<Table> traces = runs.stream().map(Run::trace).toList();
        for (int k = 1; k <= n; k++) {
            double at = (double) last * k / n;
            double[] values = traces.stream().mapToDouble(t -> bestAt(t, at)).filter(v -> !Double.isNaN(v)).toArray();
            if (values.length == 0) {
                continue;
            }
            double m = Arrays.stream(values).average().orElse(Double.NaN);
            double var = values.length < 2 ? 0 : Arrays.stream(values).map(v -> (v - m) * (v - m)).sum() / (values.length - 1);
            grid.append(at);
            mean.append(m);
            sd.append(Math.sqrt(var));
            min.append(Arrays.stream(values).min().orElse(Double.NaN));
            max.append(Arrays.stream(values).max().orElse(Double.NaN));
        }
        return Table.create("best over " + runs.size() + " seeds", grid, mean, sd, min, max);
    }

    private static double bestAt(Table trace, double evaluations) {
        LongColumn e = trace.longColumn("evaluations");
        DoubleColumn best = trace.doubleColumn("best");
        double value = Double.NaN;
        for (int i = 0; i < e.size() && e.getLong(i) <= evaluations; i++) {
            value = best.getDouble(i);
        }
        return value;
    }

    /** The configuration common to the runs. */
    public String label() {
        return runs.get(0).config().label();
    }

    /** Mean best-so-far against evaluations, with the band from the best to the worst run. */
    public Chart plot() {
        return Presenter.get().plot(this);
    }

    @Override
    public String toString() {
        return Presenter.get().text(this);
    }
}
