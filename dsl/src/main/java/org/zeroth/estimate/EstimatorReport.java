package org.zeroth.estimate;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Config;
import org.zeroth.Presenter;

/**
 * What many independent estimates of ∇f(x) looked like: bias ‖E ĝ − ∇f‖ and mean squared error E‖ĝ − ∇f‖² (each
 * with its standard error), variance E‖ĝ − E ĝ‖², cosine to ∇f, and the evaluations one estimate costs.
 *
 * @param config                    estimator, h, q, scheme, dimension, trials, seed
 * @param estimator                 the estimator measured
 * @param dimension                 d
 * @param trials                    number of independent estimates
 * @param evaluationsPerEstimate    queries of f per estimate
 * @param meanEstimate              the average estimate
 * @param gradient                  the true gradient, or null when unknown
 * @param bias                      ‖mean − ∇f‖ (NaN without a gradient)
 * @param biasStandardError         √(variance / trials), the noise in the mean estimate: an unbiased estimator's
 *                                  measured bias is about this large, so a bias below twice it is not measured
 * @param meanSquaredError          E‖ĝ − ∇f‖² (NaN without a gradient)
 * @param meanSquaredErrorStandardError standard error of that mean over the trials
 * @param variance                  E‖ĝ − E ĝ‖²
 * @param meanCosine                E cos(ĝ, ∇f)
 * @param meanSquaredCosine         E cos²(ĝ, ∇f)  (1/d for one Gaussian or sphere direction)
 * @param gradientSquaredNorm       ‖∇f‖²
 */
public record EstimatorReport(Config config, GradientEstimator estimator, int dimension, int trials,
                              long evaluationsPerEstimate, INDArray meanEstimate, INDArray gradient, double bias,
                              double biasStandardError, double meanSquaredError,
                              double meanSquaredErrorStandardError, double variance,
                              double meanCosine, double meanSquaredCosine, double gradientSquaredNorm) {

    /**
     * The mean squared error the theory predicts for a linear f (or h → 0): (d + 1)‖∇f‖²/q for Gaussian directions,
     * (d − 1)‖∇f‖²/q for sphere and Rademacher directions, (d − 2 + 3/p)‖∇f‖²/q for sparse ones, 0 for
     * coordinate differences; NaN otherwise, and without a gradient.
     */
    public double linearTheoryMeanSquaredError() {
        if (gradient == null) {
            return Double.NaN;
        }
        if (estimator instanceof CoordinateEstimator) {
            return 0;
        }
        if (estimator instanceof RandomDirectionEstimator r && r.scheme() != Scheme.SINGLE_POINT) {
            return r.directions().linearMeanSquaredError(gradient, r.queries());
        }
        return Double.NaN;
    }

    /** Whether the measured bias could be noise alone: below two of its standard errors. */
    public boolean biasWithinNoise() {
        return bias < 2 * biasStandardError;
    }

    @Override
    public String toString() {
        return Presenter.get().text(this);
    }
}
