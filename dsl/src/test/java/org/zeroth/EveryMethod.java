package org.zeroth;

import static org.zeroth.Zo.zo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.estimate.RankingOracle;
import org.zeroth.population.Grid;

/**
 * Every entry point of the DSL as a run of f in dimension 3 within [−0.5, 0.5]³, long enough to be stopped; a run
 * that misses its interrupt ends at {@value #SAFETY} evaluations (MAX_EVALUATIONS) instead of hanging the test.
 */
final class EveryMethod {
    static final double LO = -0.5;
    static final double HI = 0.5;
    static final long LONG = 1_000_000;
    static final long SAFETY = 20_000;

    private EveryMethod() {
    }

    static Map<String, Function<Objective, Run>> runs() {
        Map<String, Function<Objective, Run>> runs = new LinkedHashMap<>();
        runs.put("zo.minimize", f -> zo.minimize(f).from(0.1, 0.2, 0.3).within(LO, HI).adam(1e-2).maxEvaluations(SAFETY).progress(false).steps(LONG));
        runs.put("ranking", f -> zo.minimizeByRanking(RankingOracle.of(f, 3)).from(0.1, 0.2, 0.3).within(LO, HI)
                .maxEvaluations(SAFETY).progress(false).steps(LONG));
        runs.put("cbo", f -> zo.cbo(f).from(0.1, 0.2, 0.3).within(LO, HI).particles(5).maxEvaluations(SAFETY).progress(false).steps(LONG));
        runs.put("cmaes", f -> zo.cmaes(f).from(0.1, 0.2, 0.3).within(LO, HI).sigma(0.2).maxEvaluations(SAFETY).progress(false).steps(LONG));
        runs.put("nelderMead", f -> zo.nelderMead(f).from(0.1, 0.2, 0.3).within(LO, HI).maxEvaluations(SAFETY).progress(false).steps(LONG));
        runs.put("powell", f -> zo.powell(f).from(0.1, 0.2, 0.3).within(LO, HI).maxEvaluations(SAFETY).progress(false).steps(LONG));
        runs.put("bobyqa", f -> zo.bobyqa(f).from(0.1, 0.2, 0.3).within(LO, HI).maxEvaluations(SAFETY).progress(false).steps(LONG));
        runs.put("randomSearch", f -> zo.randomSearch(f).from(0.1, 0.2, 0.3).within(LO, HI).maxEvaluations(SAFETY).progress(false).steps(LONG));
        runs.put("directSearch", f -> zo.directSearch(f).from(0.1, 0.2, 0.3).within(LO, HI).minPollSize(1e-300)
                .maxEvaluations(SAFETY).progress(false).steps(LONG));
        runs.put("mapElites", f -> zo.mapElites(f, x -> new double[] {x.getDouble(0), x.getDouble(1)},
                Grid.of(LO, HI, 4, 4)).from(0.1, 0.2, 0.3).within(LO, HI).maxEvaluations(SAFETY).progress(false).steps(LONG));
        // Bayesian optimization's design has 2(d + 1) = 8 points, so the interrupt lands in it; 40 evaluations
        // (not SAFETY) bound a run that missed it, as its steps grow with the evaluations.
        runs.put("bayesian", f -> zo.bayesian(f).from(0.1, 0.2, 0.3).within(LO, HI).maxEvaluations(40)
                .progress(false).steps(LONG));
        // ZO-SVRG on f as a finite sum of two equal components: each component call is one call of f.
        runs.put("svrg", f -> zo.minimize(Objective.finiteSum(2, (i, x) -> f.value(x))).from(0.1, 0.2, 0.3)
                .within(LO, HI).miniBatch(1).svrg(3).adam(1e-2).maxEvaluations(SAFETY).progress(false).steps(LONG));
        // MeZO takes no bounds (projection would break its exact restore): its points are checked against none.
        runs.put("inPlace", f -> zo.minimize(f).from(Nd4j.createFromArray(0.1, 0.2, 0.3)).withGaussianDirections(1e-3)
                .central().inPlace().maxEvaluations(SAFETY).progress(false).steps(LONG));
        runs.put("inPlace miniBatch", f -> zo.minimize(Objective.finiteSum(2, (i, x) -> f.value(x)))
                .from(Nd4j.createFromArray(0.1, 0.2, 0.3)).withGaussianDirections(1e-3).central().miniBatch(1)
                .inPlace().maxEvaluations(SAFETY).progress(false).steps(LONG));
        return runs;
    }

    static boolean bounded(String method) {
        return !method.startsWith("inPlace");
    }
}
