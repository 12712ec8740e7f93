package org.zeroth.view;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Ready-made figures for Zeroth's results, from plain arrays: mean ± spread over seeds, an estimator's error against
 * a parameter with its theory line, and particles in 2-D. Each is a few {@link Figure} calls; change the returned
 * figure freely (it is a value).
 */
public final class Figures {
    private Figures() {
    }

    /**
     * A mean curve with a band, e.g. best f(x) against evaluations over seeds: {@code low}/{@code high} are the
     * band's edges (mean ± sd, or quantiles, as the caller chooses and names in {@code name}).
     */
    public static Figure meanBand(String title, String xLabel, String yLabel, String name, double[] x,
                                  double[] mean, double[] low, double[] high) {
        return Figure.titled(title).xAxis(xLabel).yAxis(yLabel).band(name, x, mean, low, high);
    }

    /**
     * An estimator analysis: the measured quantity (with ± error bars) against a parameter, and the theory's
     * prediction as a dashed line, e.g. {@code errorAgainst("smoothing radius h", h, "E‖ĝ − ∇f‖²", mse, se,
     * predicted)}. Both axes become logarithmic when their values are positive and span more than two decades.
     * {@code theory} may be null when there is none.
     */
    public static Figure errorAgainst(String parameter, double[] values, String quantity, double[] measured,
                                      double[] error, double[] theory) {
        Figure figure = Figure.titled(quantity + " against " + parameter).xAxis(parameter).yAxis(quantity)
                .errorBars("measured", values, measured, error);
        return theory == null ? figure : figure.dashed("theory", values, theory);
    }

    /**
     * Particles in the plane (the first two coordinates), one colour per snapshot, e.g. a CBO run at a few
     * iterations: {@code particles("CBO on rastrigin", Map.of("step 0", p0, "step 50", p50))} with each value an
     * array of points {@code [n][d]}. Iteration order is the map's: pass a LinkedHashMap to choose it. Points of
     * one coordinate are drawn on a line per snapshot, later snapshots higher.
     */
    public static Figure particles(String title, Map<String, double[][]> snapshots) {
        Objects.requireNonNull(snapshots, "snapshots");
        int d = snapshots.values().stream().flatMap(Arrays::stream).mapToInt(p -> p.length).min().orElse(2);
        if (d < 1) {
            throw new IllegalArgumentException("particles: a point has no coordinates; give points of dimension ≥ 1");
        }
        Figure figure = Figure.titled(title).xAxis(Axis.of("x₁").linear())
                .yAxis(Axis.of(d == 1 ? "snapshot" : "x₂").linear());
        int k = 0;
        for (Map.Entry<String, double[][]> snapshot : snapshots.entrySet()) {
            double[][] points = snapshot.getValue();
            double[] x1 = new double[points.length];
            double[] x2 = new double[points.length];
            for (int i = 0; i < points.length; i++) {
                x1[i] = points[i][0];
                x2[i] = d == 1 ? k : points[i][1];
            }
            figure = figure.points(snapshot.getKey(), x1, x2);
            k++;
        }
        return figure;
    }
}
