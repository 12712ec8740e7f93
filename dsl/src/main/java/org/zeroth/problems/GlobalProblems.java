package org.zeroth.problems;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.zeroth.Bounds;

/**
 * The global-optimization test functions Bayesian optimization is measured on (Surjanovic &amp; Bingham's Virtual
 * Library of Simulation Experiments; Jones, Schonlau &amp; Welch 1998 for Branin and Hartmann): small dimension,
 * several local minima, a bounded domain. Reached through {@link Problems}. Optima not known in closed form
 * (Hartmann, Styblinski–Tang) are the literature's points polished to double precision by a local search, so
 * simple regret never comes out negative.
 */
final class GlobalProblems {
    private static final double PI = Math.PI;
    private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] A3 = {{3, 10, 30}, {0.1, 10, 35}, {3, 10, 30}, {0.1, 10, 35}};
    private static final double[][] P3 = {{0.3689, 0.1170, 0.2673}, {0.4699, 0.4387, 0.7470},
            {0.1091, 0.8732, 0.5547}, {0.0381, 0.5743, 0.8828}};
    private static final double[][] A6 = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14},
            {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] P6 = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
            {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991}, {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
            {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
    /** Styblinski–Tang's minimizer per coordinate, a root of 4x³ − 32x + 5. */
    private static final double ST_X = -2.9035340379651355;

    private GlobalProblems() {
    }

    /** Branin–Hoo on [−5, 10] × [0, 15]: three global minima, f* = 5/(4π) ≈ 0.397887 at (π, 2.275) and two more. */
    static Problem branin() {
        double b = 5.1 / (4 * PI * PI);
        double c = 5 / PI;
        double t = 1 / (8 * PI);
        return new Problem("branin", 2, new Problem.Formula() {
            public double value(DoubleBuffer x, int n) {
                double q = x.get(1) - b * x.get(0) * x.get(0) + c * x.get(0) - 6;
                return q * q + 10 * (1 - t) * Math.cos(x.get(0)) + 10;
            }

            public void gradient(DoubleBuffer x, int n, double[] g) {
                double q = x.get(1) - b * x.get(0) * x.get(0) + c * x.get(0) - 6;
                g[0] = 2 * q * (c - 2 * b * x.get(0)) - 10 * (1 - t) * Math.sin(x.get(0));
                g[1] = 2 * q;
            }
        }, new double[] {PI, 2.275}, 5 / (4 * PI), new double[] {2.5, 7.5},
                new Bounds(new double[] {-5, 0}, new double[] {10, 15}), 0, null);
    }

    /** Hartmann 3-D on [0, 1]³: four local minima, f* ≈ −3.86278 at (0.114614, 0.555649, 0.852547). */
    static Problem hartmann3() {
        return hartmann("hartmann3", A3, P3, new double[] {0.11458888122541287, 0.5556488954739371, 0.8525469842172746},
                -3.862779787332663);
    }

    /** Hartmann 6-D on [0, 1]⁶: six local minima, f* ≈ −3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573). */
    static Problem hartmann6() {
        return hartmann("hartmann6", A6, P6, new double[] {0.20168950909365746, 0.15001069354111374,
                0.4768739729250998, 0.2753324275220782, 0.3116516172395686, 0.6573005345536702}, -3.3223680114155147);
    }

    private static Problem hartmann(String name, double[][] a, double[][] p, double[] optimum, double optimalValue) {
        int d = optimum.length;
        return new Problem(name, d, new Problem.Formula() {
            public double value(DoubleBuffer x, int n) {
                double s = 0;
                for (int i = 0; i < ALPHA.length; i++) {
                    s -= ALPHA[i] * Math.exp(-exponent(a[i], p[i], x, n));
                }
                return s;
            }

            public void gradient(DoubleBuffer x, int n, double[] g) {
                Arrays.fill(g, 0);
                for (int i = 0; i < ALPHA.length; i++) {
                    double w = ALPHA[i] * Math.exp(-exponent(a[i], p[i], x, n));
                    for (int j = 0; j < n; j++) {
                        g[j] += w * 2 * a[i][j] * (x.get(j) - p[i][j]);
                    }
                }
            }
        }, optimum, optimalValue, Problems.filled(d, 0.5), Problems.box(d, 0, 1), 0, null);
    }

    private static double exponent(double[] a, double[] p, DoubleBuffer x, int n) {
        double e = 0;
        for (int j = 0; j < n; j++) {
            double u = x.get(j) - p[j];
            e += a[j] * u * u;
        }
        return e;
    }

    /** Levy on [−10, 10]^d: many local minima, f* = 0 at (1, …, 1); start at the origin. */
    static Problem levy(int d) {
        return new Problem("levy(" + d + ")", d, new Problem.Formula() {
            public double value(DoubleBuffer x, int n) {
                double w1 = 1 + (x.get(0) - 1) / 4;
                double wd = 1 + (x.get(n - 1) - 1) / 4;
                double s = sq(Math.sin(PI * w1)) + sq(wd - 1) * (1 + sq(Math.sin(2 * PI * wd)));
                for (int i = 0; i < n - 1; i++) {
                    double w = 1 + (x.get(i) - 1) / 4;
                    s += sq(w - 1) * (1 + 10 * sq(Math.sin(PI * w + 1)));
                }
                return s;
            }

            public void gradient(DoubleBuffer x, int n, double[] g) {
                Arrays.fill(g, 0);
                double w1 = 1 + (x.get(0) - 1) / 4;
                double wd = 1 + (x.get(n - 1) - 1) / 4;
                // dw/dx = 1/4 throughout
                g[0] += 2 * Math.sin(PI * w1) * Math.cos(PI * w1) * PI / 4;
                g[n - 1] += (2 * (wd - 1) * (1 + sq(Math.sin(2 * PI * wd)))
                        + sq(wd - 1) * 2 * Math.sin(2 * PI * wd) * Math.cos(2 * PI * wd) * 2 * PI) / 4;
                for (int i = 0; i < n - 1; i++) {
                    double w = 1 + (x.get(i) - 1) / 4;
                    double s = Math.sin(PI * w + 1);
                    g[i] += (2 * (w - 1) * (1 + 10 * s * s) + sq(w - 1) * 20 * s * Math.cos(PI * w + 1) * PI) / 4;
                }
            }
        }, Problems.filled(d, 1), 0, Problems.filled(d, 0), Problems.box(d, -10, 10), 0, null);
    }

    /**
     * Styblinski–Tang on [−5, 5]^d: f(x) = ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ), 2^d local minima, f* = −39.16617·d at
     * xᵢ = −2.903534 (the literature quotes −39.16599·d, rounded from a coarser optimum).
     */
    static Problem styblinskiTang(int d) {
        double perCoordinate = 0.5 * (sq(sq(ST_X)) - 16 * sq(ST_X) + 5 * ST_X);
        return new Problem("styblinskiTang(" + d + ")", d, new Problem.Formula() {
            public double value(DoubleBuffer x, int n) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double v = x.get(i);
                    s += v * v * v * v - 16 * v * v + 5 * v;
                }
                return s / 2;
            }

            public void gradient(DoubleBuffer x, int n, double[] g) {
                for (int i = 0; i < n; i++) {
                    double v = x.get(i);
                    g[i] = (4 * v * v * v - 32 * v + 5) / 2;
                }
            }
        }, Problems.filled(d, ST_X), perCoordinate * d, Problems.filled(d, 0), Problems.box(d, -5, 5), 0, null);
    }

    private static double sq(double v) {
        return v * v;
    }

}
