package org.zeroth.view;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How every view writes a number: about four significant digits, plain when short, scientific otherwise; a table's
 * column takes more where its neighbouring values would otherwise read the same.
 */
public final class Numbers {
    static final int DIGITS = 4;
    private static final int MOST_DIGITS = 12;

    private Numbers() {
    }

    /** "1 step", "3 steps": a count with its noun (a regular plural). */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** E.g. 0.001235, 12.35, 1.235e+06, 3.000e-07; "NaN", "∞", "-∞" for the non-finite. */
    public static String format(double v) {
        return format(v, DIGITS);
    }

    /**
     * The fewest significant digits, from four up to twelve, at which each of {@code values} reads differently from
     * the one before it whenever the two differ (a column of 1000.005, 1000.0001, … is not a column of 1000s).
     */
    public static int digitsToTellApart(double[] values) {
        int digits = DIGITS;
        for (int i = 1; i < values.length; i++) {
            while (digits < MOST_DIGITS && values[i] != values[i - 1]
                    && format(values[i], digits).equals(format(values[i - 1], digits))) {
                digits++;
            }
        }
        return digits;
    }

    /** {@link #format(double)} to {@code digits} significant digits. */
    public static String format(double v, int digits) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        double a = Math.abs(rounded.doubleValue());
        if (a >= 1e-4 && a < 1e6) {
            return rounded.stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
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
