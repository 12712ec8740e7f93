package org.zeroth.population;

import java.util.Arrays;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Bounds;
import org.zeroth.Config;
import org.zeroth.Objective;
import org.zeroth.Oracle;
import org.zeroth.Run;
import org.zeroth.RunBuilder;
import org.zeroth.RunContext;
import org.zeroth.RunRecorder;
import org.zeroth.StopReason;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * {@code zo.mapElites(f, descriptor, grid)}: MAP-Elites ("Illuminating search spaces by mapping elites", Mouret &
 * Clune 2015). Not one optimum but the best solution (lowest f) in every cell of a grid over a behaviour
 * descriptor b(x). It first samples {@code initialSamples} points uniformly in the box, then repeatedly picks two
 * elites xᵢ, xⱼ uniformly from the archive and evaluates the iso-line variation (Vassiliades & Mouret 2018)
 * y = xᵢ + σ_iso·w∘z + σ_line·(xⱼ − xᵢ)·z', z ~ N(0, I), z' ~ N(0, 1), w the box's widths, clipped into the box;
 * y replaces the elite of its cell if that cell is empty or y is better.
 *
 * <p>Needs a box: {@code within(lo, hi)} or the problem's domain. One evaluation per step and one trace row each;
 * {@code steps(n)} makes n evaluations, initial samples included. The result is a {@link MapElitesRun}.
 */
public final class MapElites extends RunBuilder<MapElites> {
    private final Function<INDArray, double[]> descriptor;
    private final Grid grid;
    private int initialSamples = 100;
    private double isoSigma = 0.01;
    private double lineSigma = 0.2;

    public MapElites(Objective objective, Function<INDArray, double[]> descriptor, Grid grid) {
        super(objective, false);
        if (descriptor == null || grid == null) {
            throw new IllegalArgumentException("zo.mapElites(f, descriptor, grid) needs a descriptor x -> double[] and"
                    + " a grid, e.g. Grid.of(0, 1, 20, 20)");
        }
        this.descriptor = descriptor;
        this.grid = grid;
    }

    /** How many uniform samples seed the archive before variation starts (default 100). */
    public MapElites initialSamples(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("initialSamples(n) needs n ≥ 1, got " + n);
        }
        return with(b -> b.initialSamples = n);
    }

    /** The iso-line variation's σ_iso (as a fraction of the box width, default 0.01) and σ_line (default 0.2). */
    public MapElites isoLine(double isoSigma, double lineSigma) {
        if (!(isoSigma >= 0 && lineSigma >= 0) || isoSigma + lineSigma == 0 || Double.isInfinite(isoSigma + lineSigma)) {
            throw new IllegalArgumentException("isoLine(σ_iso, σ_line) needs finite σ's ≥ 0, not both 0, got "
                    + isoSigma + ", " + lineSigma + "; e.g. isoLine(0.01, 0.2)");
        }
        return with(b -> {
            b.isoSigma = isoSigma;
            b.lineSigma = lineSigma;
        });
    }

    @Override
    protected Run runSteps(long n) {
        return steps(n);
    }

    @Override
    protected String plannedMethod() {
        return "map-elites";
    }

    @Override
    protected Config plannedSettings(Integer d) {
        return Config.of("grid", grid.toString(), "initialSamples", initialSamples, "isoSigma", isoSigma,
                "lineSigma", lineSigma);
    }

    /** n evaluations (initial samples included), one trace row each. */
    public MapElitesRun steps(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("steps(n) needs n ≥ 0 evaluations, got " + n);
        }
        RunContext context = context("map-elites");
        int d = context.dimension();
        Oracle oracle = context.oracle().build();
        Bounds box = SearchBox.of(oracle.bounds(), domain(), d);
        if (box == null || !SearchBox.isFinite(box)) {
            throw new IllegalArgumentException("MAP-Elites samples and mutates in a finite box: give one with within(lo, hi)");
        }
        Config config = context.config().with(plannedSettings(d)).with("box", oracle.bounds() == null ? box : null,
                "step", "1 evaluation");
        RunRecorder recorder = new RunRecorder(config, oracle, n, context.observers());
        EvaluationTrace trace = new EvaluationTrace(oracle, recorder, n, context.target() != null);
        Archive archive = new Archive(grid.size(), (int) Math.min(n, 1 << 20));
        RandomStream stream = RandomStream.of(context.seed());
        INDArray start = context.start();
        try (oracle) {
            for (long e = 1; e <= n; e++) {
                RandomStream draws = stream.fork(e);
                double[] x = e <= initialSamples || archive.filled == 0 ? uniform(draws, box, d)
                        : vary(draws, archive, box, d);
                double[] b = descriptor.apply(Tensors.vector(x));
                int cell = grid.cellOf(b);
                double value;
                try {
                    value = trace.value(x);
                } catch (Oracle.Stop stop) {
                    if (stop.reason() == StopReason.TARGET_REACHED) {
                        archive.offer(cell, x, b, oracle.best()); // evaluated: it belongs in the archive
                    }
                    throw stop;
                }
                archive.offer(cell, x, b, value);
            }
            return archive.run(recorder.finish(StopReason.STEPS, archive.bestPoint(start)));
        } catch (RuntimeException | Error e) { // a stop, an interrupt or a failure: each keeps the archive
            return (MapElitesRun) recorder.end(e, reason -> archive.run(recorder.finish(reason, archive.bestPoint(start))));
        }
    }

    private static double[] uniform(RandomStream draws, Bounds box, int d) {
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            x[j] = box.lower()[j] + draws.uniform(j) * box.width(j);
        }
        return x;
    }

    private double[] vary(RandomStream draws, Archive archive, Bounds box, int d) {
        double[] parent = archive.points[archive.pick(draws.uniform(d))];
        double[] other = archive.points[archive.pick(draws.uniform(d + 1))];
        double line = lineSigma * draws.gaussian(d + 2);
        double[] y = new double[d];
        for (int j = 0; j < d; j++) {
            double v = parent[j] + isoSigma * box.width(j) * draws.gaussian(j) + line * (other[j] - parent[j]);
            y[j] = Math.min(box.upper()[j], Math.max(box.lower()[j], v));
        }
        return y;
    }

    private final class Archive {
        final double[] values;
        final double[][] points;
        final double[][] descriptors;
        final int[] filledCells;
        int filled;
        double eliteSum;
        int[] filledAfter;
        double[] eliteSumAfter;
        int evaluations;
        int best = -1;

        Archive(int size, int expectedEvaluations) {
            values = new double[size];
            Arrays.fill(values, Double.NaN);
            points = new double[size][];
            descriptors = new double[size][];
            filledCells = new int[size];
            filledAfter = new int[Math.max(16, expectedEvaluations)];
            eliteSumAfter = new double[filledAfter.length];
        }

        void offer(int cell, double[] x, double[] b, double value) {
            if (points[cell] == null) {
                filledCells[filled++] = cell;
                eliteSum += value;
            } else if (value < values[cell]) {
                eliteSum += value - values[cell];
            } else {
                record();
                return;
            }
            values[cell] = value;
            points[cell] = x;
            descriptors[cell] = b.clone();
            if (best < 0 || value < values[best]) {
                best = cell;
            }
            record();
        }

        private void record() {
            if (evaluations == filledAfter.length) {
                filledAfter = Arrays.copyOf(filledAfter, 2 * evaluations);
                eliteSumAfter = Arrays.copyOf(eliteSumAfter, 2 * evaluations);
            }
            filledAfter[evaluations] = filled;
            eliteSumAfter[evaluations++] = eliteSum;
        }

        /** A filled cell chosen by u ∈ [0, 1). */
        int pick(double u) {
            return filledCells[(int) (u * filled)];
        }

        INDArray bestPoint(INDArray fallback) {
            return best < 0 ? fallback : Tensors.vector(points[best]);
        }

        /** The run with its archive, also as the session's last run. */
        MapElitesRun run(Run run) {
            MapElitesRun archived = new MapElitesRun(run, grid, values, points, descriptors,
                    Arrays.copyOf(filledAfter, evaluations), Arrays.copyOf(eliteSumAfter, evaluations));
            RunRecorder.keep(archived);
            return archived;
        }
    }
}
