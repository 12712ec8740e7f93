package org.zeroth.view;

import org.zeroth.estimate.EstimatorReport;

/** How an estimator analysis shows itself. */
public final class EstimatorView {
    private EstimatorView() {
    }

    public static MimeBundle bundle(EstimatorReport report) {
        return MimeBundle.text(report.toString());
    }
}
