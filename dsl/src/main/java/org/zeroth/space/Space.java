package org.zeroth.space;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A search space of named hyperparameters, e.g.
 * <pre>{@code
 * Space space = Space.of(Param.real("lr", 1e-4, 1).log(), Param.real("wd", 1e-6, 1e-1).log(),
 *                        Param.integer("hidden", 8, 128).log(), Param.choice("rule", "sgd", "adam"));
 * }</pre>
 * Every tuning method searches the unit cube [0, 1]^k of {@link #dimension()} coordinates; {@link #decode} maps any
 * point of it (clamped) to a valid configuration and {@link #encode} maps a configuration to a point that decodes
 * to it. How each kind of parameter maps is described in {@link Param}.
 */
public final class Space {
    private final List<Param> params;
    private final Map<String, Param> byName = new LinkedHashMap<>();
    private final int dimension;

    private Space(List<Param> params) {
        this.params = params;
        int k = 0;
        for (Param p : params) {
            byName.put(p.name(), p);
            k += p.width();
        }
        this.dimension = k;
    }

    /** The space of these parameters, in this order; names must be distinct. */
    public static Space of(Param... params) {
        if (params == null || params.length == 0) {
            throw new IllegalArgumentException("Space.of() needs at least one parameter, e.g."
                    + " Space.of(Param.real(\"lr\", 1e-4, 1).log())");
        }
        Map<String, Param> seen = new LinkedHashMap<>();
        for (Param p : params) {
            if (p == null) {
                throw new IllegalArgumentException("Space.of(…) contains null: pass Param.real/integer/choice(…) only");
            }
            if (seen.put(p.name(), p) != null) {
                throw new IllegalArgumentException("two parameters are named \"" + p.name() + "\" (" + seen.get(p.name())
                        + " and an earlier one): give each parameter its own name");
            }
        }
        return new Space(List.of(params));
    }

    /** The parameters, in order. */
    public List<Param> params() {
        return params;
    }

    /** The number of cube coordinates: one per real or integer parameter, one per choice of a choice parameter. */
    public int dimension() {
        return dimension;
    }

    /** The parameter named {@code name}, or an error listing the names there are. */
    public Param param(String name) {
        Param p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named \"" + name + "\" in this space; its parameters are "
                    + byName.keySet() + ": check the spelling");
        }
        return p;
    }

    /** The configuration at cube point u (coordinates outside [0, 1] are clamped): always valid. */
    public Params decode(double[] u) {
        if (u == null || u.length != dimension) {
            throw new IllegalArgumentException("decode(u) needs a point of the " + dimension + "-dimensional cube, got "
                    + (u == null ? "null" : u.length + " coordinates"));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        int at = 0;
        for (Param p : params) {
            values.put(p.name(), p.decode(u, at));
            at += p.width();
        }
        return new Params(this, values);
    }

    /** A cube point that decodes to {@code config} (the centre of an integer's cell, the one-hot of a choice). */
    public double[] encode(Params config) {
        if (config == null || !config.space().equals(this)) {
            throw new IllegalArgumentException("encode(p) needs a configuration of this space, made by"
                    + " space.configuration(…) or decode(u)");
        }
        double[] u = new double[dimension];
        int at = 0;
        for (Param p : params) {
            p.encode(config.asMap().get(p.name()), u, at);
            at += p.width();
        }
        return u;
    }

    /**
     * A configuration given as name/value pairs, every parameter once, e.g.
     * {@code space.configuration("lr", 1e-3, "wd", 1e-4, "hidden", 32, "rule", "adam")}.
     */
    public Params configuration(Object... namesAndValues) {
        if (namesAndValues == null || namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("configuration(…) takes name/value pairs, e.g. configuration(\"lr\", 1e-3,"
                    + " \"hidden\", 32)");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = String.valueOf(namesAndValues[i]);
            if (values.put(name, param(name).check(namesAndValues[i + 1])) != null) {
                throw new IllegalArgumentException("configuration(…) gives \"" + name + "\" twice: give it once");
            }
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (Param p : params) {
            if (!values.containsKey(p.name())) {
                throw new IllegalArgumentException("configuration(…) gives no value for \"" + p.name() + "\" (" + p
                        + "): give every parameter");
            }
            ordered.put(p.name(), values.get(p.name()));
        }
        return new Params(this, ordered);
    }

    /** The names, in order, e.g. "lr, wd, hidden, rule". */
    String names() {
        return String.join(", ", byName.keySet());
    }

    /** Equal spaces have equal parameters in the same order ({@link Param#equals}): the same cube, decoded alike. */
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Space s && s.params.equals(params);
    }

    @Override
    public int hashCode() {
        return params.hashCode();
    }

    /** What differs between {@code saved} and this space, exactly and parameter by parameter; "" when equal. */
    String differences(Space saved) {
        List<String> names = params.stream().map(Param::name).toList();
        List<String> savedNames = saved.params.stream().map(Param::name).toList();
        if (!names.equals(savedNames)) {
            return "parameters " + savedNames + " in the file, " + names + " here";
        }
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            if (!params.get(i).equals(saved.params.get(i))) {
                differ.add(params.get(i).name() + ": " + params.get(i).difference(saved.params.get(i)));
            }
        }
        return String.join("; ", differ);
    }

    /** Writes the space exactly, parameter by parameter ({@link Param#write}). */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(params.size());
        for (Param p : params) {
            p.write(out);
        }
    }

    /** The space {@link #write} wrote; a StreamCorruptedException when the bytes cannot be one. */
    static Space read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 1 || n > 1 << 20) {
            throw new StreamCorruptedException("not a space (" + n + " parameters)");
        }
        Param[] read = new Param[n];
        for (int i = 0; i < n; i++) {
            read[i] = Param.read(in);
        }
        return new Space(List.of(read));
    }

    /** e.g. {@code lr ∈ [0.0001, 1] log, hidden ∈ {8 … 128}, rule ∈ {sgd, adam}}. */
    @Override
    public String toString() {
        return params.stream().map(Param::toString).collect(Collectors.joining(", "));
    }
}
