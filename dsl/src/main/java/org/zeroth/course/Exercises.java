package org.zeroth.course;

import static org.zeroth.Zo.zo;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import org.zeroth.Interrupts;
import org.zeroth.Run;
import org.zeroth.RunRecorder;
import org.zeroth.StopReason;
import org.zeroth.estimate.EstimatorReport;
import org.zeroth.problems.Problem;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * Checks for the exercises of the course notebooks. Each takes the student's solution, tries it on problems whose
 * answer is known, and returns a {@link Check} — or throws an {@link AssertionError} that says what is wrong and
 * gives a hint. Solutions work on plain {@code double[]}, so no library knowledge is needed to write them. A check
 * whose thread is interrupted gives no verdict: it throws {@link Interrupts.Interrupted}.
 */
public final class Exercises {
    private Exercises() {
    }

    /** f evaluated on a plain vector. */
    @FunctionalInterface
    public interface Function {
        double value(double[] x);
    }

    /** A finite-difference gradient: (f, x, h) → estimate of ∇f(x). */
    @FunctionalInterface
    public interface FiniteDifference {
        double[] gradient(Function f, double[] x, double h);
    }

    /** A random-direction estimate along one direction u: (f, x, h, u) → ĝ. */
    @FunctionalInterface
    public interface DirectionalEstimate {
        double[] gradient(Function f, double[] x, double h, double[] u);
    }

    /** One ZO-SGD step: (f, x, h, lr, u) → the next point. */
    @FunctionalInterface
    public interface ZoSgdStep {
        double[] next(Function f, double[] x, double h, double lr, double[] u);
    }

    /** Exercise: forward differences (f(x + h eᵢ) − f(x)) / h. Checked on Rosenbrock: error O(h), d + 1 evaluations. */
    public static Check forwardDifference(FiniteDifference solution) {
        return finiteDifference("forward differences", solution, 1e-5, 1e-3, 5, 6, true);
    }

    /** Exercise: central differences (f(x + h eᵢ) − f(x − h eᵢ)) / 2h. Checked on Rosenbrock: error O(h²), 2d evaluations. */
    public static Check centralDifference(FiniteDifference solution) {
        return finiteDifference("central differences", solution, 1e-4, 1e-6, 10, 10, false);
    }

    /**
     * Exercise: the two-point Gaussian estimate (f(x + h u) − f(x)) / h · u. Checked against the library's own
     * estimate for the same directions, and for unbiasedness on a linear function.
     */
    public static Check twoPointEstimate(DirectionalEstimate solution) {
        require(solution != null, "two-point estimate", "pass your estimate as (f, x, h, u) -> …");
        Problem linear = Problems.linear(1, -2, 3, 0.5);
        double[] x = {0.3, -0.2, 0.1, 0.7};
        double[] exact = Tensors.toArray(linear.gradient(Tensors.vector(x)));
        RandomStream stream = RandomStream.of(2024);
        int trials = 20_000;
        double[] mean = new double[x.length];
        for (int t = 0; t < trials; t++) {
            stopIfInterrupted("two-point estimate");
            double[] u = new double[x.length];
            RandomStream direction = stream.fork(t);
            for (int i = 0; i < u.length; i++) {
                u[i] = direction.gaussian(i);
            }
            double[] g = solution.gradient(v -> linear.value(Tensors.vector(v)), x.clone(), 1e-3, u.clone());
            require(g != null && g.length == x.length, "two-point estimate", "return a vector of the same dimension as x");
            if (t == 0) {
                double along = 0;
                for (int i = 0; i < u.length; i++) {
                    along += exact[i] * u[i];
                }
                for (int i = 0; i < u.length; i++) {
                    require(Math.abs(g[i] - along * u[i]) < 1e-6 * (1 + Math.abs(along * u[i])), "two-point estimate",
                            "for a linear f the estimate must be (a·u) u; coordinate " + i + " is " + g[i]
                                    + " instead of " + along * u[i] + " — divide the difference by h and multiply by u");
                }
            }
            for (int i = 0; i < mean.length; i++) {
                mean[i] += g[i] / trials;
            }
        }
        // Each coordinate's mean has standard error √((‖a‖² + aᵢ²)/n) ≤ 0.03 here; 5 of them is a generous bound.
        double normSquared = Arrays.stream(exact).map(v -> v * v).sum();
        for (int i = 0; i < mean.length; i++) {
            double tolerance = 5 * Math.sqrt((normSquared + exact[i] * exact[i]) / trials);
            require(Math.abs(mean[i] - exact[i]) < tolerance, "two-point estimate",
                    "averaged over " + trials + " directions coordinate " + i + " is " + mean[i] + ", not " + exact[i]
                            + ": the estimate should be unbiased");
        }
        return passed("two-point estimate", "matches (a·u)u exactly and averages to ∇f over " + trials + " directions");
    }

    /**
     * Exercise: predict E‖ĝ − ∇f‖² / ‖∇f‖² for q Gaussian directions in dimension d (a linear f). Checked against a
     * measurement at a few (d, q).
     */
    public static Check gaussianErrorFormula(DoubleBinaryOperator predictedRelativeError) {
        require(predictedRelativeError != null, "error formula", "pass your formula as (d, q) -> …");
        int[][] cases = {{5, 1}, {20, 1}, {20, 4}, {50, 2}}; // q = 1 first: a miss after them is about q
        StringBuilder seen = new StringBuilder();
        for (int[] c : cases) {
            double[] a = new double[c[0]];
            Arrays.fill(a, 1.0);
            EstimatorReport report;
            try {
                report = zo.estimate(Problems.linear(a), new double[c[0]]).withGaussianDirections(1e-2)
                        .queries(c[1]).seed(c[0] * 31L + c[1]).trials(20_000);
            } catch (RuntimeException e) {
                stopIfInterrupted("error formula");
                throw e;
            }
            double measured = report.meanSquaredError() / report.gradientSquaredNorm();
            double error = report.meanSquaredErrorStandardError() / report.gradientSquaredNorm();
            double predicted = predictedRelativeError.applyAsDouble(c[0], c[1]);
            require(Math.abs(predicted - measured) < 5 * error, "error formula", String.format(Locale.ROOT,
                    "for d = %d, q = %d you predict %.4g but %.4g ± %.2g was measured — %s", c[0], c[1], predicted,
                    measured, error, c[1] == 1 ? "how does E‖u‖⁴ grow with d?" : "your formula agrees for q = 1:"
                    + " by how much does averaging q independent directions divide the error?"));
            seen.append(String.format(Locale.ROOT, " d=%d q=%d: %.3g;", c[0], c[1], measured));
        }
        return passed("error formula", "agrees with the measurement at" + seen.substring(0, seen.length() - 1));
    }

    /**
     * Exercise: one ZO-SGD step x − lr · (f(x + h u) − f(x)) / h · u. Checked against the library's ZO-SGD on the same
     * directions: 200 of your steps must land where {@code zo.minimize(...).sgd(lr)} lands.
     */
    public static Check zoSgdStep(ZoSgdStep solution) {
        require(solution != null, "ZO-SGD step", "pass your step as (f, x, h, lr, u) -> …");
        Problem sphere = Problems.sphere(3);
        int steps = 200;
        double h = 1e-4;
        double lr = 0.05;
        Function f = v -> sphere.value(Tensors.vector(v));
        diagnoseOneStep(solution, f, h, lr);
        stopIfInterrupted("ZO-SGD step"); // else the reference run below would not start
        Run reference = RunRecorder.keepingNothing(() -> zo.minimize(sphere).withGaussianDirections(h).sgd(lr).seed(5)
                .progress(false).steps(steps)); // zo.lastRun() stays the user's
        if (reference.stopReason() == StopReason.INTERRUPTED) {
            throw interrupted("ZO-SGD step"); // its partial run is no reference
        }
        double[] x = Tensors.toArray(sphere.start());
        RandomStream stream = RandomStream.of(5);
        for (int t = 1; t <= steps; t++) {
            stopIfInterrupted("ZO-SGD step");
            double[] u = new double[x.length];
            for (int i = 0; i < u.length; i++) {
                u[i] = stream.fork(t).fork(0).gaussian(i);
            }
            x = solution.next(f, x.clone(), h, lr, u);
            require(x != null && x.length == 3, "ZO-SGD step", "return the next point, a vector of dimension 3");
        }
        double[] expected = Tensors.toArray(reference.finalPoint());
        for (int i = 0; i < x.length; i++) {
            require(Math.abs(x[i] - expected[i]) < 1e-9, "ZO-SGD step", "after " + steps + " steps coordinate " + i
                    + " is " + x[i] + " but ZO-SGD reaches " + expected[i] + " — step against the estimate: x − lr·ĝ");
        }
        return passed("ZO-SGD step", steps + " steps land exactly where zo.minimize(f).sgd(lr) lands (f = "
                + String.format(Locale.ROOT, "%.3g", sphere.value(Tensors.vector(x))) + ")");
    }

    /**
     * One step from a fixed point along a fixed u, told apart from the usual slips: a central difference, a step
     * up the slope, a direction of one's own, a NaN (often a wrong twoPoint of the exercise before, called here).
     */
    private static void diagnoseOneStep(ZoSgdStep solution, Function f, double h, double lr) {
        double[] x = {0.3, -0.2, 0.5};
        double[] u = {0.6, -1.1, 0.4};
        double[] got = solution.next(f, x.clone(), h, lr, u.clone());
        require(got != null && got.length == 3, "ZO-SGD step", "return the next point, a vector of dimension 3");
        require(Arrays.stream(got).allMatch(Double::isFinite), "ZO-SGD step", "the step returned "
                + Arrays.toString(got) + "; if it calls your twoPoint from the exercise before, check that one first");
        double forward = (f.value(plus(x, h, u)) - f.value(x)) / h;
        double central = (f.value(plus(x, h, u)) - f.value(plus(x, -h, u))) / (2 * h);
        if (near(got, plus(x, -lr * forward, u))) {
            return;
        }
        String hint = near(got, plus(x, -lr * central, u))
                ? "that is the central difference; this exercise takes the forward one, ĝ = (f(x + h u) − f(x)) / h"
                : near(got, plus(x, lr * forward, u)) ? "step against the estimate: x − lr·ĝ·u, not x + lr·ĝ·u"
                : !alongU(got, x, u) ? "step along the direction u you are given (the check draws it), not one of your"
                + " own: x − lr·ĝ·u"
                : "with ĝ = (f(x + h u) − f(x)) / h the step is x − lr·ĝ·u";
        require(false, "ZO-SGD step", "one step from x = " + Arrays.toString(x) + " along u = " + Arrays.toString(u)
                + " gave " + Arrays.toString(got) + " — " + hint);
    }

    private static double[] plus(double[] x, double a, double[] u) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += a * u[i];
        }
        return y;
    }

    private static boolean near(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-9 * (1 + Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Whether got − x is a multiple of u. */
    private static boolean alongU(double[] got, double[] x, double[] u) {
        double c = (got[0] - x[0]) / u[0];
        return near(got, plus(x, c, u));
    }

    /**
     * Checks a coordinate difference on rosenbrock(5): where f is evaluated (x, or x with one coordinate moved by h;
     * with {@code forward}, only up), the accuracy, and the number of evaluations.
     */
    private static Check finiteDifference(String exercise, FiniteDifference solution, double h, double tolerance,
                                          int minEvaluations, int maxEvaluations, boolean forward) {
        require(solution != null, exercise, "pass your function as (f, x, h) -> …");
        Problem rosenbrock = Problems.rosenbrock(5);
        double[] x = {0.5, -0.3, 0.8, 0.1, -0.6};
        double[] exact = Tensors.toArray(rosenbrock.gradient(Tensors.vector(x)));
        int[] evaluations = {0};
        String[] moved = {null}; // the first point evaluated away from x in more than one coordinate
        String[] down = {null}; // the first point evaluated at x − h eᵢ
        double[] g = solution.gradient(v -> {
            evaluations[0]++;
            // x[i] + h − h need not give x[i] back exactly: a coordinate counts as moved from h/4 on, which rounding
            // (≈ 1e-16 here) never reaches and a coordinate left moved by h always does
            int[] changed = java.util.stream.IntStream.range(0, x.length).filter(i -> Math.abs(v[i] - x[i]) > h / 4)
                    .toArray();
            if (changed.length > 1 && moved[0] == null) {
                moved[0] = "evaluation " + evaluations[0] + " moved x" + changed[0] + " and x" + changed[1];
            }
            if (changed.length == 1 && v[changed[0]] < x[changed[0]] && down[0] == null) {
                down[0] = "evaluation " + evaluations[0] + " was at x" + changed[0] + " − h";
            }
            return rosenbrock.value(Tensors.vector(v));
        }, x.clone(), h);
        require(g != null && g.length == x.length, exercise, "return one partial derivative per coordinate (5 here)");
        require(moved[0] == null, exercise, "f must be evaluated at x, or at x with one coordinate moved by h, but "
                + moved[0] + ": put x[i] back after perturbing it (or perturb a copy)");
        require(!forward || down[0] == null, exercise, "a forward difference evaluates f at x and x + h·eᵢ, but "
                + down[0] + ": (f(x) − f(x − h·eᵢ)) / h is the backward difference; use (f(x + h·eᵢ) − f(x)) / h");
        for (int i = 0; i < x.length; i++) {
            double relative = Math.abs(g[i] - exact[i]) / Math.max(1, Math.abs(exact[i]));
            require(relative < tolerance, exercise, String.format(Locale.ROOT,
                    "∂f/∂x%d is %.6g but should be %.6g (h = %s): check the difference and the division", i, g[i],
                    exact[i], power(h)));
        }
        require(evaluations[0] >= minEvaluations && evaluations[0] <= maxEvaluations, exercise,
                "it used " + evaluations[0] + " evaluations of f for d = 5; it needs " + maxEvaluations
                        + (minEvaluations == maxEvaluations ? "" : " (f(x) once, then one per coordinate)"));
        return passed(exercise, "exact to " + power(tolerance) + " on rosenbrock(5) with " + evaluations[0]
                + " evaluations");
    }

    /** A power of ten as people write it: 1e-3, 1e-6. */
    private static String power(double v) {
        return String.format(Locale.ROOT, "%.0e", v).replaceFirst("e([-+])0*(\\d)", "e$1$2").replace("e+", "e");
    }

    private static void require(boolean condition, String exercise, String hint) {
        if (!condition) {
            stopIfInterrupted(exercise);
            throw new AssertionError("✗ " + exercise + ": " + hint);
        }
    }

    private static Check passed(String exercise, String feedback) {
        stopIfInterrupted(exercise);
        return new Check(exercise, feedback);
    }

    /** Ends a check whose thread was interrupted: its verdict could rest on work the interrupt cut short. */
    private static void stopIfInterrupted(String exercise) {
        if (Interrupts.requested()) {
            throw interrupted(exercise);
        }
    }

    /** The check's end on an interrupt; the interrupt flag stays set for the code after it. */
    private static Interrupts.Interrupted interrupted(String exercise) {
        Thread.currentThread().interrupt();
        return new Interrupts.Interrupted("the " + exercise + " check was interrupted, so it gives no verdict; run"
                + " it again to check your solution");
    }
}
