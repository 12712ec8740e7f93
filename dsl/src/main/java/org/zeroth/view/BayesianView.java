package org.zeroth.view;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.zeroth.bayes.BayesianRun;
import org.zeroth.bayes.Surrogate;

/**
 * How Bayesian optimization shows itself: the run's view (best so far against evaluations, for any d) followed by
 * the figures of a BO tutorial for the last acquisition step. In 1-D: the GP mean with its ±2σ band, the
 * observations and the chosen point; below, the acquisition with the chosen point. In 2-D the mean, the
 * posterior sd and the acquisition are each a heatmap over the box, with the observations and the chosen point on
 * top.
 */
public final class BayesianView {
    private static final int GRID_1D = 120;
    private static final int GRID_2D = 20;

    private BayesianView() {
    }

    public static View view(BayesianRun run) {
        View view = RunView.view(run);
        if (run.acquisitions() > 0 && run.box().lower().length <= 2) {
            for (Figure f : figures(run.surrogate())) {
                view = view.figure(f);
            }
        }
        return view;
    }

    /** The model at one step: a title line and its figures (1-D and 2-D), else what it chose. */
    public static View view(Surrogate s) {
        View view = View.titled("Bayesian optimization, " + steps(s) + ": a Gaussian process on "
                + s.observed().length + " observations, " + s.acquisitionName())
                .line("chosen: " + describe(s.chosen()));
        for (Figure f : figures(s)) {
            view = view.figure(f);
        }
        return view;
    }

    /** The trace steps the model chose: "step 7", or "steps 7–10" for a batch. */
    private static String steps(Surrogate s) {
        int n = s.chosen().length;
        return n <= 1 ? "step " + s.step() : "steps " + s.step() + "–" + (s.step() + n - 1);
    }

    /** The tutorial's figures for d = 1 or 2; none in higher dimensions. */
    public static List<Figure> figures(Surrogate s) {
        return switch (s.dimension()) {
            case 1 -> oneDimensional(s);
            case 2 -> twoDimensional(s);
            default -> List.of();
        };
    }

    private static List<Figure> oneDimensional(Surrogate s) {
        double lo = s.box().lower()[0];
        double hi = s.box().upper()[0];
        double[] x = new double[GRID_1D];
        double[] mean = new double[GRID_1D];
        double[] low = new double[GRID_1D];
        double[] high = new double[GRID_1D];
        double[] acquisition = new double[GRID_1D];
        for (int i = 0; i < GRID_1D; i++) {
            x[i] = lo + (hi - lo) * i / (GRID_1D - 1);
            double[] p = s.posterior(x[i]);
            mean[i] = p[0];
            low[i] = p[0] - 2 * p[1];
            high[i] = p[0] + 2 * p[1];
            acquisition[i] = s.acquisition(x[i]);
        }
        double[] chosen = column(s.chosen(), 0);
        Figure posterior = Figure.titled(steps(s) + ": GP posterior on " + s.observed().length
                        + " observations").xAxis(Axis.of("x").linear()).yAxis(Axis.of("f(x)").linear())
                .band("GP mean ± 2σ", x, mean, low, high)
                .points("observations", column(s.observed(), 0), s.values())
                .points("chosen", chosen, Arrays.stream(chosen).map(s::mean).toArray());
        Figure acquired = Figure.titled(steps(s) + ": " + s.acquisitionName())
                .xAxis(Axis.of("x").linear()).yAxis(Axis.of(s.acquisitionName()).linear())
                .line(s.acquisitionName(), x, acquisition)
                .points("chosen", chosen, Arrays.stream(chosen).map(s::acquisition).toArray());
        return List.of(posterior, acquired);
    }

    private static List<Figure> twoDimensional(Surrogate s) {
        return List.of(map(s, "GP mean", s::mean), map(s, "GP sd", s::sd), map(s, s.acquisitionName(), s::acquisition));
    }

    /** A quantity at the centres of a grid over the box, as a heatmap, with the observations and chosen points. */
    private static Figure map(Surrogate s, String what, ToDoubleFunction<double[]> quantity) {
        double[] x = centres(s.box().lower()[0], s.box().upper()[0]);
        double[] y = centres(s.box().lower()[1], s.box().upper()[1]);
        double[][] z = new double[y.length][x.length];
        for (int r = 0; r < y.length; r++) {
            for (int c = 0; c < x.length; c++) {
                z[r][c] = quantity.applyAsDouble(new double[] {x[c], y[r]});
            }
        }
        return Figure.titled(steps(s) + ": " + what).xAxis(Axis.of("x₀").linear())
                .yAxis(Axis.of("x₁").linear()).heatmap(what, x, y, z)
                .points("observations", column(s.observed(), 0), column(s.observed(), 1))
                .points("chosen", column(s.chosen(), 0), column(s.chosen(), 1));
    }

    private static double[] centres(double lo, double hi) {
        double[] c = new double[GRID_2D];
        for (int i = 0; i < GRID_2D; i++) {
            c[i] = lo + (hi - lo) * (i + 0.5) / GRID_2D;
        }
        return c;
    }

    private static double[] column(double[][] points, int j) {
        double[] c = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            c[i] = points[i][j];
        }
        return c;
    }

    private static String describe(double[][] points) {
        StringBuilder s = new StringBuilder();
        for (double[] p : points) {
            s.append(s.length() == 0 ? "" : "; ").append('(');
            for (int j = 0; j < p.length; j++) {
                s.append(j == 0 ? "" : ", ").append(Numbers.format(p[j]));
            }
            s.append(')');
        }
        return s.toString();
    }
}
