package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;

/** A static chart's legend sits where it hides no data, as matplotlib's loc="best" does. */
class LegendPlacementTest {

    @Test
    void theLegendLeavesTheEndOfRisingCurvesVisible() {
        double[] x = new double[50];
        double[] fast = new double[50];
        double[] slow = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i] = i;
            fast[i] = 1 - Math.exp(-i / 8.0); // accuracy curves: they end in the top right corner
            slow[i] = 1 - Math.exp(-i / 30.0);
        }
        Figure figure = Figure.titled("accuracy").xAxis("round").yAxis("accuracy")
                .line("ranked by the user's judge", x, fast).line("ranked by f", x, slow);
        XYChart chart = chart(figure);
        assertNotEquals(LegendPosition.InsideNE, chart.getStyler().getLegendPosition());
        // Every pixel the curves paint without a legend is painted the same with it.
        XYChart bare = chart(figure);
        bare.getStyler().setLegendVisible(false);
        BufferedImage with = BitmapEncoder.getBufferedImage(chart);
        BufferedImage without = BitmapEncoder.getBufferedImage(bare);
        int curve = 0;
        int hidden = 0;
        for (int py = 0; py < with.getHeight(); py++) {
            for (int px = 0; px < with.getWidth(); px++) {
                int rgb = without.getRGB(px, py);
                if (saturated(rgb)) {
                    curve++;
                    hidden += with.getRGB(px, py) == rgb ? 0 : 1;
                }
            }
        }
        assertTrue(curve > 500, "the curves paint " + curve + " pixels");
        assertEquals(0, hidden, "curve pixels under the legend at " + chart.getStyler().getLegendPosition());
    }

    @Test
    void dataInEveryCornerPutsTheLegendBesideThePlotOrBelowLongNames() {
        double[] x = {0, 0, 0.5, 0.5, 1, 1};
        double[] y = {0, 1, 0, 1, 0, 1};
        Figure figure = Figure.titled("corners").xAxis("x").yAxis("y").points("everywhere", x, y);
        assertEquals(LegendPosition.OutsideE, chart(figure).getStyler().getLegendPosition());
        Figure longNames = Figure.titled("corners").points("zo-adam gaussian h=0.001 q=8 central lr=0.01", x, y);
        assertEquals(LegendPosition.OutsideS, chart(longNames).getStyler().getLegendPosition());
    }

    @Test
    void pointsAndALineOfOneNameShareAColourAndOneEntry() {
        double[] x = {1, 2, 3};
        Figure figure = Figure.titled("f").points("forward", x, x).line("forward", x, x).line("central", x, x);
        List<Trace> traces = figure.traces();
        assertEquals(traces.get(0).color(), traces.get(1).color());
        assertEquals(List.of(true, false, true), traces.stream().map(Trace::inLegend).toList());
        assertEquals(traces.get(0).color() + 1, traces.get(2).color(), "the next name takes the next colour");
    }

    private static XYChart chart(Figure figure) {
        return StaticChart.chart(figure.plot(Plot.MAX_STATIC_POINTS), Figure.WIDTH, Figure.HEIGHT);
    }

    /** A series colour (the palette's), not the white, grey or black of the frame, grid and text. */
    private static boolean saturated(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60;
    }
}
