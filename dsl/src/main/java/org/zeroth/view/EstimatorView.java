package org.zeroth.view;

import org.zeroth.estimate.EstimatorReport;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** How an estimator analysis shows itself: what was measured, next to what the theory predicts. */
public final class EstimatorView {
    private EstimatorView() {
    }

    public static MimeBundle bundle(EstimatorReport report) {
        return view(report).toMimeBundle();
    }

    public static View view(EstimatorReport report) {
        double linear = report.linearTheoryMeanSquaredError();
        Table measured = Table.create("estimates",
                StringColumn.create("quantity", "bias ‖E ĝ − ∇f‖", "standard error of the bias", "E‖ĝ − ∇f‖²",
                        "standard error of E‖ĝ − ∇f‖²",
                        "variance E‖ĝ − E ĝ‖²", "E cos(ĝ, ∇f)", "E cos²(ĝ, ∇f)", "‖∇f‖²"),
                DoubleColumn.create("measured", report.bias(), report.biasStandardError(), report.meanSquaredError(),
                        report.meanSquaredErrorStandardError(), report.variance(), report.meanCosine(),
                        report.meanSquaredCosine(), report.gradientSquaredNorm()),
                DoubleColumn.create("linear theory", Double.NaN, Double.NaN, linear, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN));
        View view = View.titled("Estimator " + report.config().label())
                .line("d = " + report.dimension() + ", " + report.trials() + " trials, "
                        + report.evaluationsPerEstimate() + " evaluations per estimate");
        if (Double.isNaN(report.gradientSquaredNorm())) {
            view = view.line("no exact gradient at x, so no bias, error or cosine: give it with"
                    + " zo.estimate(…).gradient(g) (a Problem knows its own)");
        }
        if (report.biasWithinNoise()) {
            view = view.line(String.format("the bias %.3g is within two standard errors (2 × %.3g) of 0: %d trials"
                    + " measure no bias (more trials, or a larger h, to see one)", report.bias(),
                    report.biasStandardError(), report.trials()));
        }
        return view.table("measured over the trials", measured);
    }
}
