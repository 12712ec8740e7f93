package org.zeroth.kernel.magic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** IPython's time format (its _format_time and TimeitResult), digit for digit, and the option parsing. */
class TimeitTest {
    @Test
    void timesAreFormattedAsIpythonDoes() {
        assertEquals("1.23 ms", Timeit.formatTime(0.00123, 3));
        assertEquals("45.6 µs", Timeit.formatTime(45.6e-6, 3));
        assertEquals("100 µs", Timeit.formatTime(1e-4, 3));
        assertEquals("12.3 ms", Timeit.formatTime(0.0123, 3));
        assertEquals("1.5 s", Timeit.formatTime(1.5, 3));
        assertEquals("0.5 ns", Timeit.formatTime(0.5e-9, 3));
        assertEquals("0 ns", Timeit.formatTime(0, 3));
        assertEquals("1e+03 µs", Timeit.formatTime(999.96e-6, 3)); // Python: '%.*g' % (3, 999.96) == '1e+03'
        assertEquals("1.2346 ms", Timeit.formatTime(0.00123456, 5));
        assertEquals("1min 1s", Timeit.formatTime(61.5, 3));
        assertEquals("1h 1min", Timeit.formatTime(3660.2, 3));
    }

    @Test
    void resultLineIsIpythons() {
        Timeit.Result r = new Timeit.Result(1000, new double[]{1e-3, 1e-3, 1e-3}, 3);
        assertEquals("1 µs ± 0 ns per loop (mean ± std. dev. of 3 runs, 1,000 loops each)", r.toString());
        Timeit.Result one = new Timeit.Result(1, new double[]{0.25, 0.75}, 3);
        assertEquals("500 ms ± 250 ms per loop (mean ± std. dev. of 2 runs, 1 loop each)", one.toString());
    }

    @Test
    void optionsComeBeforeTheCode() {
        TimeitMagic.Options o = TimeitMagic.Options.parse("-n 3 -r2 -q -p 4 \"a b\".split(\" \")");
        assertEquals(new TimeitMagic.Options(3, 2, 4, true, false, "\"a b\".split(\" \")"), o);
        assertEquals(new TimeitMagic.Options(0, 7, 3, false, true, "x - 1"), TimeitMagic.Options.parse("-o x - 1"));
        assertEquals("-x", TimeitMagic.Options.parse("-x").code());
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> TimeitMagic.Options.parse("-n 0 f()"));
        assertEquals(true, e.getMessage().contains("-n takes a whole number of at least 1"), e.getMessage());
    }
}
