package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableViewTest {

    @Test
    void timingsAreShownRoughlyWhateverTheirNeighbours() {
        Table trace = Table.create("t", DoubleColumn.create("value", 1000.005, 1000.0001),
                DoubleColumn.create("seconds", 0.0011106, 0.0011109));
        String told = TableView.of(trace).text();
        assertTrue(told.contains("0.0011106") && told.contains("1000.005"), told);
        String rough = TableView.of(trace).roughly("seconds").text();
        assertTrue(rough.contains("0.001111") && !rough.contains("0.0011106") && rough.contains("1000.005"), rough);
    }

    @Test
    void numbersHaveAboutFourSignificantDigits() {
        assertEquals("0.001235", Numbers.format(0.00123456789));
        assertEquals("12.35", Numbers.format(12.3456789));
        assertEquals("1.235e+06", Numbers.format(1234567.8));
        assertEquals("3.000e-07", Numbers.format(3e-7));
        assertEquals("0.001", Numbers.format(0.0010000000000000002));
        assertEquals("2000", Numbers.format(2000.0));
        assertEquals("-0.5", Numbers.format(-0.5));
        assertEquals("0", Numbers.format(0.0));
        assertEquals("NaN", Numbers.format(Double.NaN));
        assertEquals("∞", Numbers.format(Double.POSITIVE_INFINITY));
    }

    @Test
    void longTablesShowHeadAndTailAndEscapeValues() {
        IntColumn step = IntColumn.create("step");
        DoubleColumn value = DoubleColumn.create("value");
        StringColumn note = StringColumn.create("note");
        for (int i = 1; i <= 30; i++) {
            step.append(i);
            value.append(1.0 / (3 * i));
            note.append(i == 30 ? "<script>x</script>" : "ok & fine");
        }
        TableView view = TableView.of(Table.create("t", step, value, note)).headAndTail(3);
        String html = view.html();
        assertEquals(3 + 1 + 3, html.split("<tr>", -1).length - 2, "3 first rows, a gap row, 3 last rows");
        assertTrue(html.contains("<td>0.3333</td>") && html.contains("<td>0.01111</td>"), html);
        assertTrue(html.contains("&lt;script&gt;x&lt;/script&gt;") && !html.contains("<script>"));
        assertTrue(html.contains("ok &amp; fine"));
        String text = view.text();
        assertEquals(1 + 1 + 3 + 1 + 3, text.lines().count(), text);
        assertTrue(text.lines().anyMatch(l -> l.equals("… (30 rows)")), text);
        assertTrue(html.contains("<td colspan=\"3\">… (30 rows)</td>"), html);
        assertTrue(text.contains("0.3333"), text);
    }

    @Test
    void aColumnTakesTheDigitsThatTellNeighboursApart() {
        // A run slowly closing in on 1000: at four digits every row read "1000", as if it had stalled.
        DoubleColumn value = DoubleColumn.create("value", 1000.00498, 1000.00318, 1000.0000009, 1000.0000009, 10.001,
                10.002);
        DoubleColumn steady = DoubleColumn.create("steady", 0.5, 0.5, 0.25, 0.125, 1e-9, 2e-9);
        String text = TableView.of(Table.create("t", value, steady)).text();
        assertEquals(List.of("t", "   value     steady", "1000.005        0.5", "1000.003        0.5",
                "    1000       0.25", "    1000      0.125", "  10.001  1.000e-09", "  10.002  2.000e-09"),
                text.lines().toList());
        assertEquals(4, Numbers.digitsToTellApart(new double[] {0.5, 0.5, 0.25}), "equal neighbours need nothing");
        assertEquals(12, Numbers.digitsToTellApart(new double[] {1, Math.nextUp(1.0)}), "at most twelve digits");
    }
}
