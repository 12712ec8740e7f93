package org.zeroth.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.zeroth.Zo.zo;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;

/**
 * Each update rule against its recurrence, step by step. Central coordinate differences are exact on linear and
 * quadratic f (up to rounding), so the estimate is the true gradient and the iterates have closed forms.
 */
class UpdateRulesTest {
    private static final double[] A = {3, -0.5, 2, -1.25};
    private static final double[] X0 = {0.25, -1, 0.5, 2};
    private static final int STEPS = 8;
    private static final double TOLERANCE = 1e-12;

    /** The iterate after t steps of {@code rule} on f from X0 (a fresh run per t: the run keeps only its end). */
    private static double[] iterate(Objective f, UnaryOperator<Minimizer> rule, int t) {
        Minimizer m = zo.minimize(f).from(X0).withCoordinateDifferences(1).central().progress(false);
        return Tensors.toArray(rule.apply(m).steps(t).finalPoint());
    }

    @Test
    void sgdMovesAgainstTheGradientByTheLearningRate() {
        double lr = 0.1;
        for (int t = 1; t <= STEPS; t++) {
            double[] expected = new double[A.length];
            for (int j = 0; j < A.length; j++) {
                expected[j] = X0[j] - lr * t * A[j];
            }
            assertArrayEquals(expected, iterate(Problems.linear(A), m -> m.sgd(lr), t), TOLERANCE, "step " + t);
        }
    }

    @Test
    void signSgdMovesByTheLearningRateAlongTheSign() {
        double lr = 0.1;
        for (int t = 1; t <= STEPS; t++) {
            double[] expected = new double[A.length];
            for (int j = 0; j < A.length; j++) {
                expected[j] = X0[j] - lr * t * Math.signum(A[j]);
            }
            assertArrayEquals(expected, iterate(Problems.linear(A), m -> m.signSgd(lr), t), TOLERANCE, "step " + t);
        }
    }

    @Test
    void momentumAccumulatesTheGradientWithBeta() {
        // m_t = β m_{t−1} + g = g (1 − βᵗ)/(1 − β); x_t = x0 − lr g Σ_{s ≤ t} (1 − βˢ)/(1 − β).
        double lr = 0.1;
        double beta = 0.6;
        for (int t = 1; t <= STEPS; t++) {
            double sum = 0;
            for (int s = 1; s <= t; s++) {
                sum += (1 - Math.pow(beta, s)) / (1 - beta);
            }
            double[] expected = new double[A.length];
            for (int j = 0; j < A.length; j++) {
                expected[j] = X0[j] - lr * A[j] * sum;
            }
            assertArrayEquals(expected, iterate(Problems.linear(A), m -> m.momentum(lr, beta), t), TOLERANCE,
                    "step " + t);
        }
    }

    @Test
    void adamFollowsItsBiasCorrectedMoments() {
        // On a linear f Adam's moments cancel (m̂/√v̂ = sign g); on f = ½ Σ cⱼ xⱼ² the gradient cⱼ xⱼ changes every
        // step, so β₁, β₂, the bias corrections and ε all show. The recurrence, written out here:
        double[] c = {1, 4, 0.5, 2};
        Objective f = x -> {
            double s = 0;
            for (int j = 0; j < c.length; j++) {
                s += 0.5 * c[j] * x.getDouble(j) * x.getDouble(j);
            }
            return s;
        };
        double lr = 0.05;
        double b1 = 0.8;
        double b2 = 0.9;
        double eps = 0.01;
        double[] x = X0.clone();
        double[] m = new double[x.length];
        double[] v = new double[x.length];
        for (int t = 1; t <= STEPS; t++) {
            for (int j = 0; j < x.length; j++) {
                double g = c[j] * x[j];
                m[j] = b1 * m[j] + (1 - b1) * g;
                v[j] = b2 * v[j] + (1 - b2) * g * g;
                x[j] -= lr * (m[j] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[j] / (1 - Math.pow(b2, t))) + eps);
            }
            assertArrayEquals(x, iterate(f, r -> r.adam(lr, b1, b2, eps), t), TOLERANCE, "step " + t);
        }
    }

    @Test
    void inverseSqrtScalesStepTByOneOverRootT() {
        // On a linear f every constant-rate step has the same length lr‖a‖; with 1/√t, step t is 1/√t of it.
        Run constant = zo.minimize(Problems.linear(A)).from(X0).withCoordinateDifferences(1).central().sgd(0.1)
                .progress(false).steps(50);
        Run decaying = zo.minimize(Problems.linear(A)).from(X0).withCoordinateDifferences(1).central().sgd(0.1)
                .schedule(Schedule.inverseSqrt()).progress(false).steps(50);
        double[] c = constant.trace().doubleColumn("step_norm").asDoubleArray();
        double[] s = decaying.trace().doubleColumn("step_norm").asDoubleArray();
        assertEquals(50, s.length);
        assertEquals("1/sqrt(t)", String.valueOf(decaying.config().get("schedule")));
        for (int t = 1; t <= s.length; t++) {
            assertEquals(1 / Math.sqrt(t), s[t - 1] / c[t - 1], TOLERANCE, "step " + t);
        }
    }
}
