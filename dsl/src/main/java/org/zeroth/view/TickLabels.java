package org.zeroth.view;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Axis tick labels for the static charts. XChart places ticks on 1-2-5 steps (decades on log axes); these labels
 * keep them short: plain numbers from 0.001 to 9999 ("0.25", "1500"), SI prefixes from 10⁴ ("10k", "2.5M"),
 * scientific notation below 10⁻³ ("1e-4", "2.5e-6") and beyond 10¹⁵.
 */
final class TickLabels {
    private static final String[] SI = {"k", "M", "G", "T"};

    private TickLabels() {
    }

    static String label(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        // ticks are sums of a step: round away the binary noise (0.30000000000000004) before printing
        BigDecimal d = new BigDecimal(v, new MathContext(10)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e4 && a < 1e15) {
            int group = Math.min(SI.length, (int) Math.floor(Math.log10(a) / 3 + 1e-9));
            return plain(d.movePointLeft(3 * group)) + SI[group - 1];
        }
        if (a >= 1e-3 && a < 1e4) {
            return plain(d);
        }
        String s = d.unscaledValue().abs().toString();
        int exponent = s.length() - 1 - d.scale();
        String mantissa = s.length() == 1 ? s : s.charAt(0) + "." + s.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e" + exponent;
    }

    /** The label of a decade whose exponent is a multiple of {@code every}; nothing for any other tick. */
    static String everyDecade(double v, long every) {
        double exponent = Math.log10(v);
        long decade = Math.round(exponent);
        return Math.abs(exponent - decade) < 1e-9 && decade % every == 0 ? label(v) : "";
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}
