package org.zeroth.view;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tech.tablesaw.api.Table;

/**
 * The one place that turns any value into a MIME bundle — the renderer registry the kernel consults for every
 * displayed value — and the hook for live displays.
 * <p>A renderer is registered for a type; a value shows with the renderer of its most specific type: its class,
 * then its superclasses, then the interfaces they implement (nearest first), {@code Object} last. Zeroth's results
 * are registered here (see {@link Renderers}), so the computing packages never import rendering. Your own types
 * too, in a notebook cell:
 * <pre>{@code
 * Views.register(Point.class, p -> Figure.titled("point").points("p", new double[] {p.x()}, new double[] {p.y()}));
 * Views.register(Money.class, m -> MimeBundle.text(m + " EUR").with(MimeBundle.HTML, "<b>" + m + " €</b>"));
 * }</pre>
 */
public final class Views {
    private static final Map<Class<?>, Function<Object, ?>> RENDERERS = new ConcurrentHashMap<>();
    private static volatile DisplaySink sink;

    static {
        Renderers.registerBuiltIns();
    }

    private Views() {
    }

    /**
     * Makes values of {@code type} (and its subtypes without a renderer of their own) show with {@code renderer},
     * which returns a {@link MimeBundle}, a {@link Figure}, a {@link View}, any {@link Displayable}, a Tablesaw
     * {@link Table} or a {@link CharSequence} (plain text). Registering a type again replaces its renderer.
     */
    public static <T> void register(Class<T> type, Function<? super T, ?> renderer) {
        if (type == null || renderer == null) {
            throw new IllegalArgumentException("register(type, renderer): give both, e.g. "
                    + "Views.register(MyType.class, x -> MimeBundle.text(x.toString()))");
        }
        if (type.isPrimitive()) {
            throw new IllegalArgumentException("register(" + type + ", …): values are boxed; register "
                    + java.lang.invoke.MethodType.methodType(type).wrap().returnType().getSimpleName() + ".class");
        }
        RENDERERS.put(type, value -> renderer.apply(type.cast(value)));
    }

    /** Forgets the renderer registered for exactly {@code type}; values of it show as its supertypes do. */
    public static void unregister(Class<?> type) {
        RENDERERS.remove(type);
    }

    /** The bundle a notebook shows for {@code value}: by its most specific renderer, else its text. */
    public static MimeBundle bundle(Object value) {
        if (value == null) {
            return MimeBundle.text("null");
        }
        if (value instanceof MimeBundle bundle) {
            return bundle;
        }
        Function<Object, ?> renderer = rendererOf(value.getClass());
        if (renderer == null && value.getClass().isArray()) {
            return MimeBundle.text(arrayText(value)); // not "[D@6c3be9b4"
        }
        if (renderer == null && size(value) > ARRAY_ELEMENTS) {
            return MimeBundle.text(collectionText(value)); // not 40 MB of text for a long list
        }
        return renderer == null ? MimeBundle.text(text(value)) : asBundle(renderer.apply(value), value);
    }

    /** The value's toString(), or "null" as JShell shows it when that returns null. */
    static String text(Object value) {
        String text = String.valueOf(value);
        return text == null ? "null" : text;
    }

    /** Elements an array shows, per level: a notebook is no place for a million numbers. */
    static final int ARRAY_ELEMENTS = 100;

    /** An array as JShell prints it, e.g. {@code double[3] { 1.0, 2.0, 3.0 }}; long ones cut after 100 elements. */
    static String arrayText(Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        String type = array.getClass().getComponentType().getSimpleName();
        int bracket = type.indexOf('[');
        StringBuilder out = new StringBuilder(bracket < 0 ? type + "[" + n + "]"
                : type.substring(0, bracket) + "[" + n + "]" + type.substring(bracket)).append(" {");
        for (int i = 0; i < Math.min(n, ARRAY_ELEMENTS); i++) {
            Object e = java.lang.reflect.Array.get(array, i);
            out.append(i == 0 ? " " : ", ").append(e != null && e.getClass().isArray() ? arrayText(e) : e);
        }
        return out.append(n > ARRAY_ELEMENTS ? ", … " + (n - ARRAY_ELEMENTS) + " more }" : n == 0 ? "}" : " }")
                .toString();
    }

    /** A collection's or map's size, else -1. */
    private static int size(Object value) {
        return value instanceof java.util.Collection<?> c ? c.size() : value instanceof Map<?, ?> m ? m.size() : -1;
    }

    /**
     * A long collection or map as its toString() writes it, cut as arrays are after 100 elements (the nested ones
     * too), with its size: {@code [0, 1, …, 99, … 4999900 more] (size 5000000)}.
     */
    static String collectionText(Object value) {
        boolean map = value instanceof Map<?, ?>;
        java.util.Iterator<?> items = map ? ((Map<?, ?>) value).entrySet().iterator()
                : ((java.util.Collection<?>) value).iterator();
        int n = size(value);
        StringBuilder out = new StringBuilder(map ? "{" : "[");
        for (int i = 0; i < ARRAY_ELEMENTS && items.hasNext(); i++) {
            Object item = items.next();
            out.append(i == 0 ? "" : ", ");
            if (item instanceof Map.Entry<?, ?> e && map) {
                out.append(elementText(e.getKey(), value)).append('=').append(elementText(e.getValue(), value));
            } else {
                out.append(elementText(item, value));
            }
        }
        int more = n - ARRAY_ELEMENTS;
        return out.append(more > 0 ? ", … " + more + " more" : "").append(map ? "}" : "]")
                .append(more > 0 ? " (size " + n + ")" : "").toString();
    }

    private static String elementText(Object e, Object container) {
        if (e == container) {
            return e instanceof Map<?, ?> ? "(this Map)" : "(this Collection)"; // as toString() writes it
        }
        return e != null && e.getClass().isArray() ? arrayText(e) : size(e) >= 0 ? collectionText(e) : text(e);
    }

    /** The renderer of the most specific registered type of {@code type}, or null. */
    static Function<Object, ?> rendererOf(Class<?> type) {
        for (Class<?> c : lineage(type)) {
            Function<Object, ?> renderer = RENDERERS.get(c);
            if (renderer != null) {
                return renderer;
            }
        }
        return null;
    }

    /** {@code type}, its superclasses, then their interfaces breadth-first (nearest first), then Object. */
    static Set<Class<?>> lineage(Class<?> type) {
        Set<Class<?>> order = new LinkedHashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            order.add(c);
        }
        Deque<Class<?>> interfaces = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            interfaces.addAll(java.util.List.of(c.getInterfaces()));
        }
        while (!interfaces.isEmpty()) {
            Class<?> i = interfaces.removeFirst();
            if (order.add(i)) {
                interfaces.addAll(java.util.List.of(i.getInterfaces()));
            }
        }
        order.add(Object.class);
        return order;
    }

    private static MimeBundle asBundle(Object shown, Object value) {
        if (shown instanceof MimeBundle bundle) {
            return bundle;
        }
        if (shown instanceof Displayable displayable) {
            return displayable.toMimeBundle();
        }
        if (shown instanceof Table table) {
            return TableView.of(table).toMimeBundle();
        }
        if (shown instanceof CharSequence text) {
            return MimeBundle.text(text.toString());
        }
        throw new IllegalArgumentException("the renderer registered for " + value.getClass().getName() + " returned "
                + (shown == null ? "null" : "a " + shown.getClass().getName()) + "; return a MimeBundle, Figure, View,"
                + " Table or String, e.g. x -> MimeBundle.text(\"…\").with(MimeBundle.HTML, \"<b>…</b>\")");
    }

    /** Installed by a front-end (the kernel) that can show and update displays; {@code null} removes it. */
    public static void installSink(DisplaySink displaySink) {
        sink = displaySink;
    }

    public static Optional<DisplaySink> sink() {
        return Optional.ofNullable(sink);
    }
}
