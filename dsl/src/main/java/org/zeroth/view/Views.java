package org.zeroth.view;

import java.util.Optional;
import tech.tablesaw.api.Table;

/** The one place that turns any value into a MIME bundle, and the hook for live displays. */
public final class Views {
    private static volatile DisplaySink sink;

    private Views() {
    }

    /** The bundle a notebook shows for {@code value}: rich for Zeroth's results and Tablesaw tables, plain text otherwise. */
    public static MimeBundle bundle(Object value) {
        if (value instanceof MimeBundle bundle) {
            return bundle;
        }
        if (value instanceof Displayable displayable) {
            return displayable.toMimeBundle();
        }
        if (value instanceof Table table) {
            return TableView.of(table).toMimeBundle();
        }
        return MimeBundle.text(String.valueOf(value));
    }

    /** Installed by a front-end (the kernel) that can show and update displays; {@code null} removes it. */
    public static void installSink(DisplaySink displaySink) {
        sink = displaySink;
    }

    public static Optional<DisplaySink> sink() {
        return Optional.ofNullable(sink);
    }
}
