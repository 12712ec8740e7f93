package org.zeroth.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;
import static org.zeroth.space.SpaceTest.expect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Which configuration a tuning trains first, read from the loss's own calls: without from(…) BO and random search
 * draw their first points as they do outside a tuning (the cube's centre, whose one-hot ties always pick the first
 * choice, used to be BO's first trial whatever the seed); with from(config) that configuration is trained first.
 */
class TuningFirstTrialTest {
    private static final Space SPACE = TuningTest.MIXED;
    /** The configuration at the cube's centre: lr = 0.01, hidden = 33, rule = sgd (a one-hot tie: the first wins). */
    private static final Params CENTRE = centre();
    private static final Params GIVEN = TuningTest.START;

    private static Params centre() {
        double[] u = new double[SPACE.dimension()];
        Arrays.fill(u, 0.5);
        return SPACE.decode(u);
    }

    /** The configurations the loss was called with, in order, over a budget of n. */
    private static List<Params> calls(UnaryOperator<Tuning> method, long seed, Params start, int n) {
        List<Params> calls = new ArrayList<>();
        Tuning t = method.apply(zo.tune(SPACE, p -> {
            calls.add(p);
            return TuningTest.mixedLoss(p);
        })).seed(seed).maxEvaluations(n).progress(false);
        (start == null ? t : t.from(start)).steps(10_000);
        return calls;
    }

    @Test
    void withoutAStartBayesianAndRandomSearchDrawTheirFirstTrialBySeed() {
        UnaryOperator<Tuning> bo = t -> t.bayesian(b -> b.initialPoints(4));
        for (var method : List.of(bo, (UnaryOperator<Tuning>) Tuning::randomSearch)) {
            Set<Params> firsts = new HashSet<>();
            for (long seed = 0; seed < 5; seed++) {
                List<Params> calls = calls(method, seed, null, 4);
                assertEquals(4, calls.size(), "four new configurations, each trained once");
                assertTrue(!calls.contains(CENTRE), "seed " + seed + " trained the cube's centre: " + calls);
                firsts.add(calls.get(0));
            }
            assertEquals(5, firsts.size(), "the first trial is drawn, so each seed has its own: " + firsts);
        }
    }

    @Test
    void aStartGivenIsTrainedFirstAndTheRestIsTheMethodsOwn() {
        for (long seed = 0; seed < 3; seed++) {
            List<Params> drawn = calls(Tuning::randomSearch, seed, null, 6);
            List<Params> fromGiven = calls(Tuning::randomSearch, seed, GIVEN, 6);
            assertEquals(GIVEN, fromGiven.get(0), "random search, seed " + seed);
            assertEquals(drawn.subList(1, 6), fromGiven.subList(1, 6), "sample i is still the i-th draw");

            UnaryOperator<Tuning> bo = t -> t.bayesian(b -> b.initialPoints(4));
            List<Params> design = calls(bo, seed, null, 4);
            List<Params> designFromGiven = calls(bo, seed, GIVEN, 4);
            assertEquals(GIVEN, designFromGiven.get(0), "BO, seed " + seed);
            assertEquals(design.subList(1, 4), designFromGiven.subList(1, 4), "it takes the design's first place");
        }
        // Ask/tell asks for it first too.
        try (TuningOptimization t = zo.tune(SPACE).bayesian().from(GIVEN).seed(1).maxEvaluations(5).progress(false)
                .start()) {
            assertEquals(GIVEN, t.ask().params());
        }
    }

    @Test
    void theLocalMethodsStartAtTheCentreOrTheStartGivenAndCboRefusesAStart() {
        // CMA-ES's mean starts there and Hipparchus evaluates it first; ZO only probes around it.
        assertEquals(CENTRE, calls(Tuning::cmaes, 1, null, 3).get(0));
        assertEquals(GIVEN, calls(Tuning::cmaes, 1, GIVEN, 3).get(0));
        assertNotEquals(CENTRE, calls(t -> t.zo(0.2), 1, null, 3).get(0));
        List<Params> cbo = new ArrayList<>();
        expect(() -> zo.tune(SPACE, p -> {
            cbo.add(p);
            return 0;
        }).cbo().from(GIVEN).progress(false).steps(3), "cbo() draws its first swarm uniformly in the cube and has no"
                + " start, so from({lr=0.003, hidden=7, rule=momentum}) would never be evaluated; drop from(…), or use"
                + " bayesian() or randomSearch(), which evaluate it first");
        expect(() -> zo.tune(SPACE).cbo().from(GIVEN).start(), "cbo() draws its first swarm uniformly");
        assertEquals(List.of(), cbo, "refused before any training");
    }
}
