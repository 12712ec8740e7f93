package org.zeroth.view;

import java.util.Locale;
import org.zeroth.Run;
import tech.tablesaw.api.Table;

/** How a {@link Run} shows itself: a readable summary and its MIME bundle. */
public final class RunView {
    private RunView() {
    }

    public static MimeBundle bundle(Run run) {
        return MimeBundle.text(summary(run));
    }

    /** Method, configuration, best value, evaluations, stop reason, and the first and last rows of the trace. */
    public static String summary(Run run) {
        StringBuilder s = new StringBuilder();
        s.append("Run ").append(run.config().label()).append('\n');
        s.append(String.format(Locale.ROOT, "  best value %s after %d evaluations, %d steps (%s)%n",
                number(run.bestValue()), run.evaluations(), run.steps(), run.stopReason().description()));
        if (run.failure() != null) {
            s.append("  failure: ").append(run.failure()).append('\n');
        }
        Table trace = run.trace();
        if (trace.rowCount() > 0) {
            Table shown = trace.rowCount() <= 10 ? trace : trace.first(5).append(trace.last(5));
            s.append(shown.printAll().lines().skip(1).map(line -> "  " + line)
                    .reduce((a, b) -> a + "\n" + b).orElse(""));
        }
        return s.toString();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.4e", v)
                : String.format(Locale.ROOT, "%.6g", v);
    }
}
