package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeroth.Objective;
import org.zeroth.RunBuilder;
import org.zeroth.estimate.RankingOracle;
import org.zeroth.problems.Problems;

/** A builder left without its terminal shows what it would run and how to run it, not a hash code. */
class BuilderViewTest {
    private static final Objective SPHERE = Problems.sphere(5);

    @Test
    void aMinimizerShowsItsMethodSettingsAndTheCallThatRunsIt() {
        var builder = zo.minimize(SPHERE).from(new double[5]).withGaussianDirections(1e-3).queries(8).central()
                .adam(1e-2).seed(42);
        assertEquals("zo-adam gaussian h=0.001 q=8 central lr=0.01 on sphere(5), not run yet: call steps(n) to run",
                builder.toString());
        MimeBundle bundle = Views.bundle(builder);
        assertEquals(builder.toString(), bundle.get(MimeBundle.TEXT));
        String html = bundle.get(MimeBundle.HTML);
        assertTrue(html.contains("call steps(n) to run") && html.contains("not run yet"), html);
        assertTrue(html.contains("<td>seed</td>") || html.contains(">seed<"), "the configuration table: " + html);
        assertTrue(html.contains("42"), html);
        assertEquals(builder.steps(3).config().label(), builder.plan().label(), "the plan is what steps(n) runs");
    }

    @Test
    void everyBuilderSaysWhatItWouldRun() {
        Map<RunBuilder<?>, String> builders = new LinkedHashMap<>();
        builders.put(zo.minimize(SPHERE).inPlace(), "mezo");
        builders.put(zo.maximize(x -> -x.getDouble(0)).from(1, 2).signSgd(0.1), "zo-sign-sgd");
        builders.put(zo.minimizeByRanking(RankingOracle.of(SPHERE, 2)).from(new double[5]), "zo-ranksgd");
        builders.put(zo.cmaes(SPHERE), "cma-es");
        builders.put(zo.nelderMead(SPHERE), "nelder-mead");
        builders.put(zo.powell(SPHERE), "powell");
        builders.put(zo.bobyqa(SPHERE), "bobyqa");
        builders.put(zo.randomSearch(SPHERE).gaussian(0.5), "random-search");
        builders.put(zo.cbo(SPHERE).particles(20), "cbo");
        builders.put(zo.directSearch(SPHERE), "direct-search");
        builders.put(zo.mapElites(SPHERE, x -> new double[] {x.getDouble(0)}, org.zeroth.population.Grid.of(-1, 1, 5)),
                "map-elites");
        builders.put(zo.estimate(SPHERE, 1, 2, 3, 4, 5).withSphereDirections(1e-2), "estimator analysis");
        builders.forEach((builder, method) -> {
            String text = builder.toString();
            assertTrue(text.startsWith(method + " ") && text.contains(" on ") && text.contains(", not run yet: call "),
                    text);
            assertFalse(text.contains("@"), "no hash code: " + text);
            MimeBundle bundle = Views.bundle(builder);
            assertEquals(text, bundle.get(MimeBundle.TEXT));
            assertTrue(bundle.get(MimeBundle.HTML).contains("call " + builder.terminal() + " to run"));
        });
        assertTrue(zo.estimate(SPHERE, new double[5]).toString().endsWith("call trials(n) to run"));
        assertTrue(zo.cmaes(SPHERE).toString().endsWith("call steps(n) or run() to run"));
        assertTrue(zo.cbo(SPHERE).particles(20).toString().contains("particles=20"));
        assertTrue(zo.directSearch(SPHERE).within(-2, 2).toString().contains("pollSize=1.2"), "0.3 × the box's width");
        assertTrue(zo.mapElites(SPHERE, x -> new double[] {x.getDouble(0)}, org.zeroth.population.Grid.of(-1, 1, 5))
                .initialSamples(7).toString().contains("initialSamples=7"));
        assertTrue(zo.minimize(SPHERE).adam(0.5).toString().contains("lr=0.5"));
    }

    @Test
    void aBuilderWithoutAStartStillShowsItself() {
        String text = zo.minimize(x -> x.getDouble(0) * x.getDouble(0)).sgd(0.1).toString();
        assertTrue(text.startsWith("zo-sgd ") && text.endsWith("call steps(n) to run"), text);
    }
}
