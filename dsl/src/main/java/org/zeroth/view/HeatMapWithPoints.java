package org.zeroth.view;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;
import org.knowm.xchart.internal.chartpart.Legend_HeatMap;
import org.knowm.xchart.style.HeatMapStyler;

/**
 * XChart's heatmap with a plot's points drawn over it (observations on a model's surface), which XChart's heatmap
 * cannot hold as series. Its cells fill the plot area (content size 1), so a point maps linearly from the grid's
 * outer cell edges to the area's edges; the points' legend sits in the area's top left corner. Its colour bar
 * ({@link ColourBar}) replaces XChart's, which prints its ends with all their digits.
 */
final class HeatMapWithPoints extends HeatMapChart {
    private static final double MARKER = 8;
    private final double[] xEdges;
    private final double[] yEdges;
    private final List<Plot.Series> points;

    /** A heatmap over cells centred at x × y (evenly spaced), with {@code points} drawn on top. */
    HeatMapWithPoints(int width, int height, double[] x, double[] y, List<Plot.Series> points) {
        super(width, height);
        this.xEdges = edges(x);
        this.yEdges = edges(y);
        this.points = points;
        this.legend = new ColourBar();
    }

    /** The outer edges of evenly spaced cells with these centres (a single cell: ±½ around it). */
    private static double[] edges(double[] centres) {
        int n = centres.length;
        double half = n > 1 ? (centres[n - 1] - centres[0]) / (n - 1) / 2 : 0.5;
        return new double[] {centres[0] - half, centres[n - 1] + half};
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        getStyler().setPlotContentSize(1); // here: the styler's setAllStyles() would reset it
        super.paint(g, width, height);
        if (points.isEmpty()) {
            return;
        }
        Rectangle2D area = plot.getBounds();
        Shape clip = g.getClip();
        g.clip(area);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (Plot.Series s : points) {
            Color color = Color.decode(Plot.color(s.trace().color()));
            for (int i = 0; i < s.x().length; i++) {
                double px = area.getX() + (s.x()[i] - xEdges[0]) / (xEdges[1] - xEdges[0]) * area.getWidth();
                double py = area.getMaxY() - (s.y()[i] - yEdges[0]) / (yEdges[1] - yEdges[0]) * area.getHeight();
                marker(g, color, px, py);
            }
        }
        legend(g, area);
        g.setClip(clip);
    }

    private static void marker(Graphics2D g, Color color, double x, double y) {
        Ellipse2D dot = new Ellipse2D.Double(x - MARKER / 2, y - MARKER / 2, MARKER, MARKER);
        g.setColor(color);
        g.fill(dot);
        g.setColor(Color.WHITE); // visible on dark and light cells alike
        g.setStroke(new BasicStroke(1.2f));
        g.draw(dot);
    }

    private void legend(Graphics2D g, Rectangle2D area) {
        Font font = getStyler().getLegendFont();
        g.setFont(font);
        double line = font.getSize2D() + 6;
        double width = 0;
        for (Plot.Series s : points) {
            width = Math.max(width, g.getFontMetrics().stringWidth(s.trace().name()));
        }
        Rectangle2D box = new Rectangle2D.Double(area.getX() + 6, area.getY() + 6, width + MARKER + 18,
                line * points.size() + 6);
        g.setColor(new Color(255, 255, 255, 220));
        g.fill(box);
        for (int i = 0; i < points.size(); i++) {
            double middle = box.getY() + 3 + line * (i + 0.5);
            marker(g, Color.decode(Plot.color(points.get(i).trace().color())), box.getX() + 6 + MARKER / 2, middle);
            g.setColor(Color.DARK_GRAY);
            g.drawString(points.get(i).trace().name(), (float) (box.getX() + MARKER + 12),
                    (float) (middle + font.getSize2D() / 2 - 2));
        }
    }

    /**
     * Viridis from the smallest value (bottom) to the largest (top) beside the plot area, the full height of it: its
     * ends labelled with their values, round values ticked between them.
     */
    private final class ColourBar extends Legend_HeatMap<HeatMapStyler, HeatMapSeries> {
        private static final double BAR = 16;
        private static final double GAP = 6;
        private static final FontRenderContext TEXT = new FontRenderContext(null, true, false);

        ColourBar() {
            super(HeatMapWithPoints.this);
        }

        /** {smallest, largest} (StaticChart draws a heatmap only when a cell holds a value). */
        private String[] ends() {
            HeatMapSeries s = getHeatMapSeries();
            return new String[] {Numbers.format(s.getMin()), Numbers.format(s.getMax())};
        }

        /** Only its width counts: XChart leaves it beside the plot area. */
        @Override
        public Rectangle2D getBounds() {
            double text = 0;
            List<String> labels = new ArrayList<>(List.of(ends()));
            for (double tick : ticks(getHeatMapSeries().getMin(), getHeatMapSeries().getMax())) {
                labels.add(TickLabels.label(tick));
            }
            for (String label : labels) {
                text = Math.max(text, getStyler().getLegendFont().getStringBounds(label, TEXT).getWidth());
            }
            return new Rectangle2D.Double(0, 0, GAP + BAR + GAP + text + GAP, getHeight());
        }

        @Override
        public void paint(Graphics2D g) {
            Rectangle2D area = plot.getBounds();
            double x = getWidth() - getBounds().getWidth() + GAP;
            Color[] colors = getStyler().getRangeColors();
            float[] fractions = new float[colors.length];
            for (int i = 0; i < colors.length; i++) {
                fractions[i] = (float) i / (colors.length - 1);
            }
            g.setPaint(new LinearGradientPaint((float) x, (float) area.getMaxY(), (float) x, (float) area.getY(),
                    fractions, colors));
            g.fill(new Rectangle2D.Double(x, area.getY(), BAR, area.getHeight()));
            Font font = getStyler().getLegendFont();
            g.setFont(font);
            g.setColor(getStyler().getChartFontColor());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            String[] ends = ends();
            float left = (float) (x + BAR + GAP);
            g.drawString(ends[1], left, (float) (area.getY() + font.getSize2D()));
            g.drawString(ends[0], left, (float) area.getMaxY());
            double min = getHeatMapSeries().getMin();
            double max = getHeatMapSeries().getMax();
            g.setStroke(new BasicStroke(1f));
            for (double tick : ticks(min, max)) {
                double y = area.getMaxY() - (tick - min) / (max - min) * area.getHeight();
                if (y - area.getY() > 2 * font.getSize2D() && area.getMaxY() - y > 2 * font.getSize2D()) {
                    g.draw(new Line2D.Double(x + BAR - 4, y, x + BAR, y)); // clear of the ends' labels
                    g.drawString(TickLabels.label(tick), left, (float) (y + font.getSize2D() / 2 - 1));
                }
            }
        }
    }

    /**
     * Round values strictly inside (min, max), 1, 2 or 5 × 10ᵏ apart: the smallest such step that leaves at most six
     * (at least two); none if min = max.
     */
    static double[] ticks(double min, double max) {
        if (!(max > min)) {
            return new double[0];
        }
        double raw = (max - min) / 6;
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / decade;
        double step = decade * (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10);
        List<Double> ticks = new ArrayList<>();
        for (long k = (long) Math.floor(min / step) + 1; k * step < max; k++) {
            ticks.add(k * step);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
