package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** Static charts tick on 1-2-5 steps (decades on log axes) with short labels, never on raw data values. */
class StaticChartTicksTest {
    private record Ticks(List<String> xLabels, List<String> yLabels) {
        List<Double> x() {
            return xLabels.stream().map(StaticChartTicksTest::parse).toList();
        }

        List<Double> y() {
            return yLabels.stream().map(StaticChartTicksTest::parse).toList();
        }
    }

    /** Draws {@code figure} and reads the tick labels XChart drew on each axis, as numbers. */
    private static Ticks ticks(Figure figure) {
        XYChart chart = StaticChart.chart(figure.plot(Plot.MAX_STATIC_POINTS), Figure.WIDTH, Figure.HEIGHT);
        BufferedImage image = new BufferedImage(Figure.WIDTH, Figure.HEIGHT, BufferedImage.TYPE_INT_ARGB);
        var g = image.createGraphics();
        chart.paint(g, Figure.WIDTH, Figure.HEIGHT);
        g.dispose();
        return new Ticks(drawn(chart, "getXAxis"), drawn(chart, "getYAxis"));
    }

    /** XChart keeps the labels it drew in the axis' tick calculator (internal: read by reflection). */
    private static List<String> drawn(XYChart chart, String axis) {
        try {
            Field pair = Class.forName("org.knowm.xchart.internal.chartpart.AxesChart").getDeclaredField("axisPair");
            pair.setAccessible(true);
            Object axisPair = pair.get(chart);
            Object theAxis = call(axisPair, axis);
            Object calculator = call(theAxis, "getAxisTickCalculator");
            @SuppressWarnings("unchecked")
            List<String> labels = (List<String>) call(calculator, "getTickLabels");
            return labels.stream().filter(l -> l != null && !l.isEmpty()).toList();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read XChart's ticks", e);
        }
    }

    private static Object call(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) {
                    m.setAccessible(true);
                    return m.invoke(target);
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    /** A label back to its value: "1500", "12.5k", "2.5e-6". */
    private static double parse(String label) {
        String[] si = {"k", "M", "G", "T"};
        for (int i = 0; i < si.length; i++) {
            if (label.endsWith(si[i])) {
                return Double.parseDouble(label.substring(0, label.length() - 1)) * Math.pow(1000, i + 1);
            }
        }
        return Double.parseDouble(label);
    }

    /** Consecutive ticks differ by one step s = 1, 2 or 5 × 10^k and every tick is a multiple of s. */
    private static void assertOneTwoFive(List<Double> ticks) {
        assertTrue(ticks.size() >= 3, "a few ticks: " + ticks);
        double step = ticks.get(1) - ticks.get(0);
        double decade = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
        double mantissa = step / decade;
        assertTrue(List.of(1.0, 2.0, 5.0).stream().anyMatch(m -> Math.abs(m - mantissa) < 1e-9),
                "step " + step + " is not 1, 2 or 5 × 10^k: " + ticks);
        for (int i = 1; i < ticks.size(); i++) {
            assertEquals(step, ticks.get(i) - ticks.get(i - 1), step * 1e-9, "equal steps: " + ticks);
            double multiple = ticks.get(i) / step;
            assertEquals(Math.rint(multiple), multiple, 1e-6, "on the step's grid: " + ticks);
        }
    }

    @Test
    void aLogAxisOverManyDecadesLabelsEveryFewAndDrawsNoGrid() {
        // A diverged run's f from 1 to 1e133: XChart labelled all 134 decades on top of each other.
        double[] x = new double[200];
        double[] y = new double[200];
        for (int k = 0; k < 200; k++) {
            x[k] = k + 1;
            y[k] = Math.pow(10, 133.0 * k / 199);
        }
        Figure diverged = Figure.titled("diverged").xAxis("step").yAxis(Axis.of("f").log()).line("f", x, y);
        Ticks ticks = ticks(diverged);
        assertTrue(ticks.yLabels().size() >= 8 && ticks.yLabels().size() <= 14, "labels: " + ticks.yLabels());
        for (double v : ticks.y()) {
            assertEquals(0, Math.round(Math.log10(v)) % 14, "every 14th decade: " + ticks.yLabels());
        }
        XYChart chart = StaticChart.chart(diverged.plot(Plot.MAX_STATIC_POINTS), Figure.WIDTH, Figure.HEIGHT);
        assertFalse(chart.getStyler().isPlotGridHorizontalLinesVisible(), "no grid over 134 decades");
        double[] few = new double[200];
        for (int k = 0; k < 200; k++) {
            few[k] = Math.pow(10, 4.0 * k / 199);
        }
        Ticks normal = ticks(Figure.titled("normal").xAxis("step").yAxis(Axis.of("f").log()).line("f", x, few));
        assertEquals(List.of(1.0, 10.0, 100.0, 1000.0, 10000.0), normal.y(), "a few decades: each labelled");
    }

    @Test
    void equallySpacedDataStillTicksOnOneTwoFiveSteps() {
        // a mean curve sampled every 2000/30 = 66.67 evaluations: XChart alone ticked at 66.6667, 533.3333, …
        double[] x = new double[30];
        double[] y = new double[30];
        for (int k = 0; k < 30; k++) {
            x[k] = 2000.0 * (k + 1) / 30;
            y[k] = 3 + 1.0 / (k + 1);
        }
        Ticks ticks = ticks(Figure.titled("curve").xAxis(Axis.of("evaluations").linear()).yAxis("f").line("f", x, y));
        assertOneTwoFive(ticks.x());
        assertOneTwoFive(ticks.y());
        ticks.x().forEach(v -> assertEquals(Math.rint(v), v, "whole numbers of evaluations: " + ticks.x()));
    }

    @Test
    void logAxesTickOnDecades() {
        double[] x = {1, 10, 100, 1_000, 10_000, 100_000};
        double[] y = {100, 1, 1e-2, 1e-4, 1e-6, 1e-8};
        Ticks ticks = ticks(Figure.titled("log").xAxis(Axis.of("evaluations").log()).yAxis(Axis.of("f").log())
                .line("f", x, y));
        for (List<Double> axis : List.of(ticks.x(), ticks.y())) {
            List<Double> decades = axis.stream().filter(v -> {
                double e = Math.log10(v);
                return Math.abs(e - Math.rint(e)) < 1e-9;
            }).toList();
            assertTrue(decades.size() >= 5, "labelled decades: " + axis);
        }
        assertTrue(ticks.xLabels().containsAll(List.of("1", "100", "10k")), "SI on the x axis: " + ticks.xLabels());
        assertTrue(ticks.yLabels().containsAll(List.of("1e-8", "1e-6", "0.01", "1", "100")),
                "scientific below 0.001: " + ticks.yLabels());
    }

    @Test
    void labelsAreShortPlainSiOrScientific() {
        assertEquals("0", TickLabels.label(0));
        assertEquals("0.3", TickLabels.label(0.1 + 0.2));
        assertEquals("1500", TickLabels.label(1500));
        assertEquals("-250", TickLabels.label(-250));
        assertEquals("0.001", TickLabels.label(1e-3));
        assertEquals("1e-4", TickLabels.label(1.0000000000000001e-4));
        assertEquals("2.5e-6", TickLabels.label(2.5e-6));
        assertEquals("-5e-8", TickLabels.label(-5e-8));
        assertEquals("10k", TickLabels.label(10_000));
        assertEquals("12.5k", TickLabels.label(12_500));
        assertEquals("2.5M", TickLabels.label(2_500_000));
        assertEquals("1G", TickLabels.label(1e9));
        assertEquals("100T", TickLabels.label(1e14));
        assertEquals("1e15", TickLabels.label(1e15));
        assertEquals("1e20", TickLabels.label(1e20));
    }
}
