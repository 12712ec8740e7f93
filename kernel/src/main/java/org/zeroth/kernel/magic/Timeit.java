package org.zeroth.kernel.magic;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * What {@code %timeit} runs inside the cell (so the timed code is cell code: it sees the session's variables, and
 * an interrupt stops it). IPython's rules: with no loop count, 1, 10, 100, ... loops until one run takes at least
 * {@value #AUTO_SECONDS} s; then {@code repeat} runs of that many loops, reported as mean ± standard deviation per
 * loop. Public because the cells' class loader links against it.
 */
public final class Timeit {
    static final double AUTO_SECONDS = 0.2;

    /** The timed statements. */
    @FunctionalInterface
    public interface Body {
        void run() throws Throwable;
    }

    private static volatile Object sink; // keeps a timed expression's value used

    private Timeit() {
    }

    /** Uses a timed expression's value, so that timing an expression times computing it. */
    public static void consume(Object value) {
        sink = value;
    }

    /** Times {@code body}; {@code loops} 0 chooses the count. Prints the result unless {@code quiet}. */
    public static Result measure(int loops, int repeat, int precision, boolean quiet, Body body) throws Throwable {
        int number = loops;
        if (number == 0) {
            for (int index = 0; index < 10; index++) {
                number = (int) Math.pow(10, index);
                if (time(body, number) >= AUTO_SECONDS) {
                    break;
                }
            }
        }
        double[] runs = new double[repeat];
        for (int r = 0; r < repeat; r++) {
            runs[r] = time(body, number);
        }
        Result result = new Result(number, runs, precision);
        if (!quiet) {
            double best = result.best();
            double worst = result.worst();
            if (worst > 4 * best && best > 0 && worst > 1e-6) {
                System.out.printf(Locale.ROOT, "The slowest run took %.2f times longer than the fastest. "
                        + "This could mean that an intermediate result is being cached.%n", worst / best);
            }
            System.out.println(result);
        }
        return result;
    }

    private static double time(Body body, int number) throws Throwable {
        long start = System.nanoTime();
        for (int i = 0; i < number; i++) {
            body.run();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The runs of one {@code %timeit}: seconds per run of {@code loops} loops. */
    public static final class Result {
        private final int loops;
        private final double[] runs;
        private final int precision;

        Result(int loops, double[] runs, int precision) {
            this.loops = loops;
            this.runs = runs.clone();
            this.precision = precision;
        }

        public int loops() {
            return loops;
        }

        public int repeat() {
            return runs.length;
        }

        /** Mean seconds per loop over the runs. */
        public double average() {
            double sum = 0;
            for (double r : runs) {
                sum += r / loops;
            }
            return sum / runs.length;
        }

        /** Standard deviation of the seconds per loop (over the runs, as IPython: divided by the number of runs). */
        public double stdev() {
            double mean = average();
            double sum = 0;
            for (double r : runs) {
                sum += (r / loops - mean) * (r / loops - mean);
            }
            return Math.sqrt(sum / runs.length);
        }

        public double best() {
            double best = Double.POSITIVE_INFINITY;
            for (double r : runs) {
                best = Math.min(best, r / loops);
            }
            return best;
        }

        public double worst() {
            double worst = 0;
            for (double r : runs) {
                worst = Math.max(worst, r / loops);
            }
            return worst;
        }

        /** As IPython prints it: {@code 1.23 ms ± 45.6 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s ± %s per loop (mean ± std. dev. of %d run%s, %,d loop%s each)",
                    formatTime(average(), precision), formatTime(stdev(), precision), runs.length,
                    runs.length == 1 ? "" : "s", loops, loops == 1 ? "" : "s");
        }
    }

    /** IPython's {@code _format_time}: s, ms, µs or ns with {@code precision} significant digits; 1min 3s past a minute. */
    static String formatTime(double seconds, int precision) {
        if (seconds >= 60) {
            StringBuilder out = new StringBuilder();
            double left = seconds;
            String[] suffixes = {"d", "h", "min", "s"};
            long[] lengths = {86_400, 3_600, 60, 1};
            for (int i = 0; i < suffixes.length; i++) {
                long value = (long) (left / lengths[i]);
                if (value > 0) {
                    left = left % lengths[i];
                    out.append(out.length() == 0 ? "" : " ").append(value).append(suffixes[i]);
                }
                if (left < 1) {
                    break;
                }
            }
            return out.toString();
        }
        String[] units = {"s", "ms", "µs", "ns"};
        int order = seconds > 0 ? Math.min((int) -Math.floorDiv((long) Math.floor(Math.log10(seconds)), 3), 3) : 3;
        return significant(seconds * Math.pow(1000, order), precision) + " " + units[order];
    }

    /** C's {@code %.*g}: {@code precision} significant digits, trailing zeros dropped, exponent form when large/small. */
    static String significant(double value, int precision) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : String.valueOf(value);
        }
        BigDecimal d = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            String mantissa = d.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        return d.stripTrailingZeros().toPlainString();
    }
}
