package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableViewTest {

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
        assertTrue(text.lines().anyMatch(l -> l.startsWith("…")));
        assertTrue(text.contains("0.3333"), text);
    }
}
