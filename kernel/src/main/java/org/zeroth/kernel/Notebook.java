package org.zeroth.kernel;

import org.zeroth.view.DisplaySink;
import org.zeroth.view.Views;

import java.util.UUID;

/**
 * What cells call to show things besides their result: {@code display(value)} shows a value now,
 * {@code display(value, id)} shows it under an id of the caller's choice, and {@code updateDisplay(id, value)}
 * replaces that display in place (e.g. live progress). Preloaded in every session
 * ({@code import static org.zeroth.kernel.Notebook.*}). All go through the DSL's {@link Views} sink, which the
 * kernel installs.
 */
public final class Notebook {
    private Notebook() {
    }

    public static void display(Object value) {
        display(value, UUID.randomUUID().toString());
    }

    /** Shows {@code value} under a display id of the caller's choice, for {@link #updateDisplay} to replace. */
    public static void display(Object value, String displayId) {
        sink().display(displayId, Views.bundle(value));
    }

    public static void updateDisplay(String displayId, Object value) {
        sink().update(displayId, Views.bundle(value));
    }

    private static DisplaySink sink() {
        return Views.sink().orElseThrow(() -> new IllegalStateException("no notebook display is attached"));
    }
}
