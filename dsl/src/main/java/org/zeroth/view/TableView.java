package org.zeroth.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw {@link Table} as text and as HTML: numbers to about four significant digits, more where a column's
 * neighbours would read the same ({@link Numbers}), every value escaped, long tables shown by their first and last
 * rows with a "…" row between that counts them all.
 */
public final class TableView implements Displayable {
    private static final int DEFAULT_ROWS = 10;

    private final Table table;
    private final String caption;
    private final int headAndTail;
    /** Columns shown to four significant digits whatever their neighbours (measured times). */
    private final Set<String> rough;

    private TableView(Table table, String caption, int headAndTail, Set<String> rough) {
        this.table = table;
        this.caption = caption;
        this.headAndTail = headAndTail;
        this.rough = rough;
    }

    /** Shows {@code table}: all rows up to 2×10, else the first and last 10. */
    public static TableView of(Table table) {
        Objects.requireNonNull(table, "table");
        return new TableView(table, table.name() == null ? "" : table.name(), DEFAULT_ROWS, Set.of());
    }

    /** The caption above the table (default: the table's name). */
    public TableView caption(String text) {
        return new TableView(table, Objects.requireNonNull(text, "caption"), headAndTail, rough);
    }

    /** Shows all rows up to 2n, else the first n and the last n. */
    public TableView headAndTail(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("headAndTail(n) needs n ≥ 1, got " + n);
        }
        return new TableView(table, caption, n, rough);
    }

    /**
     * Shows these columns to four significant digits even where neighbours then read the same: a step's seconds
     * measure time, and the digits that tell 0.0011106 from 0.0011109 apart would only be noise.
     */
    public TableView roughly(String... columns) {
        return new TableView(table, caption, headAndTail, Set.of(columns));
    }

    public String caption() {
        return caption;
    }

    /** The rows shown, as cells: the header first, then rows; a null row stands for the "…" gap. */
    private List<String[]> cells() {
        int columns = table.columnCount();
        List<Integer> shown = shownRows();
        List<String[]> out = new ArrayList<>();
        String[] header = new String[columns];
        for (int c = 0; c < columns; c++) {
            header[c] = table.column(c).name();
        }
        out.add(header);
        for (int r = 0; r < shown.size(); r++) {
            out.add(shown.get(r) < 0 ? null : new String[columns]);
        }
        for (int c = 0; c < columns; c++) {
            Column<?> column = table.column(c);
            boolean decimal = column instanceof DoubleColumn || column instanceof FloatColumn;
            int digits = !decimal ? 0 : rough.contains(column.name()) ? Numbers.DIGITS
                    : Numbers.digitsToTellApart(values((NumericColumn<?>) column, shown));
            for (int r = 0; r < shown.size(); r++) {
                int row = shown.get(r);
                if (row >= 0) {
                    out.get(r + 1)[c] = column.isMissing(row) ? "" : digits > 0
                            ? Numbers.format(((NumericColumn<?>) column).getDouble(row), digits)
                            : Numbers.cell(column.get(row));
                }
            }
        }
        return out;
    }

    /** The indices of the rows shown, in order, with −1 for the "…" gap. */
    private List<Integer> shownRows() {
        int rows = table.rowCount();
        boolean cut = rows > 2 * headAndTail;
        List<Integer> shown = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            if (cut && r == headAndTail) {
                shown.add(-1);
                r = rows - headAndTail;
            }
            shown.add(r);
        }
        return shown;
    }

    private static double[] values(NumericColumn<?> column, List<Integer> shown) {
        return shown.stream().filter(r -> r >= 0 && !column.isMissing(r)).mapToDouble(column::getDouble).toArray();
    }

    /** What the "…" row says: how many rows the table has, as only some are shown. */
    private String gap() {
        return "… (" + table.rowCount() + " rows)";
    }

    /** Aligned plain text: numbers to the right, words to the left. */
    public String text() {
        List<String[]> cells = cells();
        int columns = table.columnCount();
        int[] width = new int[columns];
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            numeric[c] = table.column(c) instanceof NumericColumn<?>;
            for (String[] row : cells) {
                if (row != null) {
                    width[c] = Math.max(width[c], row[c].length());
                }
            }
        }
        StringBuilder s = new StringBuilder();
        if (!caption.isEmpty()) {
            s.append(caption).append('\n');
        }
        for (String[] row : cells) {
            if (row == null) {
                s.append(gap()).append('\n');
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row[c];
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + cell : cell + pad);
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
        return s.toString().stripTrailing();
    }

    /** An HTML table, values escaped. */
    public String html() {
        List<String[]> cells = cells();
        StringBuilder s = new StringBuilder("<table class=\"zeroth-table\">");
        if (!caption.isEmpty()) {
            s.append("<caption style=\"text-align:left\">").append(Html.escape(caption)).append("</caption>");
        }
        s.append("<thead><tr>");
        for (String name : cells.get(0)) {
            s.append("<th>").append(Html.escape(name)).append("</th>");
        }
        s.append("</tr></thead><tbody>");
        for (String[] row : cells.subList(1, cells.size())) {
            s.append("<tr>");
            if (row == null) {
                s.append("<td colspan=\"").append(table.columnCount()).append("\">").append(Html.escape(gap()))
                        .append("</td>");
            } else {
                for (String cell : row) {
                    s.append("<td>").append(Html.escape(cell)).append("</td>");
                }
            }
            s.append("</tr>");
        }
        return s.append("</tbody></table>").toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.text(text()).with(MimeBundle.HTML, html());
    }

    @Override
    public String toString() {
        return text();
    }
}
