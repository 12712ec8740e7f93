package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeroth.problems.Problems;
import tech.tablesaw.api.Table;

/** zo.compare(Repeats…): the curves, the summary and the long table of a multi-method experiment. */
class MethodComparisonTest {
    private static final Objective F = Problems.sphere(3);
    private static final Repeats ZO = zo.repeat(5, s -> zo.minimize(F).seed(s).adam(5e-2).progress(false).steps(30));
    private static final Repeats RANDOM = zo.repeat(4, s -> zo.randomSearch(F).within(-2, 2).seed(s).progress(false)
            .steps(40));

    @Test
    void theSummaryHasTheMedianQuartilesAndSuccessRateOfEachMethod() {
        MethodComparison c = zo.compare(ZO, RANDOM);
        assertEquals(List.of(ZO.label(), RANDOM.label()), List.copyOf(c.methods().keySet()));
        double[] zo = ZO.bestValues();
        Arrays.sort(zo);
        Table summary = c.summary();
        assertEquals(zo[2], summary.doubleColumn("median").get(0), 0, "median of 5 is the third");
        assertEquals(zo[1], summary.doubleColumn("q1").get(0), 0, "q1 of 5 is the second (numpy's linear rule)");
        assertEquals(zo[3] - zo[1], summary.doubleColumn("iqr").get(0), 0);
        double[] rs = RANDOM.bestValues();
        Arrays.sort(rs);
        assertEquals((rs[1] + rs[2]) / 2, summary.doubleColumn("median").get(1), 1e-15, "median of 4: the middle pair");
        assertEquals(rs[0] + 0.75 * (rs[1] - rs[0]), summary.doubleColumn("q1").get(1), 1e-15);
        assertEquals(-1, summary.columnNames().indexOf("success"), "no success rate without a target");
        // A target between the 2nd and 3rd best of ZO: exactly 2 of 5 reach it.
        double target = (zo[1] + zo[2]) / 2;
        Table withTarget = c.target(target).summary();
        assertEquals(0.4, withTarget.doubleColumn("success").get(0), 0);
        long reached = Arrays.stream(rs).filter(v -> v <= target).count();
        assertEquals(reached / 4.0, withTarget.doubleColumn("success").get(1), 0);
        String shown = c.target(1.0 / 3).toString();
        assertTrue(shown.contains("success: the share of runs whose best reached 0.3333") && !shown.contains("33333"),
                shown);
    }

    @Test
    void theLongTableHasEveryTraceRowAndWritesToCsv(@TempDir Path dir) throws IOException {
        Map<String, Repeats> named = new LinkedHashMap<>();
        named.put("ZO-Adam", ZO);
        named.put("random", RANDOM);
        MethodComparison c = zo.compare(named);
        Table table = c.table();
        assertEquals(List.of("method", "seed", "step", "evaluations", "value", "best"), table.columnNames());
        assertEquals(5 * 30 + 4 * 40, table.rowCount());
        Table zoRows = table.where(table.stringColumn("method").isEqualTo("ZO-Adam"));
        assertEquals(150, zoRows.rowCount());
        assertEquals(ZO.runs().get(3).trace().doubleColumn("best").get(29),
                zoRows.where(zoRows.longColumn("seed").isEqualTo(3)).doubleColumn("best").get(29), 0);
        Path csv = c.writeCsv(dir.resolve("out/runs.csv"));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("method,seed,step,evaluations,value,best", lines.get(0));
        assertEquals(1 + 310, lines.size());
        assertTrue(lines.get(1).startsWith("ZO-Adam,0,1,"), lines.get(1));
    }

    @Test
    void theFigureOverlaysOneBandPerMethodAndTheViewShowsAll() {
        MethodComparison c = zo.compare(ZO, RANDOM, ZO);
        assertEquals(ZO.label() + " #2", List.copyOf(c.methods().keySet()).get(2), "equal labels are numbered");
        assertEquals(3, ((org.zeroth.view.Figure) c.plot()).traces().stream().map(t -> t.name()).filter(n -> n.contains("runs)")).distinct().count(),
                ((org.zeroth.view.Figure) c.plot()).traces().toString());
        String text = c.toString();
        assertTrue(text.contains("summary of best f(x)") && text.contains("long format (460 rows"), text);
        assertTrue(org.zeroth.view.Views.bundle(c).data().containsKey(org.zeroth.view.MimeBundle.HTML));
    }

    @Test
    void aMethodWithoutValuesIsNamedNotDroppedSilently() {
        Repeats ranked = zo.repeat(2, s -> zo.minimizeByRanking(points -> new int[] {0}).from(1, 2).seed(s)
                .progress(false).steps(10));
        String text = zo.compare(ranked, ZO).toString();
        assertTrue(text.contains(ranked.label() + ": its runs have no f(x) (a ranking oracle told only orders)"), text);
        assertTrue(!zo.compare(ZO, RANDOM).toString().contains("no f(x)"));
    }

    @Test
    void badInputSaysWhatToChange() {
        assertThrows(IllegalArgumentException.class, () -> zo.compare(new Repeats[0]));
        assertThrows(IllegalArgumentException.class, () -> zo.compare(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> zo.compare(ZO).target(Double.NaN));
    }
}
