package org.zeroth.kernel.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code %timeit [-n N] [-r R] [-p P] [-q] [-o] expression} and {@code %%timeit [options]} over the rest of the cell,
 * as in IPython: N loops per run (chosen so a run takes at least 0.2 s when not given), R runs (default 7), the mean
 * ± standard deviation per loop printed; {@code -p} significant digits (3), {@code -q} quiet, {@code -o} returns the
 * result. The timed code is compiled once, as a lambda in a cell, and runs in the session like any cell.
 */
public final class TimeitMagic implements LineMagic<Object, BaseKernel>, CellMagic<Object, BaseKernel> {
    static final String USAGE = "usage: %timeit [-n LOOPS] [-r RUNS] [-p DIGITS] [-q] [-o] EXPRESSION, "
            + "or %%timeit [options] on a cell's first line";
    private static final Pattern OPTION = Pattern.compile("^-([nrp])\\s*(\\S+)\\s*|^-([qo])(?:\\s+|$)");
    private static final String CALL = "org.zeroth.kernel.magic.Timeit.";

    private final MagicHost host;

    public TimeitMagic(MagicHost host) {
        this.host = host;
    }

    /** Options, then the code: the kernel passes the line as one raw argument (Java needs its quotes). */
    record Options(int loops, int repeat, int precision, boolean quiet, boolean output, String code) {
        static Options parse(String line) {
            int loops = 0;
            int repeat = 7;
            int precision = 3;
            boolean quiet = false;
            boolean output = false;
            String rest = line.strip();
            Matcher m;
            while ((m = OPTION.matcher(rest)).find()) {
                if (m.group(3) != null) {
                    quiet |= m.group(3).equals("q");
                    output |= m.group(3).equals("o");
                } else {
                    int value = positive(m.group(1), m.group(2));
                    switch (m.group(1)) {
                        case "n" -> loops = value;
                        case "r" -> repeat = value;
                        default -> precision = value;
                    }
                }
                rest = rest.substring(m.end());
            }
            return new Options(loops, repeat, precision, quiet, output, rest.strip());
        }

        private static int positive(String option, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new MagicUsageException("-" + option + " takes a whole number of at least 1, not '" + value + "'; "
                    + USAGE);
        }

        String call(String body) {
            return CALL + "measure(" + loops + ", " + repeat + ", " + precision + ", " + quiet + ", () -> { " + body
                    + "\n})";
        }
    }

    /** Code that does not parse is said so in the user's words, not in the wrapper's that times it. */
    private static void requireComplete(BaseKernel kernel, String code) {
        String state = kernel.isComplete(code);
        if (!"complete".equals(state)) {
            throw new MagicUsageException("the code to time does not parse (is a bracket, quote or statement open?): "
                    + code.strip().lines().findFirst().orElse("") + "; " + USAGE);
        }
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args) throws Exception {
        Options options = Options.parse(String.join(" ", args));
        String code = options.code().replaceAll(";\\s*$", "");
        if (code.isEmpty()) {
            throw new MagicUsageException("nothing to time; " + USAGE);
        }
        requireComplete(kernel, code);
        Object result;
        try {
            result = host.run(options.call(CALL + "consume(" + code + ");"), "%timeit");
        } catch (CellFailedException asValue) {
            if (!"CompileError".equals(asValue.name())) {
                throw asValue; // it ran and failed: not run again
            }
            // not an expression with a value (a void call, statements): time it as statements
            try {
                result = host.run(options.call(code + ";"), "%timeit");
            } catch (CellFailedException asStatements) {
                throw asValue.getMessage().contains("void") ? asStatements : asValue;
            }
        }
        return options.output() ? result : null;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args, String body) throws Exception {
        Options options = Options.parse(String.join(" ", args));
        if (!options.code().isEmpty()) {
            throw new MagicUsageException("set-up code on the %%timeit line is not supported: run it in the cell "
                    + "before (got '" + options.code() + "'); " + USAGE);
        }
        if (body.isBlank()) {
            throw new MagicUsageException("nothing to time: the cell below %%timeit is empty");
        }
        requireComplete(kernel, body);
        String timed = body.strip();
        // a cell's last expression needs no ';' (Math.sqrt(2)); in the timed block it does: on a line of its own
        // after a trailing comment
        Object result = host.run(options.call(timed.endsWith(";") || timed.endsWith("}") ? body : body + "\n;"), "cell");
        return options.output() ? result : null;
    }
}
