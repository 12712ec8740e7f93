package org.zeroth.problems;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.zeroth.Bounds;

/**
 * The classic test functions of derivative-free optimization, each with gradient, optimum, usual start and
 * domain: sphere, Rosenbrock, Rastrigin, Ackley, ellipsoid, and linear functions for estimator theory; and the
 * global-optimization functions Bayesian optimization is measured on: Branin, Hartmann 3/6, Levy, Styblinski–Tang.
 */
public final class Problems {
    private static final double TWO_PI = 2 * Math.PI;

    private Problems() {
    }

    /** f(x) = Σ xᵢ², minimum 0 at the origin; start (1, …, 1). */
    public static Problem sphere(int d) {
        return new Problem("sphere(" + requireDimension(d) + ")", d, new Problem.Formula() {
            public double value(DoubleBuffer x, int n) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += x.get(i) * x.get(i);
                }
                return s;
            }

            public void gradient(DoubleBuffer x, int n, double[] g) {
                for (int i = 0; i < n; i++) {
                    g[i] = 2 * x.get(i);
                }
            }
        }, filled(d, 0), 0, filled(d, 1), box(d, -5.12, 5.12), 0, null);
    }

    /** f(x) = Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², minimum 0 at (1, …, 1); start (−1.2, 1, −1.2, 1, …). */
    public static Problem rosenbrock(int d) {
        if (requireDimension(d) < 2) {
            throw new IllegalArgumentException("rosenbrock(d) needs d ≥ 2, got " + d);
        }
        double[] start = new double[d];
        for (int i = 0; i < d; i++) {
            start[i] = i % 2 == 0 ? -1.2 : 1.0;
        }
        return new Problem("rosenbrock(" + d + ")", d, new Problem.Formula() {
            public double value(DoubleBuffer x, int n) {
                double s = 0;
                for (int i = 0; i + 1 < n; i++) {
                    double a = x.get(i + 1) - x.get(i) * x.get(i);
                    double b = 1 - x.get(i);
                    s += 100 * a * a + b * b;
                }
                return s;
            }

            public void gradient(DoubleBuffer x, int n, double[] g) {
                Arrays.fill(g, 0);
                for (int i = 0; i + 1 < n; i++) {
                    double a = x.get(i + 1) - x.get(i) * x.get(i);
                    g[i] += -400 * x.get(i) * a - 2 * (1 - x.get(i));
                    g[i + 1] += 200 * a;
                }
            }
        }, filled(d, 1), 0, start, box(d, -5, 10), 0, null);
    }

    /** f(x) = 10d + Σ (xᵢ² − 10 cos 2πxᵢ): many local minima, global minimum 0 at the origin; start (2.5, …). */
    public static Problem rastrigin(int d) {
        return new Problem("rastrigin(" + requireDimension(d) + ")", d, new Problem.Formula() {
            public double value(DoubleBuffer x, int n) {
                double s = 10.0 * n;
                for (int i = 0; i < n; i++) {
                    double v = x.get(i);
                    s += v * v - 10 * Math.cos(TWO_PI * v);
                }
                return s;
            }

            public void gradient(DoubleBuffer x, int n, double[] g) {
                for (int i = 0; i < n; i++) {
                    double v = x.get(i);
                    g[i] = 2 * v + 20 * Math.PI * Math.sin(TWO_PI * v);
                }
            }
        }, filled(d, 0), 0, filled(d, 2.5), box(d, -5.12, 5.12), 0, null);
    }

    /** Ackley's function: nearly flat far out, a deep hole at the origin (minimum 0); start (2.5, …). */
    public static Problem ackley(int d) {
        return new Problem("ackley(" + requireDimension(d) + ")", d, new Problem.Formula() {
            public double value(DoubleBuffer x, int n) {
                double squares = 0;
                double cosines = 0;
                for (int i = 0; i < n; i++) {
                    squares += x.get(i) * x.get(i);
                    cosines += Math.cos(TWO_PI * x.get(i));
                }
                return -20 * Math.exp(-0.2 * Math.sqrt(squares / n)) - Math.exp(cosines / n) + 20 + Math.E;
            }

            public void gradient(DoubleBuffer x, int n, double[] g) {
                double squares = 0;
                double cosines = 0;
                for (int i = 0; i < n; i++) {
                    squares += x.get(i) * x.get(i);
                    cosines += Math.cos(TWO_PI * x.get(i));
                }
                double r = Math.sqrt(squares / n);
                double first = r == 0 ? 0 : 4 * Math.exp(-0.2 * r) / (n * r);
                double second = Math.exp(cosines / n) * TWO_PI / n;
                for (int i = 0; i < n; i++) {
                    g[i] = first * x.get(i) + second * Math.sin(TWO_PI * x.get(i));
                }
            }
        }, filled(d, 0), 0, filled(d, 2.5), box(d, -32.768, 32.768), 0, null);
    }

    /** f(x) = Σ 10^(6i/(d−1)) xᵢ²: a quadratic with condition number 10⁶; minimum 0 at the origin; start (1, …). */
    public static Problem ellipsoid(int d) {
        double[] weights = new double[requireDimension(d)];
        for (int i = 0; i < d; i++) {
            weights[i] = d == 1 ? 1 : Math.pow(10, 6.0 * i / (d - 1));
        }
        return new Problem("ellipsoid(" + d + ")", d, new Problem.Formula() {
            public double value(DoubleBuffer x, int n) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += weights[i] * x.get(i) * x.get(i);
                }
                return s;
            }

            public void gradient(DoubleBuffer x, int n, double[] g) {
                for (int i = 0; i < n; i++) {
                    g[i] = 2 * weights[i] * x.get(i);
                }
            }
        }, filled(d, 0), 0, filled(d, 1), box(d, -5, 5), 0, null);
    }

    /** f(x) = a·x: gradient a everywhere, no minimum; the estimator theory's test case. Start: the origin. */
    public static Problem linear(double... a) {
        double[] slope = a.clone();
        int d = requireDimension(slope.length);
        return new Problem("linear(" + d + ")", d, new Problem.Formula() {
            public double value(DoubleBuffer x, int n) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += slope[i] * x.get(i);
                }
                return s;
            }

            public void gradient(DoubleBuffer x, int n, double[] g) {
                System.arraycopy(slope, 0, g, 0, n);
            }
        }, null, Double.NEGATIVE_INFINITY, filled(d, 0), box(d, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), 0, null);
    }

    /** Branin–Hoo on [−5, 10] × [0, 15]: f* = 0.397887 at (π, 2.275), (−π, 12.275) and (9.42478, 2.475). */
    public static Problem branin() {
        return GlobalProblems.branin();
    }

    /** Hartmann 3-D on [0, 1]³: f* = −3.86278 at (0.114614, 0.555649, 0.852547). */
    public static Problem hartmann3() {
        return GlobalProblems.hartmann3();
    }

    /** Hartmann 6-D on [0, 1]⁶: f* = −3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573). */
    public static Problem hartmann6() {
        return GlobalProblems.hartmann6();
    }

    /** Levy on [−10, 10]^d: f* = 0 at (1, …, 1). */
    public static Problem levy(int d) {
        return GlobalProblems.levy(requireDimension(d));
    }

    /** Styblinski–Tang on [−5, 5]^d: f* = −39.16617·d at xᵢ = −2.903534. */
    public static Problem styblinskiTang(int d) {
        return GlobalProblems.styblinskiTang(requireDimension(d));
    }

    private static int requireDimension(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("the dimension d must be ≥ 1, got " + d);
        }
        return d;
    }

    static double[] filled(int d, double value) {
        double[] v = new double[d];
        Arrays.fill(v, value);
        return v;
    }

    static Bounds box(int d, double lo, double hi) {
        return Bounds.uniform(lo, hi).forDimension(d);
    }
}
