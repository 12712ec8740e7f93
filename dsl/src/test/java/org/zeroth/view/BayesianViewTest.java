package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeroth.Objective;
import org.zeroth.bayes.BayesianRun;
import org.zeroth.bayes.Surrogate;
import org.zeroth.problems.Problems;

/** A BO run shows the tutorial's figures through the registry: posterior band, acquisition, chosen point. */
class BayesianViewTest {

    @Test
    void oneDimensionalRunShowsThePosteriorBandAndTheAcquisition() {
        Objective wave = Objective.ofArray(1, "wave", x -> Math.sin(3 * x[0]) + 0.3 * x[0]);
        BayesianRun run = zo.bayesian(wave).within(new double[] {0}, new double[] {4}).initialPoints(3).seed(2)
                .progress(false).steps(3);
        List<Figure> figures = BayesianView.figures(run.surrogate());
        assertEquals(2, figures.size());
        Trace band = figures.get(0).traces().get(0);
        assertEquals(Trace.Kind.BAND, band.kind());
        assertEquals("GP mean ± 2σ", band.name());
        Surrogate s = run.surrogate();
        double[] x = band.x();
        for (int i = 0; i < x.length; i++) { // the band is mean ± 2 sd of the step's model
            assertEquals(s.mean(x[i]) - 2 * s.sd(x[i]), band.low()[i], 1e-9);
            assertEquals(s.mean(x[i]) + 2 * s.sd(x[i]), band.high()[i], 1e-9);
        }
        Trace chosen = figures.get(1).traces().get(1);
        assertEquals("chosen", chosen.name());
        assertEquals(s.chosen()[0][0], chosen.x()[0], 0);
        MimeBundle bundle = Views.bundle(run);
        assertTrue(bundle.get(MimeBundle.HTML).contains("expected improvement"), "the acquisition figure is shown");
        assertTrue(bundle.get(MimeBundle.TEXT).contains("bayesian on wave"), bundle.get(MimeBundle.TEXT));
        assertTrue(Views.bundle(run.surrogate(4)).get(MimeBundle.HTML).contains("GP mean"));
    }

    @Test
    void twoDimensionalRunsShowMeanSdAndAcquisitionOnAGridHigherOnesTheCurveOnly() {
        BayesianRun branin = zo.bayesian(Problems.branin()).initialPoints(5).seed(1).progress(false).steps(2);
        List<Figure> figures = BayesianView.figures(branin.surrogate());
        assertEquals(3, figures.size());
        Surrogate s = branin.surrogate();
        Trace mean = figures.get(0).traces().get(0);
        Trace sd = figures.get(1).traces().get(0);
        assertEquals(Trace.Kind.HEATMAP, mean.kind());
        assertEquals(20, mean.x().length);
        assertEquals(20, mean.y().length);
        for (int r = 0; r < 20; r++) { // z[row][column] is the model at (x[column], y[row]): not transposed
            for (int c = 0; c < 20; c++) {
                assertEquals(s.mean(mean.x()[c], mean.y()[r]), mean.z()[r][c], 1e-12);
                assertEquals(s.sd(sd.x()[c], sd.y()[r]), sd.z()[r][c], 1e-12);
            }
        }
        // Branin's box is [−5, 10] × [0, 15]: cells of 0.75 centred from its corner.
        assertEquals(-5 + 0.375, mean.x()[0], 1e-12);
        assertEquals(15 - 0.375, mean.y()[19], 1e-12);
        Trace observations = figures.get(0).traces().get(1);
        assertEquals("observations", observations.name());
        assertEquals(s.observed().length, observations.size());
        assertEquals(s.observed()[3][1], observations.y()[3], 0);
        assertEquals("chosen", figures.get(2).traces().get(2).name());
        assertTrue(figures.get(2).title().contains("expected improvement"));
        var layout = Documents.json(figures.get(0).plotlyJson()).get("layout");
        assertEquals("h", layout.at("/legend/orientation").asText(), "the legend leaves the right to the colour bar");
        BayesianRun three = zo.bayesian(Problems.hartmann3()).initialPoints(4).seed(1).progress(false).steps(1);
        assertEquals(0, BayesianView.figures(three.surrogate()).size());
        assertTrue(Views.bundle(three).get(MimeBundle.TEXT).contains("best f(x)"));
    }
}
