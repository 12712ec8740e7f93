package org.zeroth.kernel;

import org.zeroth.view.DisplaySink;
import org.zeroth.view.Views;

import java.util.UUID;

/**
 * What cells call to show things besides their result: {@code display(value)} shows a value now, {@code display(value, id)}
 * shows it under an id of the caller's choice; {@code updateDisplay(id, value)} replaces that display in place (e.g. live progress).
 * Both go through the DSL's {@link Views} sink, which the kernel installs.
 */
public final class Notebook {
    private Notebook() {
    }

    public static String display(Object value) {
        return display(value, UUID.randomUUID().toString());
    }

    /** Shows {@code value} under a display id of the caller's choice, for {@link #updateDisplay} to replace. */
    public static String display(Object value, String displayId) {
        sink().display(displayId, Views.bundle(value));
        return displayId;
    }

    public static void updateDisplay(String displayId, Object value) {
        sink().update(displayId, Views.bundle(value));
    }

    private static DisplaySink sink() {
        return Views.sink().orElseThrow(() -> new IllegalStateException("no notebook display is attached"));
    }
}
