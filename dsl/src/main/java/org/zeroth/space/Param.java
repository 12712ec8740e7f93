package org.zeroth.space;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One named hyperparameter of a {@link Space}: a real interval, an integer range or a set of choices, and how it maps
 * to its coordinates of the unit cube where every tuning method searches.
 * <ul>
 *   <li>{@code real(name, lo, hi)}: one coordinate u, value lo + u·(hi − lo); with {@link #log()} the same in
 *   ln-space, lo·(hi/lo)^u, so every decade gets an equal share of the cube (learning rates, weight decays).</li>
 *   <li>{@code integer(name, lo, hi)}: one coordinate cut into hi − lo + 1 cells of equal width, the k-th cell
 *   giving lo + k (each value is equally likely under uniform sampling, and the ends are not halved as rounding a
 *   real in [lo, hi] would halve them); with {@link #log()} the cells are equal in ln-space between lo − ½ and
 *   hi + ½, so small values get wider cells.</li>
 *   <li>{@code choice(name, a, b, …)}: <b>one-hot</b>, one coordinate per choice, decoded to the choice with the
 *   largest coordinate (the first on ties). One-hot rather than ordinal because an ordinal code invents an order
 *   and a distance — "momentum lies between sgd and adam" — that a GP's kernel, a CMA-ES step or a ZO difference
 *   would then believe; one-hot costs a coordinate per choice, which is affordable for the few choices a
 *   hyperparameter has. Under uniform sampling of the cube every choice wins with probability 1/k (symmetry).</li>
 * </ul>
 * Immutable; every factory and option checks its arguments and says what to change.
 */
public final class Param {
    enum Kind { REAL, INTEGER, CHOICE }

    private final String name;
    private final Kind kind;
    private final double lo;
    private final double hi;
    private final boolean log;
    private final List<String> choices;

    private Param(String name, Kind kind, double lo, double hi, boolean log, List<String> choices) {
        this.name = name;
        this.kind = kind;
        this.lo = lo;
        this.hi = hi;
        this.log = log;
        this.choices = choices;
    }

    /** A real in [lo, hi]; add {@link #log()} for a scale of decades. */
    public static Param real(String name, double lo, double hi) {
        checkName(name);
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("real(\"" + name + "\", lo, hi) needs finite bounds, got [" + lo + ", "
                    + hi + "]");
        }
        checkOrder(name, "real", lo, hi);
        if (Double.isInfinite(hi - lo)) {
            throw new IllegalArgumentException("real(\"" + name + "\", " + lo + ", " + hi + "): hi − lo overflows a"
                    + " double, so no point in between could be decoded; narrow the range");
        }
        return new Param(name, Kind.REAL, lo, hi, false, List.of());
    }

    /** An integer in lo … hi (both included); add {@link #log()} when small values deserve more of the search. */
    public static Param integer(String name, int lo, int hi) {
        checkName(name);
        checkOrder(name, "integer", lo, hi);
        return new Param(name, Kind.INTEGER, lo, hi, false, List.of());
    }

    /** One of the given strings, e.g. {@code choice("rule", "sgd", "adam")}. */
    public static Param choice(String name, String... choices) {
        checkName(name);
        if (choices == null || choices.length == 0) {
            throw new IllegalArgumentException("choice(\"" + name + "\") has no choices: list at least two, e.g."
                    + " choice(\"" + name + "\", \"sgd\", \"adam\")");
        }
        if (choices.length == 1) {
            throw new IllegalArgumentException("choice(\"" + name + "\", \"" + choices[0] + "\") has one choice; a"
                    + " fixed value is not a hyperparameter: leave it out of the space, or list the alternatives");
        }
        Set<String> seen = new HashSet<>();
        for (String c : choices) {
            if (c == null) {
                throw new IllegalArgumentException("choice(\"" + name + "\", …) contains null: give strings only");
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("choice(\"" + name + "\", …) lists \"" + c + "\" twice: list each"
                        + " choice once (a repeated choice would get twice the share of the search)");
            }
        }
        return new Param(name, Kind.CHOICE, 0, choices.length - 1, false, List.copyOf(Arrays.asList(choices)));
    }

    /** The same parameter on a logarithmic scale (real and integer parameters, with lo > 0). */
    public Param log() {
        if (kind == Kind.CHOICE) {
            throw new IllegalArgumentException("log() applies to real and integer parameters; \"" + name
                    + "\" is a choice: remove .log()");
        }
        if (!(lo > 0)) {
            throw new IllegalArgumentException("\"" + name + "\" cannot be on a log scale with lower bound " + format(lo)
                    + ": log needs lo > 0; give a positive lower bound, e.g. " + (kind == Kind.REAL
                    ? "real(\"" + name + "\", 1e-5, " + format(hi) + ").log()"
                    : "integer(\"" + name + "\", 1, " + format(hi) + ").log()"));
        }
        return new Param(name, kind, lo, hi, true, choices);
    }

    public String name() {
        return name;
    }

    Kind kind() {
        return kind;
    }

    public boolean isLog() {
        return log;
    }

    /** The choices of a choice parameter (empty otherwise). */
    public List<String> choices() {
        return choices;
    }

    /** How many cube coordinates this parameter takes: 1, or the number of choices. */
    public int width() {
        return kind == Kind.CHOICE ? choices.size() : 1;
    }

    /** The value at cube coordinates u[at … at + width()) (clamped into [0, 1]): a Double, Integer or String. */
    Object decode(double[] u, int at) {
        switch (kind) {
            case REAL -> {
                double t = clamp(u[at]);
                double v = log ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo);
                return Math.min(hi, Math.max(lo, significant(v))); // round-off must not leave the interval
            }
            case INTEGER -> {
                double t = clamp(u[at]);
                long v = log ? Math.round(Math.exp(Math.log(lo - 0.5) + t * (Math.log(hi + 0.5) - Math.log(lo - 0.5))))
                        : (long) lo + (long) Math.floor(t * (hi - lo + 1));
                return (int) Math.min((long) hi, Math.max((long) lo, v)); // t = 1 falls in the last cell
            }
            default -> {
                int best = 0;
                for (int k = 1; k < choices.size(); k++) {
                    if (clamp(u[at + k]) > clamp(u[at + best])) {
                        best = k;
                    }
                }
                return choices.get(best);
            }
        }
    }

    /**
     * v to 14 significant digits: the cube's round trip (a log, a product, an exp) is off by a few ulps, which would
     * turn the 1e-3 a user gives into 0.0010000000000000002 — another configuration, trained as such.
     */
    private static double significant(double v) {
        return v == 0 ? 0 : new BigDecimal(v).round(DIGITS).doubleValue();
    }

    private static final MathContext DIGITS = new MathContext(14, RoundingMode.HALF_EVEN);

    /** Writes the cube coordinates of a valid value (the centre of an integer's cell, the one-hot of a choice). */
    void encode(Object value, double[] u, int at) {
        switch (kind) {
            case REAL -> {
                double v = (Double) value;
                u[at] = log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
            }
            case INTEGER -> {
                int v = (Integer) value;
                u[at] = log ? ((Math.log(v - 0.5) + Math.log(v + 0.5)) / 2 - Math.log(lo - 0.5))
                        / (Math.log(hi + 0.5) - Math.log(lo - 0.5))
                        : (v - lo + 0.5) / (hi - lo + 1);
            }
            default -> {
                int k = choices.indexOf((String) value);
                for (int j = 0; j < choices.size(); j++) {
                    u[at + j] = j == k ? 1 : 0;
                }
            }
        }
    }

    /** {@code value} as this parameter's type (Double, Integer or String), or an error saying what is allowed. */
    Object check(Object value) {
        switch (kind) {
            case REAL -> {
                if (value instanceof Number n && n.doubleValue() >= lo && n.doubleValue() <= hi) {
                    return n.doubleValue();
                }
            }
            case INTEGER -> {
                if ((value instanceof Integer || value instanceof Long || value instanceof Short)
                        && ((Number) value).longValue() >= lo && ((Number) value).longValue() <= hi) {
                    return ((Number) value).intValue();
                }
            }
            default -> {
                if (value instanceof String s && choices.contains(s)) {
                    return s;
                }
            }
        }
        String got = value instanceof String && kind != Kind.CHOICE ? "\"" + value + "\" (a string)"
                : value instanceof Number && kind == Kind.CHOICE ? value + " (a number)" : String.valueOf(value);
        throw new IllegalArgumentException("\"" + name + "\" = " + got + " is not in " + this + ": give "
                + (kind == Kind.CHOICE ? "one of " + choices : (kind == Kind.REAL ? "a number" : "an integer")
                + " in [" + format(lo) + ", " + format(hi) + "]"));
    }

    /** e.g. {@code lr ∈ [1e-05, 1] log}, {@code hidden ∈ {8 … 128}}, {@code rule ∈ {sgd, adam}}. */
    @Override
    public String toString() {
        return switch (kind) {
            case REAL -> name + " ∈ [" + format(lo) + ", " + format(hi) + "]" + (log ? " log" : "");
            case INTEGER -> name + " ∈ {" + format(lo) + " … " + format(hi) + "}" + (log ? " log" : "");
            default -> name + " ∈ {" + String.join(", ", choices) + "}";
        };
    }

    /**
     * Equal parameters decode every cube point to the same value: same name, kind, scale and choices in the same
     * order, and bounds equal as doubles (not as their 6-digit text, which hides 1e-4 against 1.0000001e-4).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Param p && name.equals(p.name) && kind == p.kind && lo == p.lo && hi == p.hi
                && log == p.log && choices.equals(p.choices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, lo + 0.0, hi + 0.0, log, choices); // + 0.0: −0.0 == 0.0, so equal hashes
    }

    /** How {@code saved} (same name) differs from this parameter, exactly, e.g. "lower bound 1.0E-4 in the file, …". */
    String difference(Param saved) {
        if (kind != saved.kind) {
            return kindName(saved.kind) + " in the file, " + kindName(kind) + " here";
        }
        if (kind == Kind.CHOICE) {
            boolean reordered = Set.copyOf(choices).equals(Set.copyOf(saved.choices));
            return "choices " + quoted(saved.choices) + " in the file, " + quoted(choices) + " here"
                    + (reordered ? " (their order sets the cube's coordinates)" : "");
        }
        if (log != saved.log) {
            return (saved.log ? "log" : "linear") + " scale in the file, " + (log ? "log" : "linear") + " here";
        }
        String bound = lo != saved.lo ? "lower bound " + exact(saved.lo) + " in the file, " + exact(lo) + " here" : "";
        return bound + (hi == saved.hi ? "" : (bound.isEmpty() ? "" : "; ") + "upper bound " + exact(saved.hi)
                + " in the file, " + exact(hi) + " here");
    }

    private String exact(double v) {
        return kind == Kind.INTEGER ? Long.toString((long) v) : Double.toString(v); // every digit of the double
    }

    /** e.g. ["sgd", "adam"]: quoted, so that a choice containing ", " shows as one. */
    private static String quoted(List<String> choices) {
        return choices.stream().map(c -> "\"" + c + "\"").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static String kindName(Kind k) {
        return k == Kind.REAL ? "a real" : k == Kind.INTEGER ? "an integer" : "a choice";
    }

    /** Writes this parameter exactly (bounds as doubles), for a trials file to check its space by. */
    void write(DataOutputStream out) throws IOException {
        out.writeUTF(name);
        out.writeByte(kind.ordinal());
        out.writeDouble(lo);
        out.writeDouble(hi);
        out.writeBoolean(log);
        out.writeInt(choices.size());
        for (String c : choices) {
            out.writeUTF(c);
        }
    }

    /** The parameter {@link #write} wrote; a StreamCorruptedException when the bytes cannot be one. */
    static Param read(DataInputStream in) throws IOException {
        String name = in.readUTF();
        int kind = in.readByte();
        double lo = in.readDouble();
        double hi = in.readDouble();
        boolean log = in.readBoolean();
        int n = in.readInt();
        if (kind < 0 || kind >= Kind.values().length || n < 0 || n > 1 << 20) {
            throw new StreamCorruptedException("not a parameter (kind " + kind + ", " + n + " choices)");
        }
        String[] choices = new String[n];
        for (int i = 0; i < n; i++) {
            choices[i] = in.readUTF();
        }
        return new Param(name, Kind.values()[kind], lo, hi, log, List.of(choices));
    }

    private static double clamp(double t) {
        return Double.isNaN(t) ? 0.5 : Math.min(1, Math.max(0, t));
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a parameter needs a name to be read by, e.g. real(\"lr\", 1e-4, 1)");
        }
    }

    private static void checkOrder(String name, String kind, double lo, double hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException(kind + "(\"" + name + "\", lo, hi) needs lo < hi, got lo = "
                    + format(lo) + ", hi = " + format(hi) + (lo == hi ? "; a fixed value is not a hyperparameter:"
                    + " leave it out of the space" : "; swap them"));
        }
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v)
                .replaceAll("\\.?0+(e|$)", "$1");
    }
}
