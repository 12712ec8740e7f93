package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The renderer registry: the most specific registered type of a value wins, users' renderers included. */
class ViewsRegistryTest {
    interface Shape { }

    interface Round extends Shape { }

    static class Base implements Shape { }

    static class Circle extends Base implements Round { }

    static final class Disc extends Circle { }

    @AfterEach
    void forget() {
        List.of(Shape.class, Round.class, Base.class, Circle.class, Disc.class, Object.class)
                .forEach(Views::unregister);
    }

    private static String shown(Object value) {
        return Views.bundle(value).get(MimeBundle.TEXT);
    }

    @Test
    void arraysShowTheirElementsAsJShellPrintsThem() {
        assertEquals("double[3] { 1.0, 2.5, -3.0 }", Views.bundle(new double[] {1, 2.5, -3}).get(MimeBundle.TEXT));
        assertEquals("int[0] {}", Views.bundle(new int[0]).get(MimeBundle.TEXT));
        assertEquals("double[2][] { double[1] { 1.0 }, null }",
                Views.bundle(new double[][] {{1}, null}).get(MimeBundle.TEXT));
        assertEquals("String[1] { a }", Views.bundle(new String[] {"a"}).get(MimeBundle.TEXT));
        long[] sevens = new long[250];
        java.util.Arrays.fill(sevens, 7);
        String big = (String) Views.bundle(sevens).get(MimeBundle.TEXT);
        assertEquals(Views.ARRAY_ELEMENTS, big.chars().filter(c -> c == '7').count(), big);
        assertTrue(big.startsWith("long[250] { 7, 7,") && big.endsWith(", 7, … 150 more }"), big);
    }

    @Test
    void theClassThenSuperclassesThenInterfacesNearestFirst() {
        assertEquals(List.of(Disc.class, Circle.class, Base.class, Round.class, Shape.class, Object.class),
                List.copyOf(Views.lineage(Disc.class)));
        Views.register(Shape.class, x -> "shape");
        assertEquals("shape", shown(new Disc()), "an interface of a superclass is found");
        Views.register(Round.class, x -> "round");
        assertEquals("round", shown(new Disc()), "a nearer interface wins");
        Views.register(Base.class, x -> "base");
        assertEquals("base", shown(new Disc()), "a superclass wins over any interface");
        Views.register(Circle.class, x -> "circle");
        assertEquals("circle", shown(new Disc()));
        assertEquals("base", shown(new Base()), "a supertype never takes a subtype's renderer");
        Views.register(Disc.class, x -> "disc");
        assertEquals("disc", shown(new Disc()));
    }

    @Test
    void objectComesLastSoInterfacesBeatIt() {
        Views.register(Object.class, x -> "anything");
        Views.register(Shape.class, x -> "shape");
        assertEquals("shape", shown(new Base()));
        assertEquals("anything", shown(42));
    }

    @Test
    void aRendererMayReturnABundleAFigureAViewATableOrText() {
        Views.register(Base.class, x -> MimeBundle.text("b").with(MimeBundle.HTML, "<b>b</b>"));
        assertEquals("<b>b</b>", Views.bundle(new Base()).get(MimeBundle.HTML));
        Views.register(Base.class, x -> Figure.titled("fig").line("f", new double[] {1, 2}, new double[] {3, 4}));
        assertTrue(Views.bundle(new Base()).has(MimeBundle.SVG), "a figure renders as a figure");
        Views.register(Base.class, x -> View.titled("view").line("a line"));
        assertTrue(Views.bundle(new Base()).get(MimeBundle.HTML).contains("a line"));
        Views.register(Base.class, x -> tech.tablesaw.api.Table.create("t"));
        assertTrue(Views.bundle(new Base()).get(MimeBundle.HTML).contains("<table"));
    }

    @Test
    void aRendererReturningSomethingElseSaysWhatToReturn() {
        Views.register(Base.class, x -> 42);
        var e = assertThrows(IllegalArgumentException.class, () -> Views.bundle(new Base()));
        assertTrue(e.getMessage().contains("return a MimeBundle, Figure, View, Table or String"), e.getMessage());
        var p = assertThrows(IllegalArgumentException.class, () -> Views.register(int.class, x -> "n"));
        assertTrue(p.getMessage().contains("register Integer.class"), p.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Views.register(Base.class, null));
    }

    @Test
    void longCollectionsAndMapsShowTheirHeadAndSizeAsArraysDo() {
        List<Integer> numbers = java.util.stream.IntStream.range(0, 5_000_000).boxed().toList();
        String list = shown(numbers);
        assertTrue(list.startsWith("[0, 1, 2,") && list.endsWith(", 99, … 4999900 more] (size 5000000)"), ends(list));
        java.util.Map<Integer, List<Integer>> nested = new java.util.TreeMap<>();
        for (int i = 0; i < 101; i++) {
            nested.put(i, numbers);
        }
        String map = shown(nested);
        assertTrue(map.startsWith("{0=[0, 1,") && map.endsWith("(size 5000000), … 1 more} (size 101)"), ends(map));
        assertTrue(map.length() < 200_000, "nested collections are cut too: " + map.length());
        assertEquals("[1, 2]", shown(List.of(1, 2)), "short ones show their toString()");
    }

    /** A long text's two ends, for a failure message that stays readable. */
    private static String ends(String text) {
        return text.length() <= 400 ? text : text.substring(0, 200) + " … " + text.substring(text.length() - 200);
    }

    @Test
    void aToStringReturningNullShowsNullAsJShellDoes() {
        assertEquals("null", shown(new Object() {
            @Override
            public String toString() {
                return null;
            }
        }));
    }

    @Test
    void unregisteredValuesShowTheirText() {
        assertEquals("42", shown(42));
        assertEquals("null", shown(null));
        MimeBundle own = MimeBundle.text("as is");
        assertEquals(own, Views.bundle(own), "a bundle shows as itself");
    }
}
