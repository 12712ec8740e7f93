package org.zeroth.view;

import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XChart draws a curve as one {@code Line2D} per pair of points, which JFreeSVG writes as one {@code <line>}
 * element each (about 120 bytes a segment, with its style and clip). Runs of segments that share their attributes
 * and meet end to start become one {@code <path>}: the same strokes at a tenth of the bytes.
 */
final class Polylines {
    private static final Pattern LINE =
            Pattern.compile("<line x1='([^']*)' y1='([^']*)' x2='([^']*)' y2='([^']*)'((?: [\\w:-]+='[^']*')*)/>");
    private static final Pattern CAP = Pattern.compile("stroke-linecap:(\\w+)");

    private Polylines() {
    }

    static String join(String svg) {
        List<MatchResult> lines = LINE.matcher(svg).results().toList();
        StringBuilder out = new StringBuilder(svg.length());
        int copied = 0; // svg[0, copied) is in out
        for (int i = 0; i < lines.size(); ) {
            MatchResult first = lines.get(i);
            int j = i + 1; // lines[i, j) is a run
            while (j < lines.size() && continues(lines.get(j - 1), lines.get(j))) {
                j++;
            }
            out.append(svg, copied, first.start());
            if (j - i == 1) {
                out.append(first.group());
            } else {
                StringBuilder d = new StringBuilder("M").append(first.group(1)).append(',').append(first.group(2));
                for (int k = i; k < j; k++) {
                    d.append('L').append(lines.get(k).group(3)).append(',').append(lines.get(k).group(4));
                }
                out.append("<path d='").append(d).append("' fill='none'").append(corners(first.group(5)))
                        .append(first.group(5)).append("/>");
            }
            copied = lines.get(j - 1).end();
            i = j;
        }
        return out.append(svg, copied, svg.length()).toString();
    }

    /** b follows a at once in the text, drawn alike, from where a ends. */
    private static boolean continues(MatchResult a, MatchResult b) {
        return b.start() == a.end() && b.group(5).equals(a.group(5)) && b.group(1).equals(a.group(3))
                && b.group(2).equals(a.group(4));
    }

    /** Separate segments meet as their caps draw them; a path's corners must look the same. */
    private static String corners(String attributes) {
        Matcher cap = CAP.matcher(attributes);
        return cap.find() && cap.group(1).equals("round") ? " stroke-linejoin='round'" : "";
    }
}
