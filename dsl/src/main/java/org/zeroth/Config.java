package org.zeroth;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything needed to re-run a run: method, estimator, smoothing radius, queries, scheme, rule,
 * learning rate, seed, versions … as ordered name → value pairs.
 */
public final class Config {
    private final Map<String, Object> settings;

    private Config(Map<String, Object> settings) {
        this.settings = Collections.unmodifiableMap(settings);
    }

    public static Config of(Object... namesAndValues) {
        return new Config(new LinkedHashMap<>()).with(namesAndValues);
    }

    /** This configuration plus the given name/value pairs (null values are left out). */
    public Config with(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Config.with takes name/value pairs");
        }
        Map<String, Object> copy = new LinkedHashMap<>(settings);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                copy.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
            }
        }
        return new Config(copy);
    }

    /** This configuration plus all settings of {@code other} (which win on equal names). */
    public Config with(Config other) {
        Map<String, Object> copy = new LinkedHashMap<>(settings);
        copy.putAll(other.settings);
        return new Config(copy);
    }

    public Object get(String name) {
        return settings.get(name);
    }

    public String method() {
        return String.valueOf(settings.getOrDefault("method", "?"));
    }

    public Map<String, Object> asMap() {
        return settings;
    }

    private static final MathContext SIX_DIGITS = new MathContext(6);

    /** Settings a legend leaves out: bookkeeping, and what runs of one comparison usually share. */
    private static final Set<String> UNLABELLED = Set.of("versions", "objective", "dimension", "sense", "seed",
            "bounds", "maxEvaluations", "target", "timeLimit", "step", "rule", "beta1", "beta2", "eps", "parallelism",
            "backend", "space");

    /** The settings that tell runs of one comparison apart, e.g. "zo-sgd gaussian h=0.001 q=8 forward lr=0.01". */
    public String label() {
        return settings.entrySet().stream()
                .filter(e -> !UNLABELLED.contains(e.getKey()))
                .map(e -> switch (e.getKey()) {
                    case "method", "estimator", "scheme" -> String.valueOf(e.getValue());
                    default -> e.getKey() + "=" + labelled(e.getValue());
                })
                .collect(Collectors.joining(" "));
    }

    /**
     * Labels for several runs' configurations, one each, all different: each {@link #label()}; configurations whose
     * labels are equal get the settings that tell them apart appended (e.g. "seed=2"), and a number if nothing does.
     */
    public static List<String> labels(List<Config> configs) {
        List<String> labels = configs.stream().map(Config::label).toList();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            StringBuilder name = new StringBuilder(labels.get(i));
            if (Collections.frequency(labels, labels.get(i)) > 1) {
                List<Config> twins = new ArrayList<>();
                for (int j = 0; j < configs.size(); j++) {
                    if (labels.get(j).equals(labels.get(i))) {
                        twins.add(configs.get(j));
                    }
                }
                for (String setting : configs.get(i).asMap().keySet()) {
                    if (!setting.equals("versions") && twins.stream().map(c -> Objects.toString(c.get(setting)))
                            .distinct().count() > 1) {
                        name.append(' ').append(setting).append('=').append(labelled(configs.get(i).get(setting)));
                    }
                }
            }
            String unique = name.toString();
            for (int k = 2; names.contains(unique); k++) {
                unique = name + " #" + k;
            }
            names.add(unique);
        }
        return names;
    }

    /** A value as a label writes it: a number in at most six significant digits (0.0001, 0.3, 1e-7), else its text. */
    private static String labelled(Object value) {
        if (!(value instanceof Double || value instanceof Float) || !Double.isFinite(((Number) value).doubleValue())) {
            return String.valueOf(value);
        }
        double v = ((Number) value).doubleValue();
        BigDecimal rounded = new BigDecimal(v).round(SIX_DIGITS).stripTrailingZeros();
        double size = Math.abs(v);
        if (v == 0 || size >= 1e-4 && size < 1e6) {
            return v == 0 ? "0" : rounded.toPlainString();
        }
        String digits = rounded.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e" + (digits.length() - 1 - rounded.scale());
    }

    @Override
    public String toString() {
        return settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Config c && c.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }
}
