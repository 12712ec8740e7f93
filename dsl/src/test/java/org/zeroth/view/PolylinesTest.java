package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs of touching segments become one path that strokes exactly the same segments, in the same order. */
class PolylinesTest {
    private static final String RED = " style='stroke:red;stroke-linecap:round' clip-path='url(#c)'";
    private static final String BLUE = " style='stroke:blue;stroke-linecap:square'";

    private static String line(double x1, double y1, double x2, double y2, String attributes) {
        return "<line x1='" + n(x1) + "' y1='" + n(y1) + "' x2='" + n(x2) + "' y2='" + n(y2) + "'" + attributes + "/>";
    }

    private static String n(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Test
    void aRunOfTouchingSegmentsBecomesOnePathAndEverythingElseStays() {
        String svg = "<svg>" + line(0, 0, 1, 1, RED) + line(1, 1, 2, 0.5, RED) + line(2, 0.5, 3, 3, RED)
                + line(3, 3, 4, 4, BLUE) // another style: a run of its own
                + line(5, 4, 6, 6, BLUE) // does not start where the last ended (x)
                + line(6, 6, 7, 7, BLUE) + "<rect/>" + line(7, 7, 8, 8, BLUE) // something drawn between
                + line(8, 9, 9, 9, BLUE) // does not start where the last ended (y)
                + line(9, 9, 9, 9, RED) + "</svg>";
        String joined = Polylines.join(svg);
        assertEquals("<svg><path d='M0,0L1,1L2,0.5L3,3' fill='none' stroke-linejoin='round'" + RED + "/>"
                + line(3, 3, 4, 4, BLUE) + "<path d='M5,4L6,6L7,7' fill='none'" + BLUE + "/><rect/>"
                + line(7, 7, 8, 8, BLUE) + line(8, 9, 9, 9, BLUE) + line(9, 9, 9, 9, RED) + "</svg>", joined);
    }

    @Test
    void aDrawnFigureStrokesTheSameSegmentsInAFractionOfTheBytes() {
        int n = 400;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = Math.exp(-i / 50.0) * (2 + Math.sin(i));
            z[i] = Math.exp(-i / 80.0);
        }
        Plot plot = Figure.titled("two curves").yAxis(Axis.of("f").log()).line("a", x, y).line("b", x, z)
                .dashed("ref", x, y).plot(Plot.MAX_STATIC_POINTS);
        String raw = StaticChart.rawSvg(plot, Figure.WIDTH, Figure.HEIGHT, "t_");
        String joined = Polylines.join(raw);
        assertEquals(segments(raw), segments(joined), "the same segments, with the same attributes, in order");
        assertTrue(joined.length() < raw.length() / 2, "joined " + joined.length() + " bytes of " + raw.length());
        Documents.xml(joined);
    }

    /** Every stroked segment, a path split back into its segments, with its attributes but what join adds. */
    private static List<String> segments(String svg) {
        List<String> out = new ArrayList<>();
        Matcher e = Pattern.compile("<(line|path) ([^>]*)/>").matcher(svg);
        while (e.find()) {
            String attributes = e.group(2);
            if (e.group(1).equals("line")) {
                Matcher l = Pattern.compile("x1='([^']*)' y1='([^']*)' x2='([^']*)' y2='([^']*)'(.*)")
                        .matcher(attributes);
                assertTrue(l.matches(), attributes);
                out.add(l.group(1) + "," + l.group(2) + "-" + l.group(3) + "," + l.group(4) + l.group(5));
            } else if (attributes.contains(" fill='none'")) {
                Matcher p = Pattern.compile("d='M([^L']*)((?:L[^L']*)+)' fill='none'(?: stroke-linejoin='round')?(.*)")
                        .matcher(attributes);
                assertTrue(p.matches(), attributes);
                String from = p.group(1);
                for (String to : p.group(2).substring(1).split("L")) {
                    out.add(from + "-" + to + p.group(3));
                    from = to;
                }
            }
        }
        return out;
    }
}
