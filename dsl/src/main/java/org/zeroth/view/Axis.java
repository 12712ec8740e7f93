package org.zeroth.view;

import java.util.Objects;

/**
 * One axis of a {@link Figure}: its label in the field's words ("evaluations", "f(x)", "smoothing radius h") and
 * its scale. {@link Scale#AUTO} picks a log scale when the values drawn on it are all positive and span more than
 * two decades.
 */
public record Axis(String label, Scale scale) {

    public enum Scale { AUTO, LINEAR, LOG }

    public Axis {
        Objects.requireNonNull(label, "axis label");
        Objects.requireNonNull(scale, "axis scale");
    }

    public static Axis of(String label) {
        return new Axis(label, Scale.AUTO);
    }

    public Axis log() {
        return new Axis(label, Scale.LOG);
    }

    public Axis linear() {
        return new Axis(label, Scale.LINEAR);
    }
}
