package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeroth.Config;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.problems.Problems;
import tech.tablesaw.api.Table;

class RunViewTest {

    @AfterEach
    void forgetPlotly() {
        PlotlyJs.resetEmbedded();
    }

    private static Run sphere(double h, int q, long seed) {
        return zo.minimize(Problems.sphere(5)).withGaussianDirections(h).queries(q).sgd(0.05).seed(seed)
                .progress(false).steps(200);
    }

    @Test
    void aRunOnAFlatObjectiveSaysSo() {
        // ½‖x‖² written 1/2 * …: integer division makes f ≡ 0, and the run "ran all requested steps" at 0.
        Run flat = zo.minimize(Objective.ofArray(2, "half", x -> 1 / 2 * (x[0] * x[0] + x[1] * x[1]))).from(1.0, 2.0)
                .sgd(0.1).seed(1).progress(false).steps(20);
        for (String shown : List.of(flat.toString(), String.valueOf(RunView.bundle(flat).get(MimeBundle.HTML)))) {
            assertTrue(shown.contains("note: every step observed f = 0 and none moved x") && shown.contains(
                    "1/2 is 0"), shown);
        }
        Run fine = zo.minimize(Objective.ofArray(2, "half", x -> 0.5 * (x[0] * x[0] + x[1] * x[1]))).from(1.0, 2.0)
                .sgd(0.1).seed(1).progress(false).steps(20);
        assertFalse(fine.toString().contains("note: every step"), fine::toString);
    }

    @Test
    void runBundleHasEveryRepresentation() {
        MimeBundle bundle = Views.bundle(sphere(1e-3, 4, 1));
        assertEquals(List.of(MimeBundle.TEXT, MimeBundle.HTML, MimeBundle.SVG, MimeBundle.PLOTLY),
                List.copyOf(bundle.data().keySet()));
        JsonNode plotly = Documents.json(bundle.get(MimeBundle.PLOTLY));
        assertEquals(2, plotly.get("data").size(), "f(x) and best f(x)");
        assertEquals("evaluations", plotly.at("/layout/xaxis/title/text").asText());
        assertEquals("log", plotly.at("/layout/yaxis/type").asText(), "sphere descends over decades");
        Documents.xml(bundle.get(MimeBundle.SVG));
        assertTrue(bundle.get(MimeBundle.HTML).contains("<svg"), "static fallback inside the HTML");
    }

    @Test
    void textSummaryIsReadableWithShortNumbers() {
        Run run = sphere(1e-3, 4, 1);
        String text = Views.bundle(run).get(MimeBundle.TEXT);
        assertTrue(text.startsWith("zo-sgd on sphere"), text);
        assertTrue(text.contains("best f(x) = " + Numbers.format(run.bestValue()) + " after " + run.evaluations()
                + " evaluations, 200 steps (ran all requested steps)"), text);
        assertTrue(text.contains("…"), "a long trace shows its first and last rows");
        text.lines().filter(line -> !line.contains("versions")).forEach(line -> {
            var number = Pattern.compile("\\d+\\.\\d+").matcher(line);
            while (number.find()) {
                String digits = number.group().replace(".", "").replaceFirst("^0+", "");
                assertTrue(digits.length() <= 4, "more than 4 significant digits in: " + line);
            }
        });
        assertTrue(run.toString().contains("best f(x) = "), "toString is the summary");
    }

    @Test
    void htmlHoldsTheTraceAndConfigurationFormatted() {
        Run run = sphere(1e-3, 4, 1);
        String html = Views.bundle(run).get(MimeBundle.HTML);
        Table trace = run.trace();
        double lastBest = trace.doubleColumn("best").get(trace.rowCount() - 1);
        assertTrue(html.contains("<td>" + Numbers.format(lastBest) + "</td>"), "last row's best value");
        assertTrue(html.contains("<td>" + trace.longColumn("evaluations").get(0) + "</td>"));
        assertTrue(html.contains("<td>gaussian</td>"), "the configuration: estimator gaussian in a cell of its own");
        assertTrue(html.contains("<td>0.001</td>"), "h as written, not 0.0010000000000000002");
    }

    @Test
    void configurationValuesAreEscaped() {
        Objective evil = new Objective() {
            @Override
            public double value(org.nd4j.linalg.api.ndarray.INDArray x) {
                return x.norm2Number().doubleValue();
            }

            @Override
            public String name() {
                return "<script>alert('x')</script>";
            }
        };
        Run run = zo.minimize(evil).from(1.0, 2.0).progress(false).steps(3);
        String html = Views.bundle(run).get(MimeBundle.HTML);
        assertFalse(html.contains("<script>alert"), "a configuration value became markup");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "shown, escaped");
        assertTrue(Documents.json(Views.bundle(run).get(MimeBundle.PLOTLY)).at("/layout/title/text").asText()
                .contains("<script>alert"), "JSON keeps the text as it is; plotly.js shows it as text");
    }

    @Test
    void overlayDrawsOneLinePerRunNamedByItsConfiguration() {
        List<Run> runs = List.of(sphere(1e-3, 1, 1), sphere(1e-3, 4, 1), sphere(1e-2, 4, 1));
        JsonNode plotly = Documents.json(RunView.overlay(runs).plotlyJson());
        JsonNode data = plotly.get("data");
        assertEquals(3, data.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(runs.get(i).config().label(), data.get(i).get("name").asText());
        }
        assertEquals("best f(x)", plotly.at("/layout/yaxis/title/text").asText());
        assertEquals("evaluations", plotly.at("/layout/xaxis/title/text").asText());
    }

    @Test
    void aComparisonOfRunsOnDifferentObjectivesSaysSo() {
        Run five = sphere(1e-3, 1, 1);
        Run three = zo.minimize(Problems.sphere(3)).sgd(0.05).progress(false).steps(20);
        String text = zo.compare(five, three).toString();
        assertTrue(text.startsWith("Comparison of 2 runs on sphere(5), sphere(3)")
                && text.contains("warning: the runs minimize different objectives"), text);
        String same = zo.compare(five, sphere(1e-3, 1, 2)).toString();
        assertTrue(same.startsWith("Comparison of 2 runs on sphere(5)\n") && !same.contains("warning")
                && !same.contains("note:"), same);
        Run upside = zo.maximize(x -> -Problems.sphere(5).value(x)).from(Problems.sphere(5).start().toDoubleVector())
                .sgd(0.05).progress(false).steps(20);
        String senses = zo.compare(five, upside).toString();
        assertTrue(senses.contains("warning: some runs maximize and some minimize"), senses);
        Run longer = zo.minimize(Problems.sphere(5)).withGaussianDirections(1e-3).queries(4).sgd(0.05).seed(1)
                .progress(false).steps(2000);
        String budgets = zo.compare(five, longer).toString();
        assertTrue(budgets.contains("best: " + longer.config().label() + ", f(x) =")
                && budgets.contains("note: the best run made 10000 evaluations, another ran out of its budget after 400:"
                + " at equal budgets, read the figure"), budgets);
    }

    @Test
    void aBudgetBelowOneStepSaysSo() {
        Run none = zo.minimize(Problems.sphere(10)).maxEvaluations(3).queries(4).progress(false).steps(10);
        assertTrue(none.toString().contains("no step taken: the evaluation budget, maxEvaluations(3), is less than"
                + " one step costs; raise it") && !none.toString().contains("NaN"), none.toString());
        Run one = zo.minimize(Problems.sphere(10)).maxEvaluations(5).queries(4).progress(false).steps(10);
        assertTrue(one.toString().contains("after 5 evaluations, 1 step ("), one.toString());
    }

    @Test
    void aRunWithoutValuesSaysSoNotNaN() {
        Run none = org.junit.jupiter.api.Assertions.assertThrows(org.zeroth.RunFailedException.class,
                () -> zo.minimize(x -> {
                    throw new IllegalStateException("no licence");
                }).from(1, 2).progress(false).steps(3)).run();
        assertEquals(1, none.evaluations(), "the failing call counts");
        assertTrue(none.toString().contains("no finite f(x) after 1 evaluation, 0 steps (")
                && !none.toString().contains("NaN"), none::toString);
        Thread.currentThread().interrupt(); // a run stopped before its first call
        Run stopped = zo.minimize(Problems.sphere(2)).progress(false).steps(3);
        assertTrue(Thread.interrupted());
        assertEquals(0, stopped.evaluations());
        assertTrue(stopped.toString().contains("no evaluation made (") && !stopped.toString().contains("NaN"),
                stopped::toString);
    }

    @Test
    void aRunWithoutValuesDrawsItsStepsNotAnEmptyChart() {
        Run ranked = zo.minimizeByRanking(points -> new int[] {0}).from(1, 1).progress(false).steps(5);
        Figure figure = RunView.figure(ranked);
        assertEquals("‖step‖", figure.yAxis().label());
        assertEquals(1, figure.traces().size());
        assertTrue(Arrays.stream(figure.traces().get(0).y()).allMatch(v -> v > 0), "five steps' lengths");
        assertEquals("f(x)", RunView.figure(zo.minimize(Problems.sphere(2)).progress(false).steps(2)).yAxis().label());
    }

    @Test
    void aRunWhoseOnlyValueWasInfiniteSaysSoNotNaN() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.zeroth.RunFailedException.class,
                () -> zo.minimize(x -> 1.0 / x.getDouble(0)).from(0.0).sgd(0.1).progress(false).steps(10));
        assertTrue(e.getMessage().contains("returned Infinity at evaluation 1"), e.getMessage());
        String shown = e.run().toString();
        assertTrue(shown.contains("no finite f(x) after 1 evaluation") && !shown.contains("NaN"), shown);
    }

    @Test
    void aMiniBatchRunSaysWhyItHasNoBestValue() {
        var sum = Objective.finiteSum(20, (i, x) -> (x.getDouble(0) - i) * (x.getDouble(0) - i));
        Run run = zo.minimize(sum).from(0.0).miniBatch(4).sgd(0.01).progress(false).steps(10);
        assertTrue(Double.isNaN(run.bestValue()));
        assertTrue(run.toString().contains("no best f(x): mini-batch values are not f")
                && !run.toString().contains("best f(x) = NaN"), run.toString());
        var none = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, run::bestPoint);
        assertTrue(none.getMessage().contains("miniBatch(b) runs evaluate batch means"), none.getMessage());
    }

    @Test
    void labelsWriteNumbersShortAsTheConfigurationTableDoes() {
        Config config = Config.of("method", "zo-sgd", "lr", 1e-4, "h", 0.1 * 3, "eps", 1e-8, "decay", 1e-7,
                "smoothing", 1e-6, "sigma", 1234567.0, "mu", -2.5e-9, "alpha", 100.0, "q", 8, "momentum", 0.0);
        assertEquals("zo-sgd lr=0.0001 h=0.3 decay=1e-7 smoothing=1e-6 sigma=1.23457e6 mu=-2.5e-9 alpha=100 q=8"
                + " momentum=0", config.label());
        Run run = zo.minimize(Problems.sphere(3)).withGaussianDirections(1e-4).sgd(1e-4).progress(false).steps(2);
        assertTrue(run.toString().contains("h=0.0001") && run.toString().contains("lr=0.0001")
                && !run.toString().contains("E-4"), run.toString());
    }

    @Test
    void runsWithEqualLabelsAreToldApartBySeed() {
        Run a = sphere(1e-3, 1, 1);
        Run b = sphere(1e-3, 1, 2);
        assertEquals(List.of(a.config().label() + " seed=1", b.config().label() + " seed=2"),
                org.zeroth.Config.labels(List.of(a.config(), b.config())));
        assertEquals(List.of(a.config().label(), a.config().label() + " #2"),
                org.zeroth.Config.labels(List.of(a.config(), a.config())));
        assertEquals(List.of(a.config().label() + " seed=1", b.config().label() + " seed=2"),
                org.zeroth.Zo.zo.compare(a, b).table().stringColumn("run").asList(), "the table names runs as the legend");
    }

    @Test
    void plotSavesAndTraceExportsCsv(@TempDir Path dir) throws Exception {
        Run run = sphere(1e-3, 4, 1);
        Path svg = run.plot().save(dir.resolve("run.svg"));
        Documents.xml(Files.readString(svg));
        Path csv = dir.resolve("trace.csv");
        run.trace().write().csv(csv.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("step,evaluations,value,best,step_norm,seconds", lines.get(0));
        assertEquals(run.steps() + 1, lines.size());
        Table back = Table.read().csv(csv.toString());
        assertEquals(run.bestValue(), back.doubleColumn("best").min(), 1e-12 * Math.abs(run.bestValue()));
    }

    @Test
    void tablesShowThemselves() {
        Table trace = sphere(1e-3, 4, 1).trace();
        MimeBundle bundle = Views.bundle(trace);
        assertTrue(bundle.get(MimeBundle.HTML).startsWith("<table"));
        assertTrue(bundle.get(MimeBundle.TEXT).lines().count() <= 1 + 1 + 20 + 1, "head, tail and a gap");
    }
}
