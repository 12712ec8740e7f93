package org.zeroth.course;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.zeroth.Interrupts;
import org.zeroth.problems.Problems;

/** The course's checks accept the reference solutions and reject the classic mistakes with a useful hint. */
class ExercisesTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
        Interrupts.clearMark();
    }

    static double[] forward(Exercises.Function f, double[] x, double h) {
        double fx = f.value(x);
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + h;
            g[i] = (f.value(x) - fx) / h;
            x[i] = keep;
        }
        return g;
    }

    static double[] central(Exercises.Function f, double[] x, double h) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + h;
            double plus = f.value(x);
            x[i] = keep - h;
            g[i] = (plus - f.value(x)) / (2 * h);
            x[i] = keep;
        }
        return g;
    }

    @Test
    void finiteDifferencesAcceptTheTextbookAnswer() {
        String forward = Exercises.forwardDifference(ExercisesTest::forward).toString();
        assertTrue(forward.startsWith("✓") && forward.contains("exact to 1e-3 on rosenbrock(5)"), forward);
        String central = Exercises.centralDifference(ExercisesTest::central).toString();
        assertTrue(central.startsWith("✓") && central.contains("exact to 1e-6 on rosenbrock(5)"), central);
    }

    @Test
    void aDifferenceThatPutsXBackByArithmeticIsAccepted() {
        // x[i] + h − h is not x[i] in floating point (0.5 + 1e-5 − 1e-5 ≠ 0.5): the audit's rejected solution
        String forward = Exercises.forwardDifference((f, x, h) -> {
            double fx = f.value(x);
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] += h;
                g[i] = (f.value(x) - fx) / h;
                x[i] -= h;
            }
            return g;
        }).toString();
        assertTrue(forward.startsWith("✓"), forward);
        String central = Exercises.centralDifference((f, x, h) -> {
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] += h;
                double plus = f.value(x);
                x[i] -= 2 * h;
                g[i] = (plus - f.value(x)) / (2 * h);
                x[i] += h;
            }
            return g;
        }).toString();
        assertTrue(central.startsWith("✓"), central);
    }

    @Test
    void aBackwardDifferenceIsNotAForwardOne() {
        // as accurate as the forward one on rosenbrock (both O(h)): told apart by where f is evaluated
        var backward = assertThrows(AssertionError.class, () -> Exercises.forwardDifference((f, x, h) -> {
            double fx = f.value(x);
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double keep = x[i];
                x[i] = keep - h;
                g[i] = (fx - f.value(x)) / h;
                x[i] = keep;
            }
            return g;
        }));
        assertTrue(backward.getMessage().contains("but evaluation 2 was at x0 − h: (f(x) − f(x − h·eᵢ)) / h is the"
                + " backward difference; use (f(x + h·eᵢ) − f(x)) / h"), backward.getMessage());
    }

    @Test
    void aDifferenceThatDoesNotPutXBackIsToldSo() {
        var unrestored = assertThrows(AssertionError.class, () -> Exercises.forwardDifference((f, x, h) -> {
            double fx = f.value(x);
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] += h; // never put back: the next coordinate's point has two moved
                g[i] = (f.value(x) - fx) / h;
            }
            return g;
        }));
        assertTrue(unrestored.getMessage().contains("evaluation 3 moved x0 and x1: put x[i] back after perturbing it"),
                unrestored.getMessage());
    }

    @Test
    void finiteDifferencesRejectAMissingDivisionAndWastefulEvaluations() {
        var noDivision = assertThrows(AssertionError.class, () -> Exercises.forwardDifference((f, x, h) -> {
            double[] g = forward(f, x, h);
            for (int i = 0; i < g.length; i++) {
                g[i] *= h;
            }
            return g;
        }));
        assertTrue(noDivision.getMessage().contains("check the difference and the division"), noDivision.getMessage());
        var wasteful = assertThrows(AssertionError.class, () -> Exercises.forwardDifference((f, x, h) -> {
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double[] e = x.clone();
                e[i] += h;
                g[i] = (f.value(e) - f.value(x)) / h;
            }
            return g;
        }));
        assertTrue(wasteful.getMessage().contains("10 evaluations"), wasteful.getMessage());
        assertThrows(AssertionError.class, () -> Exercises.centralDifference(ExercisesTest::forward), "forward is only O(h)");
    }

    @Test
    void theTwoPointEstimateIsCheckedForExactnessAndBias() {
        Exercises.DirectionalEstimate right = (f, x, h, u) -> {
            double fx = f.value(x);
            double[] moved = x.clone();
            for (int i = 0; i < x.length; i++) {
                moved[i] += h * u[i];
            }
            double slope = (f.value(moved) - fx) / h;
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                g[i] = slope * u[i];
            }
            return g;
        };
        assertTrue(Exercises.twoPointEstimate(right).toString().contains("averages to ∇f"));
        assertThrows(AssertionError.class, () -> Exercises.twoPointEstimate((f, x, h, u) -> {
            double[] g = right.gradient(f, x, h, u);
            g[0] *= 2;
            return g;
        }));
    }

    @Test
    void theErrorFormulaIsCheckedAgainstMeasurement() {
        assertTrue(Exercises.gaussianErrorFormula((d, q) -> (d + 1) / q).toString().startsWith("✓"));
        var wrong = assertThrows(AssertionError.class, () -> Exercises.gaussianErrorFormula((d, q) -> d / q));
        assertTrue(wrong.getMessage().contains("was measured — how does E‖u‖⁴ grow with d?"), wrong.getMessage());
        // right in d, wrong in q: the hint must be about q
        var wrongInQ = assertThrows(AssertionError.class,
                () -> Exercises.gaussianErrorFormula((d, q) -> (d + 1) / (q * q)));
        assertTrue(wrongInQ.getMessage().contains("for d = 20, q = 4") && wrongInQ.getMessage().contains(
                "your formula agrees for q = 1: by how much does averaging q"), wrongInQ.getMessage());
    }

    @Test
    void theZoSgdStepMustFollowTheLibrary() {
        Exercises.ZoSgdStep right = rightStep();
        assertTrue(Exercises.zoSgdStep(right).toString().startsWith("✓"));
        var ascent = assertThrows(AssertionError.class, () -> Exercises.zoSgdStep((f, x, h, lr, u) -> right.next(f, x, h, -lr, u)));
        assertTrue(ascent.getMessage().contains("step against the estimate: x − lr·ĝ·u"), ascent.getMessage());
        // the slips students make, each told apart
        Exercises.ZoSgdStep central = (f, x, h, lr, u) -> {
            double[] up = x.clone();
            double[] down = x.clone();
            for (int i = 0; i < x.length; i++) {
                up[i] += h * u[i];
                down[i] -= h * u[i];
            }
            double slope = (f.value(up) - f.value(down)) / (2 * h);
            double[] next = x.clone();
            for (int i = 0; i < x.length; i++) {
                next[i] -= lr * slope * u[i];
            }
            return next;
        };
        java.util.Random own = new java.util.Random(1);
        Exercises.ZoSgdStep ownDirection = (f, x, h, lr, u) -> {
            double[] v = new double[x.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = own.nextGaussian();
            }
            return right.next(f, x, h, lr, v);
        };
        Exercises.ZoSgdStep nan = (f, x, h, lr, u) -> new double[] {Double.NaN, 0, 0};
        for (var slip : java.util.Map.of("that is the central difference", central,
                "step along the direction u you are given", ownDirection,
                "check that one first", nan).entrySet()) {
            var e = assertThrows(AssertionError.class, () -> Exercises.zoSgdStep(slip.getValue()));
            assertTrue(e.getMessage().contains(slip.getKey()), e.getMessage());
        }
    }

    static Exercises.ZoSgdStep rightStep() {
        return (f, x, h, lr, u) -> {
            double fx = f.value(x);
            double[] moved = x.clone();
            for (int i = 0; i < x.length; i++) {
                moved[i] += h * u[i];
            }
            double slope = (f.value(moved) - fx) / h;
            double[] next = x.clone();
            for (int i = 0; i < x.length; i++) {
                next[i] -= lr * slope * u[i];
            }
            return next;
        };
    }

    /** Runs {@code check} and expects it to say it was interrupted, leaving the interrupt flag set: no verdict. */
    private static void interrupted(String exercise, Executable check) {
        var e = assertThrows(Interrupts.Interrupted.class, check);
        assertTrue(e.getMessage().contains("the " + exercise + " check was interrupted, so it gives no verdict"),
                e.getMessage());
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag stays set");
    }

    @Test
    void aCheckLeavesTheUsersLastRunAlone() {
        org.zeroth.Run mine = zo.minimize(Problems.sphere(2)).progress(false).steps(3);
        assertTrue(Exercises.zoSgdStep(rightStep()).toString().startsWith("✓"));
        assertSame(mine, zo.lastRun(), "zo.lastRun() is the user's run, not the check's reference run");
        org.zeroth.Run next = zo.minimize(Problems.sphere(2)).progress(false).steps(2);
        assertSame(next, zo.lastRun(), "runs after the check are kept again");
    }

    @Test
    void aCheckWhoseReferenceRunIsInterruptedGivesNoVerdict() {
        // The audit's case: the interrupt lands before the library's reference run, which stops at once; the check
        // compared the student's 200 steps with that partial run and blamed a right solution.
        Exercises.ZoSgdStep right = rightStep();
        int[] calls = {0};
        interrupted("ZO-SGD step", () -> Exercises.zoSgdStep((f, x, h, lr, u) -> {
            if (++calls[0] == 1) { // the one-step diagnosis, just before the reference run
                Thread.currentThread().interrupt();
            }
            return right.next(f, x, h, lr, u);
        }));
    }

    @Test
    void everyCheckInterruptedInTheSolutionGivesNoVerdict() {
        Exercises.ZoSgdStep right = rightStep();
        int[] calls = {0};
        interrupted("ZO-SGD step", () -> Exercises.zoSgdStep((f, x, h, lr, u) -> {
            if (++calls[0] == 50) { // among the 200 steps after the reference run
                Interrupts.interrupt(Thread.currentThread());
            }
            return right.next(f, x, h, lr, u);
        }));
        clearInterrupt();
        int[] evaluations = {0};
        interrupted("forward differences", () -> Exercises.forwardDifference((f, x, h) -> forward(v -> {
            if (++evaluations[0] == 3) {
                Interrupts.interrupt(Thread.currentThread());
            }
            return f.value(v);
        }, x, h)));
        clearInterrupt();
        int[] estimates = {0};
        interrupted("two-point estimate", () -> Exercises.twoPointEstimate((f, x, h, u) -> {
            if (++estimates[0] == 100) {
                Interrupts.interrupt(Thread.currentThread());
            }
            double slope = (f.value(plus(x, h, u)) - f.value(x)) / h;
            return plus(new double[x.length], slope, u);
        }));
        clearInterrupt();
        // interrupted after the first measurement; the next zo.estimate sees the interrupt
        interrupted("error formula", () -> Exercises.gaussianErrorFormula((d, q) -> {
            Interrupts.interrupt(Thread.currentThread());
            return (d + 1) / q;
        }));
        clearInterrupt();
        // a wrong solution, interrupted, is not judged either
        interrupted("central differences", () -> Exercises.centralDifference((f, x, h) -> {
            Interrupts.interrupt(Thread.currentThread());
            return forward(f, x, h);
        }));
    }

    private static double[] plus(double[] x, double a, double[] u) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += a * u[i];
        }
        return y;
    }
}
