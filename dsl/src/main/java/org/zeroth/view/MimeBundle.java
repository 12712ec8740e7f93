package org.zeroth.view;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a result looks like to a front-end: one representation per MIME type, richest first.
 * Values are text; for types ending in {@code json} the text is a JSON document.
 */
public final class MimeBundle {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String SVG = "image/svg+xml";
    public static final String PNG = "image/png";
    public static final String PLOTLY = "application/vnd.plotly.v1+json";

    private final Map<String, String> data;

    private MimeBundle(Map<String, String> data) {
        this.data = Collections.unmodifiableMap(data);
    }

    /** A bundle with only a plain-text representation. */
    public static MimeBundle text(String text) {
        return new MimeBundle(new LinkedHashMap<>()).with(TEXT, text);
    }

    /** This bundle plus (or with a replaced) representation for {@code mimeType}. */
    public MimeBundle with(String mimeType, String value) {
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(value, "value");
        Map<String, String> copy = new LinkedHashMap<>(data);
        copy.put(mimeType, value);
        return new MimeBundle(copy);
    }

    /** Representations in the order they were added; {@code text/plain} is always present. */
    public Map<String, String> data() {
        return data;
    }

    public String get(String mimeType) {
        return data.get(mimeType);
    }

    public boolean has(String mimeType) {
        return data.containsKey(mimeType);
    }

    @Override
    public String toString() {
        return data.getOrDefault(TEXT, "");
    }
}
