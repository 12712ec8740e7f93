package org.zeroth.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;
import static org.zeroth.population.Traces.assertSameRun;
import static org.zeroth.population.Traces.column;
import static org.zeroth.population.Traces.expect;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Run;
import org.zeroth.RunFailedException;
import org.zeroth.StopReason;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;

/** ZO-RankSGD (Tang, Rybin, Chang 2024): optimization from top-k answers alone. */
class RankingTest {

    @Test
    void theComparisonGraphWeightsAreTheMeanOverItsEdges() {
        int m = 6;
        int[] answer = {4, 1, 3};
        double[] c = ComparisonGraph.weights(m, answer);
        // By hand: every edge (better i, worse j) adds ξⱼ − ξᵢ; 3 edges among the ranked, 3 × 3 to the unranked.
        double[] byEdges = new double[m];
        int edges = 0;
        boolean[] ranked = new boolean[m];
        for (int i : answer) {
            ranked[i] = true;
        }
        for (int r = 0; r < answer.length; r++) {
            for (int j = 0; j < m; j++) {
                boolean below = ranked[j] ? indexOf(answer, j) > r : true;
                if (below) {
                    byEdges[j] += 1;
                    byEdges[answer[r]] -= 1;
                    edges++;
                }
            }
        }
        assertEquals(3 + 9, edges);
        for (int i = 0; i < m; i++) {
            assertEquals(byEdges[i] / edges, c[i], 1e-15);
        }
    }

    @Test
    void zoRankSgdCutsSphere20By100() {
        // m = 10 directions, top 5, μ = 0.01, lr = 0.1: f near the iterate falls from 20 below 0.2 after 34–40 steps
        // (340–400 queries) for seeds 0–2 and settles near 0.05; budget 100 steps = 1,000 queries.
        Run run = zo.minimizeByRanking(RankingOracle.of(Problems.sphere(20), 5)).directions(10).sgd(0.1).steps(100);
        double[] value = column(run, "value");
        // E f(x + μξ) = f(x) + μ²d = 20.002; the mean of 10 has sd 2μ‖x‖/√10 ≈ 0.03 (‖x‖ = √20).
        assertEquals(20, value[0], 0.15, "the value column is the mean f of the ranked points, ≈ f at the iterate");
        assertTrue(value[value.length - 1] < 0.2, run::toString);
        assertEquals(1_000, run.evaluations(), "every ranked point is one query");
        assertTrue(run.bestValue() < 0.2, "the best point ranked is evaluated and kept");
    }

    @Test
    void aRankingOracleWithoutValuesCountsQueriesAndRecordsNoValues() {
        var f = Problems.sphere(5);
        RankingOracle judge = points -> RankingOracle.of(f, 2).rank(points);
        Run run = zo.minimizeByRanking(judge).from(f.start()).directions(8).sgd(0.05).maxEvaluations(95).steps(1_000);
        assertEquals(StopReason.MAX_EVALUATIONS, run.stopReason());
        assertEquals(88, run.evaluations(), "11 whole steps of 8 queries fit in 95");
        assertTrue(Double.isNaN(run.bestValue()));
        assertTrue(Double.isNaN(column(run, "value")[0]));
        assertTrue(f.value(run.finalPoint()) < f.value(f.start()), "yet it descends");
        assertTrue(run.toString().contains("88 points ranked, 11 steps") && run.toString().contains("no f(x): a ranking"
                + " oracle gives orders only, so the result is finalPoint()") && !run.toString().contains("NaN"), run::toString);
        assertEquals("a function", run.config().get("oracle"), "not the lambda's generated class name");
        expect(() -> zo.minimizeByRanking(judge).from(f.start()).stopAt(1e-3).steps(10), "needs objective values");
    }

    @Test
    void sameSeedSameRunAlsoWithANoisyJudge() {
        var noisy = RankingOracle.noisy(Problems.sphere(10), 3, 0.1, 5);
        assertSameRun(zo.minimizeByRanking(noisy).sgd(0.05).seed(2).steps(50),
                zo.minimizeByRanking(noisy).sgd(0.05).seed(2).steps(50));
        List<INDArray> points = List.of(Tensors.vector(3, 0), Tensors.vector(1, 0), Tensors.vector(2, 0));
        assertArrayEquals(new int[] {1, 2}, RankingOracle.of(Problems.sphere(2), 2).rank(points));
    }

    @Test
    void stopAtAndFailures() {
        Run run = zo.minimizeByRanking(RankingOracle.of(Problems.sphere(4), 4)).sgd(0.1).stopAt(0.5).steps(1_000);
        assertEquals(StopReason.TARGET_REACHED, run.stopReason());

        RankingOracle confused = points -> new int[] {0, 0};
        var failure = assertThrows(RunFailedException.class,
                () -> zo.minimizeByRanking(confused).from(1, 1).steps(10));
        assertTrue(failure.getMessage().contains("repeats 0"), failure.getMessage());
        assertEquals(StopReason.FAILED, failure.run().stopReason());
        var silent = assertThrows(RunFailedException.class,
                () -> zo.minimizeByRanking(points -> null).from(1, 1).steps(10));
        assertTrue(silent.getMessage().contains("the ranking oracle answered null; return the indices"),
                silent.getMessage());
    }

    @Test
    void badOptionsSayWhatToChange() {
        var ranking = zo.minimizeByRanking(RankingOracle.of(Problems.sphere(3), 2));
        expect(() -> ranking.directions(5).topK(7).steps(1), "topK(7) exceeds directions(5)");
        expect(() -> zo.minimizeByRanking(RankingOracle.of(Problems.sphere(3), 5)).directions(4).steps(1),
                "the oracle ranks the best 5 of the points shown, but a step shows directions(4)");
        expect(() -> ranking.directions(1), "directions(m) needs m ≥ 2");
        expect(() -> ranking.topK(0), "topK(k) needs k ≥ 1");
        expect(() -> ranking.smoothing(0), "smoothing(mu) must be a positive number");
        expect(() -> ranking.sgd(-1), "learning rate must be a positive number");
        expect(() -> RankingOracle.of(Problems.sphere(3), 0), "top k ≥ 1");
        expect(() -> RankingOracle.noisy(Problems.sphere(3), 2, -1, 0), "needs sigma ≥ 0");
        expect(() -> zo.minimizeByRanking(null), "the ranking oracle is null");
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
