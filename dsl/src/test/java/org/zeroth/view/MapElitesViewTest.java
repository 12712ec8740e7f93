package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeroth.population.Grid;
import org.zeroth.population.MapElitesRun;
import org.zeroth.problems.Problems;

/**
 * A MAP-Elites run renders through the registry as its archive heatmap (values = the archive's elites, empty
 * cells null) with coverage and QD-score curves; the static drawing exists. The grid is 8 × 5 (not square, so a
 * transposed heatmap fails) and the run short enough to leave cells empty.
 */
class MapElitesViewTest {
    private static final Grid GRID = Grid.of(-1, 1, 8, 5);
    private static MapElitesRun run;
    private String mode;

    @BeforeEach
    void interactive() {
        mode = System.getProperty("zeroth.plotly");
        System.setProperty("zeroth.plotly", "embed");
        if (run == null) {
            run = zo.mapElites(Problems.sphere(3), x -> new double[] {x.getDouble(0), x.getDouble(1) * x.getDouble(1)},
                    GRID).within(-1, 1).initialSamples(10).seed(2).progress(false).steps(60);
        }
    }

    @AfterEach
    void restore() {
        if (mode == null) {
            System.clearProperty("zeroth.plotly");
        } else {
            System.setProperty("zeroth.plotly", mode);
        }
        PlotlyJs.resetEmbedded();
    }

    @Test
    void theBundleIsTheArchiveHeatmapWithEmptyCellsNull() {
        MimeBundle bundle = Views.bundle(run);
        assertTrue(bundle.get(MimeBundle.TEXT).startsWith("map-elites on sphere"), bundle.get(MimeBundle.TEXT));
        JsonNode trace = Documents.json(bundle.get(MimeBundle.PLOTLY)).get("data").get(0);
        assertEquals("heatmap", trace.get("type").asText());
        JsonNode z = trace.get("z");
        assertEquals(5, z.size(), "one row per cell of descriptor 2");
        double[] values = run.archiveValues();
        int empty = 0;
        for (int c0 = 0; c0 < 8; c0++) {
            for (int c1 = 0; c1 < 5; c1++) {
                double elite = values[c0 * 5 + c1]; // row-major, axis 0 slowest (Grid.cellOf)
                JsonNode cell = z.get(c1).get(c0);
                if (Double.isNaN(elite)) {
                    assertTrue(cell.isNull(), "empty cell (" + c0 + ", " + c1 + ") must be null, got " + cell);
                    empty++;
                } else {
                    assertEquals(elite, cell.asDouble(), 0.0, "cell (" + c0 + ", " + c1 + ")");
                }
            }
        }
        assertTrue(empty > 0 && empty < 40, "the run leaves some cells empty: " + empty);
        assertEquals(-0.875, trace.get("x").get(0).asDouble(), 1e-12, "centre of the first column");
        assertEquals(0.8, trace.get("y").get(4).asDouble(), 1e-12, "centre of the last row");
        String html = bundle.get(MimeBundle.HTML);
        assertTrue(html.contains("coverage against evaluations") && html.contains("QD-score"), "the curves' figures");
        assertTrue(bundle.get(MimeBundle.SVG).startsWith("<svg"), "the static fallback");
    }

    @Test
    void coverageAndQdScoreCurvesFollowTheRun() {
        JsonNode coverage = Documents.json(MapElitesView.coverage(run).plotlyJson()).get("data").get(0);
        JsonNode qd = Documents.json(MapElitesView.qdScore(run).plotlyJson()).get("data").get(0);
        assertEquals(60, coverage.get("x").size());
        double offset = MapElitesView.offset(run);
        double worst = java.util.Arrays.stream(run.trace().doubleColumn("value").asDoubleArray()).max().orElseThrow();
        assertEquals(worst, offset, 0.0);
        for (int k = 0; k < 60; k++) {
            int e = coverage.get("x").get(k).asInt();
            assertEquals(k + 1, e);
            assertEquals(run.coverageAfter(e), coverage.get("y").get(k).asDouble(), 0.0);
            assertEquals(run.qdScoreAfter(e, worst), qd.get("y").get(k).asDouble(), 1e-12);
        }
        assertEquals(run.coverage(), coverage.get("y").get(59).asDouble(), 0.0);
    }

    @Test
    void theStaticImageExists(@TempDir Path dir) throws Exception {
        Figure heatmap = MapElitesView.heatmap(run);
        assertEquals(heatmap.plotlyJson(), ((Figure) run.plot()).plotlyJson(), "plot() is the archive, as shown");
        BufferedImage png = ImageIO.read(Files.newInputStream(heatmap.save(dir.resolve("archive.png"))));
        assertEquals(Figure.WIDTH, png.getWidth());
        assertEquals(Figure.HEIGHT, png.getHeight());
        // The best elite is drawn in viridis' first colour, the worst in its last (the colour bar's ends too).
        boolean darkest = false;
        boolean brightest = false;
        for (int i = 0; i < png.getWidth(); i++) {
            for (int j = 0; j < png.getHeight(); j++) {
                int rgb = png.getRGB(i, j) & 0xffffff;
                darkest |= rgb == 0x440154;
                brightest |= rgb == 0xfde725;
            }
        }
        assertTrue(darkest && brightest, "the cells are painted in the heatmap's colours");
        String svg = Files.readString(heatmap.save(dir.resolve("archive.svg")));
        Documents.xml(svg);
        assertTrue(svg.contains("MAP-Elites archive"), "titled");
        assertTrue(svg.contains("rgb(68,1,84)") || svg.contains("#440154"), "the best elite's colour in the SVG");
    }

    @Test
    void moreThanTwoAxesShowTheBestOverTheOthersAndOneAxisIsOneRow() {
        MapElitesRun three = zo.mapElites(Problems.sphere(3), x -> new double[] {x.getDouble(0), x.getDouble(1),
                x.getDouble(2)}, Grid.of(-1, 1, 3, 2, 2)).within(-1, 1).seed(1).progress(false).steps(80);
        JsonNode z = Documents.json(MapElitesView.heatmap(three).plotlyJson()).at("/data/0/z");
        double[] values = three.archiveValues();
        for (int c0 = 0; c0 < 3; c0++) {
            for (int c1 = 0; c1 < 2; c1++) {
                double best = Math.min(values[c0 * 4 + c1 * 2], values[c0 * 4 + c1 * 2 + 1]); // NaN if either is
                double a = values[c0 * 4 + c1 * 2];
                double b = values[c0 * 4 + c1 * 2 + 1];
                best = Double.isNaN(a) ? b : Double.isNaN(b) ? a : best;
                JsonNode cell = z.get(c1).get(c0);
                assertEquals(Double.isNaN(best), cell.isNull());
                if (!Double.isNaN(best)) {
                    assertEquals(best, cell.asDouble(), 0.0);
                }
            }
        }
        MapElitesRun one = zo.mapElites(Problems.sphere(2), x -> new double[] {x.getDouble(0)}, Grid.of(-1, 1, 6))
                .within(-1, 1).seed(1).progress(false).steps(40);
        JsonNode row = Documents.json(MapElitesView.heatmap(one).plotlyJson()).at("/data/0/z");
        assertEquals(1, row.size());
        for (int c = 0; c < 6; c++) {
            assertEquals(one.archiveValues()[c], row.get(0).get(c).asDouble(), 0.0);
        }
    }
}
