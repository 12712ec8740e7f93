package org.zeroth.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * Assembles a result's MIME bundle from a title, summary lines, tables and figures, so that each result type's
 * view is a few lines:
 * <pre>{@code
 * return View.titled("3 runs on rosenbrock")
 *         .line("best: zo-adam q=8, f = 1.2e-3")
 *         .table("summary", table)
 *         .figure(figure)
 *         .toMimeBundle();
 * }</pre>
 * The bundle holds {@code text/plain} (title, lines, tables as text), {@code text/html} (the same as HTML, values
 * escaped, with each figure interactive over its static SVG), and for the first figure {@code image/svg+xml} and
 * {@code application/vnd.plotly.v1+json}.
 */
public final class View implements Displayable {
    private final String title;
    private final List<String> lines;
    private final List<TableView> tables;
    private final List<Figure> figures;

    private View(String title, List<String> lines, List<TableView> tables, List<Figure> figures) {
        this.title = title;
        this.lines = List.copyOf(lines);
        this.tables = List.copyOf(tables);
        this.figures = List.copyOf(figures);
    }

    public static View titled(String title) {
        Objects.requireNonNull(title, "title");
        return new View(title, List.of(), List.of(), List.of());
    }

    /** A summary line under the title. */
    public View line(String text) {
        Objects.requireNonNull(text, "line");
        return new View(title, plus(lines, text), tables, figures);
    }

    public View table(String caption, Table table) {
        return table(TableView.of(table).caption(caption));
    }

    public View table(TableView table) {
        Objects.requireNonNull(table, "table");
        return new View(title, lines, plus(tables, table), figures);
    }

    public View figure(Figure figure) {
        Objects.requireNonNull(figure, "figure");
        return new View(title, lines, tables, plus(figures, figure));
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> more = new ArrayList<>(list);
        more.add(item);
        return more;
    }

    /** Title, summary lines and tables as plain text. */
    public String text() {
        StringBuilder s = new StringBuilder(title);
        lines.forEach(line -> s.append("\n  ").append(line));
        tables.forEach(table -> s.append("\n\n").append(table.text().indent(2).stripTrailing()));
        return s.toString();
    }

    public String html() {
        return html(figures.stream().map(Figure::html).toList());
    }

    private String html(List<String> figureHtml) {
        StringBuilder s = new StringBuilder("<div class=\"zeroth-view\">");
        s.append("<div style=\"font-weight:bold\">").append(Html.escape(title)).append("</div>");
        for (String line : lines) {
            s.append("<div>").append(Html.escape(line)).append("</div>");
        }
        figureHtml.forEach(s::append);
        if (!tables.isEmpty()) {
            s.append("<div style=\"display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start\">");
            tables.forEach(t -> s.append("<div>").append(t.html()).append("</div>"));
            s.append("</div>");
        }
        return s.append("</div>").toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        MimeBundle bundle = MimeBundle.text(text());
        if (figures.isEmpty()) {
            return bundle.with(MimeBundle.HTML, html(List.of()));
        }
        // draw each figure once: its SVG serves as the HTML fallback and as the image/svg+xml representation
        String firstSvg = figures.get(0).svg();
        String firstJson = figures.get(0).plotlyJson();
        List<String> figureHtml = new ArrayList<>();
        figureHtml.add(Figure.html(firstJson, firstSvg));
        figures.subList(1, figures.size()).forEach(f -> figureHtml.add(f.html()));
        bundle = bundle.with(MimeBundle.HTML, html(figureHtml)).with(MimeBundle.SVG, firstSvg);
        return PlotlyJs.interactive() ? bundle.with(MimeBundle.PLOTLY, firstJson) : bundle;
    }

    @Override
    public String toString() {
        return text();
    }
}
