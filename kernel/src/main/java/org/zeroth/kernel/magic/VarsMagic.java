package org.zeroth.kernel.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Run;
import org.zeroth.kernel.exec.CellRunner;
import org.zeroth.view.MimeBundle;

import java.lang.reflect.Array;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code %vars} and {@code %whos}: the session's variables with their type and a short value, as a table (HTML and
 * text). An INDArray shows its shape and data type, a Run its one-line summary, arrays and collections their size.
 */
public final class VarsMagic implements LineMagic<Object, BaseKernel> {
    static final int WIDTH = 70;

    private final MagicHost host;

    public VarsMagic(MagicHost host) {
        this.host = host;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args) {
        List<MagicHost.Variable> variables = host.variables();
        if (variables.isEmpty()) {
            return MimeBundle.text("No variables defined yet.");
        }
        int nameWidth = Math.max(8, variables.stream().mapToInt(v -> v.name().length()).max().orElse(0));
        int typeWidth = Math.max(4, variables.stream().mapToInt(v -> v.type().length()).max().orElse(0));
        String row = "%-" + nameWidth + "s  %-" + typeWidth + "s  %s%n";
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, row, "Variable", "Type", "Value"));
        text.append("-".repeat(nameWidth + typeWidth + 4 + 5)).append('\n');
        StringBuilder html = new StringBuilder("<table class=\"zeroth-vars\"><thead><tr><th style=\"text-align:left\">"
                + "Variable</th><th style=\"text-align:left\">Type</th><th style=\"text-align:left\">Value</th></tr>"
                + "</thead><tbody>");
        List<String> values = host.inCell(() -> variables.stream().map(v -> v.defined() ? describe(v.value())
                : "(not usable yet: it needs something undefined)").toList(), "while %vars described the variables");
        for (int i = 0; i < variables.size(); i++) {
            MagicHost.Variable v = variables.get(i);
            String value = values.get(i);
            text.append(String.format(Locale.ROOT, row, v.name(), v.type(), value));
            html.append("<tr><td style=\"text-align:left\"><code>").append(escape(v.name()))
                    .append("</code></td><td style=\"text-align:left\"><code>").append(escape(v.type()))
                    .append("</code></td><td style=\"text-align:left\">").append(escape(value)).append("</td></tr>");
        }
        html.append("</tbody></table>");
        return MimeBundle.text(text.toString().stripTrailing()).with(MimeBundle.HTML, html.toString());
    }

    /** A short, one-line description of a value; fails only when stopped (a value's toString may fail or loop). */
    static String describe(Object value) {
        try {
            if (value == null) {
                return "null";
            }
            if (value instanceof INDArray a) {
                return "shape " + Arrays.toString(a.shape()) + ", " + a.dataType().name().toLowerCase(Locale.ROOT);
            }
            if (value instanceof Run run) {
                List<String> lines = run.toString().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
                String outcome = lines.stream().filter(l -> l.startsWith("best f(x)")).findFirst().orElse("");
                return shorten(lines.isEmpty() ? "" : lines.get(0) + (outcome.isEmpty() ? "" : ": " + outcome));
            }
            if (value.getClass().isArray()) {
                String type = value.getClass().getComponentType().getSimpleName();
                int length = Array.getLength(value);
                return type + "[" + length + "]" + (length <= 8 ? " " + arrayText(value) : "");
            }
            if (value instanceof Collection<?> c) {
                return publicName(value) + " of " + c.size() + (c.size() <= 8 ? ": " + shorten(c.toString()) : "");
            }
            if (value instanceof Map<?, ?> m) {
                return publicName(value) + " of " + m.size() + (m.size() <= 8 ? ": " + shorten(m.toString()) : "");
            }
            if (value instanceof CharSequence s) {
                return shorten("\"" + s + "\"");
            }
            if (value.getClass().isSynthetic() || value.getClass().getName().contains("$$Lambda")) {
                Class<?>[] types = value.getClass().getInterfaces();
                return "a lambda" + (types.length == 0 ? "" : " (" + types[0].getSimpleName() + ")");
            }
            return shorten(Objects.toString(value.toString(), "null")); // toString() may return null
        } catch (Throwable t) {
            if (CellRunner.isStop(t)) {
                throw t; // an interrupt ends the magic, not just this line
            }
            return value.getClass().getName() + " (no description: " + t.getClass().getSimpleName() + ")";
        }
    }

    /** The class's name if it is public, else the interface users know it by: List.of(1, 2) is a List, not a List12. */
    private static String publicName(Object value) {
        Class<?> type = value.getClass();
        if (Modifier.isPublic(type.getModifiers()) && !type.isAnonymousClass()) {
            return type.getSimpleName();
        }
        return Stream.of(List.class, Set.class, Deque.class, Queue.class, Collection.class, Map.class)
                .filter(known -> known.isInstance(value)).findFirst().orElse(Object.class).getSimpleName();
    }

    private static String arrayText(Object array) {
        if (array instanceof Object[] objects) {
            return shorten(Arrays.deepToString(objects));
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < Array.getLength(array); i++) {
            out.append(i == 0 ? "" : ", ").append(Array.get(array, i));
        }
        return shorten(out.append(']').toString());
    }

    private static String shorten(String s) {
        String line = s.lines().findFirst().orElse("").strip();
        boolean more = line.length() > WIDTH || s.strip().contains("\n");
        return more ? line.substring(0, Math.min(line.length(), WIDTH - 1)) + "…" : line;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
