package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.estimate.RankingOracle;
import org.zeroth.population.Traces;
import org.zeroth.problems.Problem;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;

/** resample(k), reevaluate(m, r) and the recommendation of a noisy run, judged by the noise-free values. */
class NoisyTest {
    private static final Problem EXACT = Problems.sphere(10);
    private static final Problem EXACT_2 = Problems.sphere(2);

    /**
     * A Run and its Recommendation share the oracle's best point (a run out of memory has no room to copy it), so
     * that array must stay as recorded: what users get are copies, and the oracle writes a later best elsewhere.
     */
    @Test
    void theRecordedBestPointStaysAsRecorded() {
        Run r = zo.minimize(EXACT).withGaussianDirections(1e-3).seed(3).progress(false).steps(20);
        INDArray best = r.bestPoint();
        r.bestPoint().addi(1);
        r.recommendation().point().muli(-2);
        assertEquals(best, r.bestPoint(), "bestPoint() is a copy");
        assertEquals(best, r.recommendation().point(), "the recommendation's point is a copy of the same point");
        try (Oracle oracle = Oracle.of(EXACT_2).build()) {
            oracle.value(Tensors.vector(2, 2));
            Recommendation first = oracle.recommend(null, false);
            oracle.value(Tensors.vector(1, 0));
            assertEquals(Tensors.vector(2, 2), first.point(), "a better point after it does not change it");
            assertEquals(Tensors.vector(1, 0), oracle.recommend(null, false).point());
            oracle.value(Tensors.vector(0.5, 0));
            assertEquals(Tensors.vector(0.5, 0), oracle.bestPoint());
        }
    }

    @Test
    void aResampledValueIsTheMeanOfKCountedEvaluations() {
        double[] samples = {1, 2, 6, 10, 20, 30};
        AtomicLong calls = new AtomicLong();
        Objective f = x -> samples[(int) calls.getAndIncrement() % samples.length];
        try (Oracle oracle = Oracle.of(f).resample(3).build()) {
            assertEquals(3, oracle.value(Tensors.vector(1, 2)));
            assertEquals(3, oracle.evaluations());
            assertArrayEquals(new double[] {20, 3}, oracle.values(List.of(Tensors.vector(0, 0), Tensors.vector(1, 1))));
            assertEquals(9, oracle.evaluations());
            assertEquals(9, calls.get());
            assertEquals(3, oracle.best(), "the best value is the lowest mean");
        }
    }

    @Test
    void aNoisyProblemGivesEveryRunItsNoiseAfreshWhateverRanBefore() {
        Problem noisy = Problems.sphere(5).noisy(0.1, 3);
        Function<Problem, Run> run = f -> zo.minimize(f).withGaussianDirections(0.1).queries(4).sgd(0.01).seed(2)
                .resample(3).progress(false).steps(40);
        Run first = run.apply(noisy);
        INDArray ones = Tensors.vector(1, 1, 1, 1, 1);
        double a = noisy.value(ones);
        double b = noisy.value(ones);
        assertTrue(a != b, "direct calls at one point draw fresh noise: " + a + ", " + b);
        Traces.assertSameRun(first, run.apply(noisy));
        Traces.assertSameRun(first, run.apply(Problems.sphere(5).noisy(0.1, 3)));
        noisy.value(noisy.start()); // where the runs start: a shared count would shift their first value
        Run ask = zo.minimize(Objective.of(5, "named", noisy)).withGaussianDirections(0.1).queries(4).sgd(0.01).seed(2)
                .resample(3).progress(false).steps(40);
        assertEquals(first.bestValue(), ask.bestValue(), "a named wrapper passes the fresh copy on");
    }

    @Test
    void resamplingDividesTheNoiseVarianceByK() {
        // n means of k = 4 samples with σ = 0.5: var = σ²/4; its standard error is var·√(2/(n−1)): 5 of them.
        int n = 4000;
        double sigma = 0.5;
        INDArray x = Tensors.vector(new double[10]);
        try (Oracle oracle = Oracle.of(Problems.sphere(10).noisy(sigma, 3)).resample(4).build()) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double v = oracle.value(x);
                sum += v;
                squares += v * v;
            }
            double variance = (squares - sum * sum / n) / (n - 1);
            double expected = sigma * sigma / 4;
            assertEquals(expected, variance, 5 * expected * Math.sqrt(2.0 / (n - 1)));
            assertEquals(4L * n, oracle.evaluations());
        }
    }

    /** Every method with resample(2) and reevaluate(2, 3) under a budget of 120. */
    static Map<String, Function<Objective, Run>> runs() {
        Map<String, Function<Objective, Run>> runs = new LinkedHashMap<>();
        double[] x0 = {0.5, -0.3, 0.2};
        runs.put("zo", f -> zo.minimize(f).from(x0).queries(2).resample(2).reevaluate(2, 3).maxEvaluations(120)
                .progress(false).steps(1000));
        runs.put("zo-parallel", f -> zo.minimize(f).from(x0).queries(3).parallelism(3).resample(2).reevaluate(2, 3)
                .maxEvaluations(120).progress(false).steps(1000));
        runs.put("ranking", f -> zo.minimizeByRanking(RankingOracle.of(f, 2)).from(x0).resample(2).reevaluate(2, 3)
                .maxEvaluations(120).progress(false).steps(1000));
        runs.put("cbo", f -> zo.cbo(f).from(x0).particles(4).resample(2).reevaluate(2, 3).maxEvaluations(120)
                .progress(false).steps(1000));
        runs.put("cmaes", f -> zo.cmaes(f).from(x0).sigma(0.2).resample(2).reevaluate(2, 3).maxEvaluations(120)
                .progress(false).steps(1000));
        runs.put("nelderMead", f -> zo.nelderMead(f).from(x0).resample(2).reevaluate(2, 3).maxEvaluations(120)
                .progress(false).steps(1000));
        runs.put("powell", f -> zo.powell(f).from(x0).resample(2).reevaluate(2, 3).maxEvaluations(120)
                .progress(false).steps(1000));
        runs.put("bobyqa", f -> zo.bobyqa(f).from(x0).within(-1, 1).resample(2).reevaluate(2, 3).maxEvaluations(120)
                .progress(false).steps(1000));
        runs.put("randomSearch", f -> zo.randomSearch(f).from(x0).within(-1, 1).resample(2).reevaluate(2, 3)
                .maxEvaluations(120).progress(false).steps(1000));
        return runs;
    }

    @Test
    void everyMethodCountsEachSampleAndKeepsTheReevaluationInsideTheBudget() {
        for (var method : runs().entrySet()) {
            AtomicLong calls = new AtomicLong();
            Problem noisy = Problems.sphere(3).noisy(0.05, 1);
            Run run = method.getValue().apply(Objective.of(3, "counted", x -> {
                calls.incrementAndGet();
                return noisy.value(x);
            }));
            String name = method.getKey();
            assertEquals(calls.get(), run.evaluations(), name + ": every sample counted");
            assertTrue(run.evaluations() <= 120, name + ": within the budget: " + run.evaluations());
            long traced = run.trace().longColumn("evaluations").getLong((int) run.steps() - 1);
            long extra = run.evaluations() - traced; // 2 + 1 points × 3, a point among them once
            assertTrue(extra == 9 || extra == 6, name + ": the final re-evaluation made " + extra);
            assertEquals(3, run.recommendation().samples(), name);
            assertEquals(2, run.config().get("resample"), name);
        }
    }

    @Test
    void theReevaluationSamplesEachPointOnceAndIsTheSameOnThreads() {
        // CMA-ES ends at its best point, which is also one of the best points seen: one point, sampled r times.
        // Sampled twice, its 2r draws (the noise of a point's n-th evaluation is draw n) interleaved on threads.
        Problem noisy = Problems.rosenbrock(4).noisy(0.05, 9);
        Recommendation sequential = zo.cmaes(noisy).seed(2).reevaluate(2, 5).progress(false).steps(30)
                .recommendation();
        for (int repeat = 0; repeat < 8; repeat++) {
            Run run = zo.cmaes(noisy).seed(2).reevaluate(2, 5).on(Backend.threads(3)).progress(false).steps(30);
            assertEquals(sequential.mean(), run.recommendation().mean(), 0, "repeat " + repeat);
            assertEquals(sequential.standardError(), run.recommendation().standardError(), 0, "repeat " + repeat);
        }
        List<double[]> calls = new ArrayList<>();
        Run counted = zo.cmaes(Objective.of(4, "rosenbrock", x -> {
            calls.add(Tensors.toArray(x));
            return noisy.value(x);
        })).from(noisy.start()).seed(2).reevaluate(2, 5).progress(false).steps(30);
        long traced = counted.trace().longColumn("evaluations").getLong((int) counted.steps() - 1);
        java.util.Map<String, Long> samples = calls.subList((int) traced, calls.size()).stream().collect(
                java.util.stream.Collectors.groupingBy(java.util.Arrays::toString, java.util.stream.Collectors.counting()));
        assertTrue(samples.values().stream().allMatch(n -> n == 5), "r = 5 samples of each point: " + samples.values());
        assertTrue(samples.size() < 3, "the final point is one of the best: " + samples.size() + " points");
    }

    @Test
    void withoutReevaluationTheRecommendationIsTheBestPointWithItsSamples() {
        Run plain = zo.minimize(Problems.sphere(3)).queries(2).seed(2).progress(false).steps(20);
        Recommendation r = plain.recommendation();
        assertArrayEquals(Tensors.toArray(plain.bestPoint()), Tensors.toArray(r.point()));
        assertEquals(plain.bestValue(), r.mean());
        assertEquals(1, r.samples());
        assertTrue(Double.isNaN(r.standardError()));
        assertTrue(r.toString().endsWith("(1 sample: no standard error; reevaluate(m, r) samples the candidates again)")
                && !r.toString().contains("NaN"), r.toString());
        assertTrue(zo.minimize(Problems.sphere(3)).reevaluate(3, 10).toString().contains("reevaluate=(3, 10)"));
        Problem noisy = Problems.sphere(3).noisy(0.1, 4); // one stream: a new noisy(σ, seed) would repeat its draws
        Run resampled = zo.maximize(x -> -noisy.value(x)).from(1, 1, 1).resample(4)
                .progress(false).steps(20);
        Recommendation m = resampled.recommendation();
        assertEquals(resampled.bestValue(), m.mean(), "in the user's sense: the highest mean of 4");
        assertEquals(4, m.samples());
        assertTrue(m.standardError() > 0.1 / 2 / 4 && m.standardError() < 0.1 / 2 * 4, "s/√4 with s ≈ σ: " + m);
    }

    @Test
    void theReevaluatedMeanIsInTheUsersSense() {
        Run max = zo.maximize(x -> 5 - ParallelismTest.sphere(x)).from(1, 1, 1).reevaluate(3, 4).progress(false)
                .steps(30);
        Recommendation r = max.recommendation();
        assertEquals(5 - ParallelismTest.sphere(r.point()), r.mean(), 1e-12);
        assertEquals(0, r.standardError(), 1e-12, "an exact objective has no spread");
        assertTrue(r.mean() >= 5 - ParallelismTest.sphere(max.finalPoint()) - 1e-12, "no candidate is worse than"
                + " the final point");
    }

    @Test
    void theStandardErrorIsTheSpreadOfTheFreshSamplesOverTheirRoot() {
        // r = 400 fresh samples of σ = 0.1: s.e. = σ/20; s has relative standard error 1/√(2(r − 1)): 5 of them.
        int r = 400;
        Recommendation rec = zo.minimize(Problems.sphere(2).noisy(0.1, 8)).from(0.5, 0.5).seed(1).reevaluate(0, r)
                .progress(false).steps(3).recommendation();
        assertEquals(r, rec.samples());
        assertEquals(0.1 / Math.sqrt(r), rec.standardError(), 5 * 0.1 / Math.sqrt(r) / Math.sqrt(2.0 * (r - 1)));
        assertEquals(EXACT_2.value(rec.point()), rec.mean(), 5 * 0.1 / Math.sqrt(r), "one candidate: no selection");
    }

    @Test
    void aNoisyRunSaysWhatItRecommends() {
        Run run = zo.minimize(Problems.sphere(2).noisy(0.1, 8)).from(0.5, 0.5).reevaluate(1, 4).progress(false)
                .steps(3);
        assertTrue(run.toString().contains("recommended by mean: f = "), run.toString());
        Run exact = zo.minimize(Problems.sphere(2)).from(0.5, 0.5).progress(false).steps(3);
        assertTrue(!exact.toString().contains("recommended"), "an exact run's summary is as before");
    }

    @Test
    void theRecommendationBeatsTheLuckiestSampleOnTheNoisySphere() {
        // 30 paired trials on sphere(10) with N(0, 0.1²) noise; judged by the noise-free values.
        int trials = 30;
        double[] gain = new double[trials];
        double[] luck = new double[trials];
        double[] bias = new double[trials];
        for (int s = 0; s < trials; s++) {
            Run run = zo.minimize(Problems.sphere(10).noisy(0.1, s)).withGaussianDirections(0.1).queries(4)
                    .sgd(0.01).seed(s).reevaluate(5, 20).progress(false).steps(300);
            double luckiest = EXACT.value(run.bestPoint());
            Recommendation r = run.recommendation();
            double recommended = EXACT.value(r.point());
            gain[s] = luckiest - recommended;
            luck[s] = luckiest - run.bestValue();
            bias[s] = recommended - r.mean();
            assertEquals(20, r.samples());
        }
        // The recommended point is truly better: the mean gain exceeds 3 of its standard errors.
        assertTrue(mean(gain) > 3 * standardError(gain), "gain " + mean(gain) + " ± " + standardError(gain));
        // bestValue is a lucky draw (about 2.5σ below the truth); the recommendation's mean is honest up to the choice
        // among 6 candidates: E min of 6 standard normals ≈ −1.27, times σ/√20 = 0.022 → 0.028, plus 4 s.e.
        assertTrue(mean(luck) > 0.15, "bestValue is optimistic by " + mean(luck));
        assertTrue(Math.abs(mean(bias)) < 0.028 + 4 * standardError(bias), "the mean's bias " + mean(bias));
    }

    @Test
    void aNoisyProblemGivesTheSameRunWithKThreads() {
        for (int repeat = 0; repeat < 10; repeat++) {
            Run one = zo.minimize(Problems.sphere(10).noisy(0.1, repeat)).withGaussianDirections(0.1).queries(6)
                    .central().resample(3).seed(repeat).progress(false).steps(15);
            Run four = zo.minimize(Problems.sphere(10).noisy(0.1, repeat)).withGaussianDirections(0.1).queries(6)
                    .central().resample(3).parallelism(4).seed(repeat).progress(false).steps(15);
            Traces.assertSameRun(one, four);
        }
    }

    @Test
    void theReevaluationSpendsItsKeptBudgetOnceAndStopsOnANonFiniteMean() {
        AtomicLong calls = new AtomicLong();
        Objective f = x -> {
            calls.incrementAndGet();
            return Tensors.squaredNorm(x);
        };
        try (Oracle oracle = Oracle.of(f).maxEvaluations(20).reevaluate(2, 3).build()) {
            assertTrue(oracle.canEvaluate(11) && !oracle.canEvaluate(12), "(2 + 1)·3 = 9 of 20 kept for the end");
            for (int i = 0; i < 11; i++) {
                oracle.value(Tensors.vector(i, 1));
            }
            assertThrows(Oracle.Stop.class, () -> oracle.value(Tensors.vector(0, 0)), "the kept 9 are not the run's");
            Recommendation first = oracle.recommend(Tensors.vector(0, 0.5), true);
            assertEquals(20, calls.get(), "2 candidates and the final point, 3 samples each");
            assertEquals(0.25, first.mean(), 1e-12, "the final point (0, 0.5) has the lowest fresh mean");
            Recommendation again = oracle.recommend(Tensors.vector(0, 0.5), true);
            assertEquals(20, calls.get(), "the kept budget is spent once");
            assertEquals(20, oracle.evaluations());
            assertEquals(1, again.mean(), 1e-12, "afterwards: the best point seen, (0, 1)");
        }
        AtomicLong n = new AtomicLong();
        Objective breaksLate = x -> n.incrementAndGet() > 4 ? Double.NaN : Tensors.squaredNorm(x);
        try (Oracle oracle = Oracle.of(breaksLate).reevaluate(1, 2).build()) {
            oracle.value(Tensors.vector(1, 1));
            oracle.value(Tensors.vector(2, 2));
            Oracle.Failure e = assertThrows(Oracle.Failure.class, () -> oracle.recommend(Tensors.vector(3, 3), true));
            assertTrue(e.getMessage().contains("re-evaluating") && e.getMessage().contains("3.0"), e.getMessage());
        }
    }

    @Test
    void badNoiseOptionsAreRejectedClearly() {
        var b = zo.minimize(Problems.sphere(3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.resample(0)).getMessage()
                .contains("resample(k) needs k ≥ 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.reevaluate(3, 0)).getMessage()
                .contains("e.g. reevaluate(5, 20)"));
        String m = assertThrows(IllegalArgumentException.class, () -> b.reevaluate(5, 20).maxEvaluations(100)
                .progress(false).steps(10)).getMessage();
        assertTrue(m.contains("keeps 120 evaluations for the end of the run but maxEvaluations is 100"), m);
        m = assertThrows(IllegalArgumentException.class, () -> zo.minimizeByRanking(points -> new int[] {0, 1})
                .from(1, 1).resample(2).progress(false).steps(3)).getMessage();
        assertTrue(m.contains("need objective values"), m);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double standardError(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1) / v.length);
    }
}
