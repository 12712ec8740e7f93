package org.zeroth;

import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;
import org.zeroth.estimate.EstimatorReport;
import org.zeroth.population.CboRun;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Results whose displays are fully determined (fixed traces and seconds, no versions in the configuration), for
 * tests that compare rendered bundles across changes of the rendering code.
 */
public final class ViewSamples {
    private ViewSamples() {
    }

    /** A 12-step run with a fixed trace; {@code shift} tells runs apart. */
    public static Run run(String method, double shift, long seed) {
        int n = 12;
        double[] value = new double[n];
        double[] best = new double[n];
        double[] seconds = new double[n];
        long[] steps = new long[n];
        long[] evaluations = new long[n];
        double b = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            steps[i] = i + 1;
            evaluations[i] = 5L * (i + 1);
            value[i] = shift + 10.0 / (i + 1) + (i % 3) * 0.25;
            b = Math.min(b, value[i]);
            best[i] = b;
            seconds[i] = 0.01 * (i + 1);
        }
        Table trace = Table.create(method, LongColumn.create("step", steps), LongColumn.create("evaluations", evaluations),
                DoubleColumn.create("value", value), DoubleColumn.create("best", best),
                DoubleColumn.create("step_norm", new double[n]), DoubleColumn.create("seconds", seconds));
        Config config = Config.of("method", method, "objective", "sphere(2)", "dimension", 2, "sense", "minimize",
                "h", 1e-3, "q", 4, "lr", 0.05, "seed", seed);
        return new Run(config, trace, b, Tensors.vector(new double[] {0.5, -0.25}),
                Tensors.vector(new double[] {0.5, -0.25}), evaluations[n - 1], StopReason.STEPS, null, null);
    }

    public static Repeats repeats() {
        return Repeats.of(3, seed -> run("zo-sgd", seed * 0.5, seed));
    }

    public static Comparison comparison() {
        return new Comparison(List.of(run("zo-sgd", 0, 1), run("zo-adam", 1, 1), run("zo-adam", 2, 2)));
    }

    /** A CBO run that kept a 4-particle swarm in the plane over its 12 steps. */
    public static CboRun cboRun() throws ReflectiveOperationException {
        List<double[][]> swarms = new java.util.ArrayList<>();
        List<double[]> consensus = new java.util.ArrayList<>();
        for (int step = 0; step <= 12; step++) {
            double r = 1.0 / (step + 1);
            swarms.add(new double[][] {{r, 0}, {0, r}, {-r, 0}, {0, -r}});
            if (step > 0) {
                consensus.add(new double[] {r / 10, r / 10});
            }
        }
        Constructor<CboRun> make = CboRun.class.getDeclaredConstructor(Run.class, List.class, List.class);
        make.setAccessible(true);
        return make.newInstance(run("cbo", 0, 3), swarms, consensus);
    }

    public static EstimatorReport estimatorReport() {
        return Zo.zo.estimate(Problems.sphere(4), 1, 2, 3, 4).withGaussianDirections(1e-3).queries(2).seed(7)
                .trials(50);
    }

    public static Table table() {
        return Table.create("small", DoubleColumn.create("x", 1, 2.5, 1e-7), LongColumn.create("n", 1, 20, 300));
    }

    public static Map<String, Object> all() throws ReflectiveOperationException {
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        all.put("run", run("zo-sgd", 0, 1));
        all.put("repeats", repeats());
        all.put("comparison", comparison());
        all.put("cbo-run", cboRun());
        all.put("estimator-report", estimatorReport());
        all.put("table", table());
        all.put("figure", repeats().plot());
        return all;
    }
}
