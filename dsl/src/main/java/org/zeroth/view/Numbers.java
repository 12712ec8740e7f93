package org.zeroth.view;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** How every view writes a number: about four significant digits, plain when short, scientific otherwise. */
public final class Numbers {
    private static final MathContext FOUR_DIGITS = new MathContext(4, RoundingMode.HALF_EVEN);

    private Numbers() {
    }

    /** "1 step", "3 steps": a count with its noun (a regular plural). */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** E.g. 0.001235, 12.35, 1.235e+06, 3.000e-07; "NaN", "∞", "-∞" for the non-finite. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(FOUR_DIGITS);
        double a = Math.abs(rounded.doubleValue());
        if (a >= 1e-4 && a < 1e6) {
            return rounded.stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    /** A value of any type as a table cell shows it: numbers formatted, everything else as its string. */
    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            return format(((Number) value).doubleValue());
        }
        return String.valueOf(value);
    }
}
