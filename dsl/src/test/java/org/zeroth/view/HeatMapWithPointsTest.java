package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static heatmap draws a figure's points where they belong: found in the PNG itself, a point at the centre
 * of the one cell painted in viridis' brightest colour sits at the centre of that painted cell, whatever layout
 * XChart gave the plot area. Its cells meet without seams, and its colour bar's ends read as numbers do elsewhere.
 */
class HeatMapWithPointsTest {
    private static final int BRIGHTEST = 0xfde725;
    private static final int MARKER = 0x1f77b4; // the first trace colour of Plot's palette

    @Test
    void aPointAtACellsCentreIsDrawnAtThePaintedCellsCentre(@TempDir Path dir) throws Exception {
        // Cells centred at x = 10, 20, 30 and y = 100, 200; the maximum (brightest) at x = 30, y = 100: bottom right.
        double[][] z = {{0, 1, 5}, {2, 3, 4}};
        Figure figure = Figure.titled("alignment").heatmap("z", new double[] {10, 20, 30}, new double[] {100, 200}, z)
                .points("here", new double[] {30}, new double[] {100});
        BufferedImage png = ImageIO.read(Files.newInputStream(figure.save(dir.resolve("f.png"))));

        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int i = 0; i < png.getWidth(); i++) {
            for (int j = png.getHeight() / 2; j < png.getHeight(); j++) { // the legend's marker is in the top left
                if ((png.getRGB(i, j) & 0xffffff) == MARKER) {
                    sx += i;
                    sy += j;
                    n++;
                }
            }
        }
        assertTrue(n > 10, "the marker is drawn (" + n + " pixels of its colour)");
        int mx = (int) Math.round(sx / n);
        int my = (int) Math.round(sy / n);
        // The painted cell: the brightest pixels connected to the marker's surroundings (not the colour bar's).
        int[] box = component(png, mx - 10, my, BRIGHTEST);
        assertTrue(box[4] > 1000, "the marker sits on the brightest cell (" + box[4] + " pixels around it)");
        assertEquals((box[0] + box[2]) / 2.0, sx / n, 1.5, "x: the marker at the cell's centre");
        assertEquals((box[1] + box[3]) / 2.0, sy / n, 1.5, "y: the marker at the cell's centre");
    }

    @Test
    void theColourBarLabelsItsEndsAsViewsWriteNumbers(@TempDir Path dir) throws Exception {
        double[][] z = {{-0.09349374619242212, 100}, {50, 231.00698079572965}};
        Figure figure = Figure.titled("ends").heatmap("z", new double[] {1, 2}, new double[] {1, 2}, z);
        String svg = Files.readString(figure.save(dir.resolve("f.svg")));
        assertTrue(svg.contains(">-0.09349<") && svg.contains(">231<"), "the ends, four digits");
        assertFalse(svg.contains("00698"), "not all their digits");
        for (String tick : new String[] {"50", "100", "150", "200"}) {
            assertTrue(svg.contains(">" + tick + "<"), "round values ticked between the ends: " + tick);
        }
    }

    @Test
    void theColourBarTicksRoundValuesEvenlyInsideItsEnds() {
        assertArrayEquals(new double[] {0, 50, 100, 150, 200}, HeatMapWithPoints.ticks(-0.0935, 231.007), 1e-12);
        assertEquals(0, HeatMapWithPoints.ticks(3, 3).length, "a flat heatmap: no ticks");
        Random random = new Random(5);
        for (int i = 0; i < 1000; i++) {
            // ranges from 10⁻⁶ to 10⁶, at most 10³ times smaller than the values' size (a heatmap's colours)
            int e = random.nextInt(12) - 6;
            double min = (random.nextDouble() - 0.5) * Math.pow(10, e + random.nextInt(4));
            double max = min + (0.01 + random.nextDouble()) * Math.pow(10, e);
            double[] ticks = HeatMapWithPoints.ticks(min, max);
            assertTrue(ticks.length >= 2 && ticks.length <= 6, ticks.length + " ticks in [" + min + ", " + max + "]");
            double step = ticks[1] - ticks[0];
            double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
            assertTrue(Math.abs(mantissa - 1) < 1e-6 || Math.abs(mantissa - 2) < 1e-6 || Math.abs(mantissa - 5) < 1e-6,
                    "a 1-2-5 step: " + step);
            for (int k = 0; k < ticks.length; k++) {
                assertTrue(min < ticks[k] && ticks[k] < max, "inside the ends: " + ticks[k]);
                assertEquals(ticks[0] + k * step, ticks[k], 1e-9 * step, "evenly spaced");
                assertEquals(Math.rint(ticks[k] / step), ticks[k] / step, 1e-6, "a multiple of the step");
            }
        }
    }

    @Test
    void cellsOfOneValueMeetWithoutSeams(@TempDir Path dir) throws Exception {
        double[][] z = new double[7][9]; // cell edges at fractional pixels, where anti-aliased fills leave seams
        Figure figure = Figure.titled("flat").heatmap("z", new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
                new double[] {1, 2, 3, 4, 5, 6, 7}, z);
        BufferedImage png = ImageIO.read(Files.newInputStream(figure.save(dir.resolve("f.png"))));
        int[] box = component(png, png.getWidth() / 2, png.getHeight() / 2, 0x440154);
        int area = (box[2] - box[0] + 1) * (box[3] - box[1] + 1);
        assertTrue(area > png.getWidth() * png.getHeight() / 3, "the cells cover the plot area (" + area + " px)");
        assertEquals(area, box[4], "every pixel between the outer edges is the cells' colour");
    }

    /**
     * {minX, minY, maxX, maxY, count} of the 4-connected pixels of colour rgb from (x, y), give or take 2 in a
     * channel (where anti-aliased cell edges overlap, compositing rounds a channel by one).
     */
    private static int[] component(BufferedImage png, int x, int y, int rgb) {
        int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, 0};
        boolean[][] seen = new boolean[png.getWidth()][png.getHeight()];
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        queue.add(new int[] {x, y});
        while (!queue.isEmpty()) {
            int[] p = queue.poll();
            int i = p[0];
            int j = p[1];
            if (i < 0 || j < 0 || i >= png.getWidth() || j >= png.getHeight() || seen[i][j]
                    || !near(png.getRGB(i, j), rgb)) {
                continue;
            }
            seen[i][j] = true;
            box[0] = Math.min(box[0], i);
            box[1] = Math.min(box[1], j);
            box[2] = Math.max(box[2], i);
            box[3] = Math.max(box[3], j);
            box[4]++;
            queue.add(new int[] {i + 1, j});
            queue.add(new int[] {i - 1, j});
            queue.add(new int[] {i, j + 1});
            queue.add(new int[] {i, j - 1});
        }
        return box;
    }

    private static boolean near(int argb, int rgb) {
        for (int shift = 0; shift < 24; shift += 8) {
            if (Math.abs((argb >> shift & 0xff) - (rgb >> shift & 0xff)) > 2) {
                return false;
            }
        }
        return true;
    }
}
