package org.zeroth.estimate;

import java.nio.DoubleBuffer;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Config;
import org.zeroth.Interrupts;
import org.zeroth.Objective;
import org.zeroth.Oracle;
import org.zeroth.StopReason;
import org.zeroth.problems.Problem;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * {@code zo.estimate(f, x)}: draws many independent estimates of ∇f(x) with the chosen estimator and measures
 * them against the true gradient — known for {@link Problem}s, or given with {@link #gradient}.
 */
public final class EstimatorAnalysis extends EstimatorOptions<EstimatorAnalysis> {
    private INDArray trueGradient;

    public EstimatorAnalysis(Objective objective, INDArray x) {
        super(objective, false);
        Objects.requireNonNull(x, "estimate(f, x): x is null; pass the point where the gradient is estimated");
        this.start = x;
    }

    /** The true gradient at x, for objectives that do not know their own. */
    public EstimatorAnalysis gradient(INDArray g) {
        Objects.requireNonNull(g, "gradient(g): g is null");
        return with(a -> a.trueGradient = Tensors.doubleCopy(g));
    }

    @Override
    protected String plannedMethod() {
        return "estimator analysis";
    }

    @Override
    protected Config plannedSettings(Integer d) {
        return estimator().describe();
    }

    @Override
    public String terminal() {
        return "trials(n)";
    }

    /**
     * Draws n estimates (trial i uses the stream seed → i) and reports their statistics. An interrupt ends it with
     * {@link Interrupts.Interrupted} (the flag set), a failing f with {@link EstimateFailedException}.
     */
    public EstimatorReport trials(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("trials(n) needs n ≥ 2 estimates to measure a spread, got " + n);
        }
        GradientEstimator estimator = estimator();
        INDArray x = startPoint();
        int d = (int) x.length();
        INDArray truth = trueGradient != null ? trueGradient
                : objective instanceof Problem p ? p.gradient(x) : null;
        if (truth != null && truth.length() != d) {
            throw new IllegalArgumentException("gradient(g) has dimension " + truth.length() + " but x has " + d);
        }
        double[] exact = truth == null ? null : Tensors.toArray(truth);
        double[] mean = new double[d];
        double spread = 0; // Σ over trials of ‖ĝ − mean‖², by Welford's update: E‖ĝ‖² − ‖E ĝ‖² cancels badly
        double sumError = 0;
        double sumErrorSquared = 0;
        double sumCosine = 0;
        double sumCosineSquared = 0;
        double exactNorm = exact == null ? 0 : Math.sqrt(dot(exact, exact));
        INDArray g = Tensors.zeros(d);
        GradientEstimator.Estimation estimation = estimator.start(d, 1);
        RandomStream root = RandomStream.of(seed);
        int trial = 0;
        try (Oracle oracle = Oracle.of(objective).bounds(bounds == null ? null : bounds.forDimension(d)).build()) {
            for (; trial < n; trial++) {
                estimation.estimate(oracle, x, g, root.fork(trial));
                DoubleBuffer gs = Tensors.read(g);
                double squaredNorm = 0;
                double error = 0;
                double inner = 0;
                for (int i = 0; i < d; i++) {
                    double gi = gs.get(i);
                    double delta = gi - mean[i];
                    mean[i] += delta / (trial + 1);
                    spread += delta * (gi - mean[i]);
                    squaredNorm += gi * gi;
                    if (exact != null) {
                        error += (gi - exact[i]) * (gi - exact[i]);
                        inner += gi * exact[i];
                    }
                }
                sumError += error;
                sumErrorSquared += error * error;
                double cosine = squaredNorm == 0 || exactNorm == 0 ? 0 : inner / (Math.sqrt(squaredNorm) * exactNorm);
                sumCosine += cosine;
                sumCosineSquared += cosine * cosine;
            }
        } catch (RuntimeException e) {
            if (e instanceof Oracle.Stop stop ? stop.reason() == StopReason.INTERRUPTED : Interrupts.caused(e)) {
                Thread.currentThread().interrupt();
                throw new Interrupts.Interrupted("zo.estimate was interrupted in trial " + (trial + 1) + " of " + n
                        + ", so it has no report; run it again (fewer trials(n) take less time)");
            }
            if (e instanceof Oracle.Failure failure) {
                throw new EstimateFailedException(failure.getMessage(), failure.getCause());
            }
            throw e;
        }
        double meanError = sumError / n;
        double errorVariance = Math.max(0, (sumErrorSquared / n - meanError * meanError) * n / (n - 1));
        double bias = Double.NaN;
        if (exact != null) {
            double b = 0;
            for (int i = 0; i < d; i++) {
                b += (mean[i] - exact[i]) * (mean[i] - exact[i]);
            }
            bias = Math.sqrt(b);
        }
        return new EstimatorReport(estimator.describe().with("dimension", d, "trials", n, "seed", seed, "bounds",
                bounds),
                estimator, d, n, estimator.queriesPerEstimate(d), Tensors.vector(mean), truth,
                bias, Math.sqrt(spread / (n - 1) / n), exact == null ? Double.NaN : meanError,
                exact == null ? Double.NaN : Math.sqrt(errorVariance / n),
                spread / n,
                exact == null ? Double.NaN : sumCosine / n, exact == null ? Double.NaN : sumCosineSquared / n,
                exact == null ? Double.NaN : exactNorm * exactNorm);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
