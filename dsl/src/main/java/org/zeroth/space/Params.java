package org.zeroth.space;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One configuration of a {@link Space}: a value for every parameter, read by name with the reader of its type,
 * {@code p.real("lr")}, {@code p.integer("hidden")}, {@code p.choice("rule")}. Always valid (inside its space).
 * Equal configurations are equal values: a tuning run keys its cache of evaluated configurations by them.
 */
public final class Params {
    private final Space space;
    private final Map<String, Object> values;

    Params(Space space, Map<String, Object> values) {
        this.space = space;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of the real parameter {@code name}. */
    public double real(String name) {
        return (Double) read(name, Param.Kind.REAL, "real");
    }

    /** The value of the integer parameter {@code name}. */
    public int integer(String name) {
        return (Integer) read(name, Param.Kind.INTEGER, "integer");
    }

    /** The value of the choice parameter {@code name}. */
    public String choice(String name) {
        return (String) read(name, Param.Kind.CHOICE, "choice");
    }

    /** The value of any parameter: a Double, Integer or String. */
    public Object get(String name) {
        space.param(name);
        return values.get(name);
    }

    /** Name → value, in the space's order (unmodifiable). */
    public Map<String, Object> asMap() {
        return values;
    }

    public Space space() {
        return space;
    }

    private Object read(String name, Param.Kind kind, String reader) {
        Param p = space.param(name);
        if (p.kind() != kind) {
            String right = switch (p.kind()) {
                case REAL -> "real";
                case INTEGER -> "integer";
                case CHOICE -> "choice";
            };
            throw new IllegalArgumentException("\"" + name + "\" is " + (p.kind() == Param.Kind.INTEGER ? "an " : "a ")
                    + right + " parameter (" + p + "), not " + (kind == Param.Kind.INTEGER ? "an " : "a ") + reader
                    + ": read it with p." + right + "(\"" + name + "\")");
        }
        return values.get(name);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Params p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** e.g. {@code {lr=0.00316, hidden=32, rule=adam}}. */
    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() instanceof Double d ? Param.format(d) : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
