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
        assertTrue(Views.bundle(run.surrogate(1)).get(MimeBundle.HTML).contains("GP mean"));
    }

    @Test
    void twoDimensionalRunsShowMeanSdAndAcquisitionOnAGridHigherOnesTheCurveOnly() {
        BayesianRun branin = zo.bayesian(Problems.branin()).initialPoints(5).seed(1).progress(false).steps(2);
        List<Figure> figures = BayesianView.figures(branin.surrogate());
        assertEquals(3, figures.size());
        int dots = 0;
        for (Trace t : figures.get(0).traces()) {
            dots += t.name().startsWith("GP mean") ? t.size() : 0;
        }
        assertEquals(20 * 20, dots, "every grid point in exactly one class");
        assertTrue(figures.get(2).title().contains("expected improvement"));
        BayesianRun three = zo.bayesian(Problems.hartmann3()).initialPoints(4).seed(1).progress(false).steps(1);
        assertEquals(0, BayesianView.figures(three.surrogate()).size());
        assertTrue(Views.bundle(three).get(MimeBundle.TEXT).contains("best f(x)"));
    }
}
