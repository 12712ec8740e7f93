package org.zeroth.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.FiniteSum;
import org.zeroth.Objective;
import org.zeroth.Oracle;
import org.zeroth.Run;
import org.zeroth.estimate.FiniteSumEstimation;
import org.zeroth.estimate.RandomDirectionEstimator;
import org.zeroth.estimate.Directions;
import org.zeroth.estimate.Scheme;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * ZO-SVRG (Liu et al., NeurIPS 2018) against mini-batch ZO-SGD on least squares (n = 50, d = 10, residual noise
 * σ = 0.5), at the same cost per step: central Gaussian differences (k = 2 queries), ZO-SGD b = 14 → 28 component
 * queries a step; ZO-SVRG b = 5, m = 10 → (2·50 + 9·2·2·5)/10 = 28 a step on average.
 */
class ZoSvrgTest {
    private static final LeastSquares P = new LeastSquares(50, 10, 0.5, 1);
    private static final RandomDirectionEstimator CENTRAL = new RandomDirectionEstimator(Directions.GAUSSIAN, 1e-3,
            1, Scheme.CENTRAL);

    /** E‖ĝ − ∇f(x)‖² over {@code trials} seeds and its standard error, from the errors' sample spread. */
    private static double[] meanSquaredError(int trials, java.util.function.BiConsumer<RandomStream, INDArray> estimate,
                                             INDArray x) {
        double[] truth = P.gradient(x);
        double sum = 0;
        double sumOfSquares = 0;
        INDArray g = Tensors.zeros(10);
        for (int t = 0; t < trials; t++) {
            estimate.accept(RandomStream.of(77).fork(t), g);
            double e = 0;
            for (int j = 0; j < 10; j++) {
                e += Math.pow(g.getDouble(j) - truth[j], 2);
            }
            sum += e;
            sumOfSquares += e * e;
        }
        double mean = sum / trials;
        double sd = Math.sqrt(Math.max(0, sumOfSquares / trials - mean * mean));
        return new double[] {mean, sd / Math.sqrt(trials)};
    }

    @Test
    void svrgEstimateHasLowerVarianceThanMiniBatchZoSgdAtTheSameCost() {
        // x near the minimizer, the snapshot x̃ 0.05 away: the components still disagree (‖∇fᵢ‖² ≈ 4dσ² = 10).
        INDArray xStar = Tensors.vector(P.minimizer());
        INDArray x = xStar.dup();
        INDArray snapshot = xStar.dup();
        for (int j = 0; j < 10; j++) {
            x.putScalar(j, x.getDouble(j) + 0.05 * RandomStream.of(3).gaussian(j) / Math.sqrt(10));
            snapshot.putScalar(j, x.getDouble(j) + 0.05 * RandomStream.of(4).gaussian(j) / Math.sqrt(10));
        }
        int trials = 2_000;
        Oracle oracle = Oracle.of(P.f).build();
        FiniteSumEstimation svrg = new FiniteSumEstimation(CENTRAL, P.f, 5, 10, 1);
        FiniteSumEstimation sgd = new FiniteSumEstimation(CENTRAL, P.f, 14, 10, 1);
        long before = P.calls.get();
        double[] svrgError = meanSquaredError(trials, (s, g) -> {
            svrg.snapshot(oracle, snapshot, s.fork(1)); // a fresh snapshot estimate each trial: its noise counts
            svrg.corrected(oracle, x, g, s.fork(2));
        }, x);
        assertEquals(trials * (2 * 50 + 2 * 2 * 5), P.calls.get() - before, "component calls of the SVRG trials");
        assertEquals(P.calls.get() - before, oracle.evaluations());
        double[] sgdError = meanSquaredError(trials, (s, g) -> sgd.miniBatch(oracle, x, g, s), x);
        String measured = String.format("E‖ĝ − ∇f‖²: ZO-SVRG %.4f ± %.4f, mini-batch ZO-SGD %.4f ± %.4f",
                svrgError[0], svrgError[1], sgdError[0], sgdError[1]);
        System.out.println("ZoSvrgTest " + measured);
        // Each mean within 4 standard errors of its truth: the gap must exceed both margins.
        assertTrue(svrgError[0] + 4 * svrgError[1] < sgdError[0] - 4 * sgdError[1], measured);
        assertTrue(svrgError[1] < 0.1 * svrgError[0] && sgdError[1] < 0.1 * sgdError[0], "too few trials: " + measured);
    }

    @Test
    void batchesAreDrawnUniformlyWithReplacement() {
        FiniteSumEstimation estimation = new FiniteSumEstimation(CENTRAL, P.f, 14, 10, 1);
        int draws = 2_000;
        int[] counts = new int[50];
        for (int t = 0; t < draws; t++) {
            for (int i : estimation.batch(RandomStream.of(5).fork(t))) {
                counts[i]++;
            }
        }
        // Each count ~ Binomial(28,000, 1/50): mean 560, standard deviation 23.2.
        for (int i = 0; i < 50; i++) {
            assertEquals(560, counts[i], 4 * 23.2, "component " + i);
        }
        assertArrayEquals(estimation.batch(RandomStream.of(5).fork(3)), estimation.batch(RandomStream.of(5).fork(3)));
    }

    @Test
    void svrgEstimateIsUnbiased() {
        // E v = ∇f_h(x) (central differences are exact on quadratics: = ∇f(x)); per coordinate within 4 standard errors.
        INDArray x = Tensors.vector(0.5, -0.2, 1, 1.5, 0, 0.3, 0.7, 1.2, -0.4, 2);
        INDArray snapshot = Tensors.vector(1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        Oracle oracle = Oracle.of(P.f).build();
        FiniteSumEstimation svrg = new FiniteSumEstimation(CENTRAL, P.f, 5, 10, 1);
        int trials = 4_000;
        double[] sum = new double[10];
        double[] squares = new double[10];
        INDArray g = Tensors.zeros(10);
        for (int t = 0; t < trials; t++) {
            RandomStream s = RandomStream.of(8).fork(t);
            svrg.snapshot(oracle, snapshot, s.fork(1));
            svrg.corrected(oracle, x, g, s.fork(2));
            for (int j = 0; j < 10; j++) {
                sum[j] += g.getDouble(j);
                squares[j] += g.getDouble(j) * g.getDouble(j);
            }
        }
        double[] truth = P.gradient(x);
        for (int j = 0; j < 10; j++) {
            double mean = sum[j] / trials;
            double se = Math.sqrt((squares[j] / trials - mean * mean) / trials);
            assertEquals(truth[j], mean, 4 * se, "coordinate " + j);
        }
    }

    /** f(x) − f* at the end of a run of the given budget, computed here (not counted). */
    private static double gap(Minimizer method, long budget) {
        Run run = method.maxEvaluations(budget).steps(Long.MAX_VALUE);
        assertTrue(run.evaluations() <= budget);
        return P.loss(run.finalPoint()) - P.loss(Tensors.vector(P.minimizer()));
    }

    @Test
    void svrgReachesTheLossInFewerEvaluationsThanMiniBatchZoSgd() {
        // Target f − f* ≤ 1e-3 (f(0) − f* = 10.1). ZO-SVRG reaches it within 40,000 component queries (measured
        // 5e-4); mini-batch ZO-SGD at the same cost per step stays above it at twice that budget for every
        // learning rate of a grid (measured ≥ 3.2e-3: its mini-batch noise sets a floor that SVRG removes).
        Minimizer base = zo.minimize(P.f).from(new double[10]).withGaussianDirections(1e-3).central().seed(1)
                .progress(false);
        double svrg = gap(base.miniBatch(5).svrg(10).sgd(0.005), 40_000);
        assertTrue(svrg <= 1e-3, "ZO-SVRG after 40,000 queries: f − f* = " + svrg);
        for (double lr : new double[] {0.001, 0.002, 0.003, 0.005}) {
            double sgd = gap(base.miniBatch(14).sgd(lr), 80_000);
            assertTrue(sgd > 1e-3, "mini-batch ZO-SGD lr " + lr + " after 80,000 queries: f − f* = " + sgd);
        }
    }

    @Test
    void evaluationsAreComponentQueriesCountedByTheOracle() {
        // Forward Gaussian, q = 2: k = 3 queries an estimate. n = 50, b = 4, m = 5, 12 steps: epochs start at
        // steps 1, 6, 11 → 3·3·50 snapshot queries + 9·2·3·4 corrected ones.
        Minimizer base = zo.minimize(P.f).from(new double[10]).withGaussianDirections(1e-3).queries(2).sgd(1e-3)
                .progress(false);
        long before = P.calls.get();
        Run svrg = base.miniBatch(4).svrg(5).steps(12);
        assertEquals(3 * 3 * 50 + 9 * 2 * 3 * 4, P.calls.get() - before);
        assertEquals(P.calls.get() - before, svrg.evaluations());
        before = P.calls.get();
        Run sgd = base.miniBatch(4).steps(12);
        assertEquals(12 * 3 * 4, P.calls.get() - before);
        assertEquals(12 * 3 * 4, sgd.evaluations());
        before = P.calls.get();
        Run full = base.steps(12); // no mini-batch: every point is f itself, n queries
        assertEquals(12 * 3 * 50, P.calls.get() - before);
        assertEquals(12 * 3 * 50, full.evaluations());
        // The trace's evaluations column grows by each step's cost.
        assertEquals(3 * 50, svrg.trace().longColumn("evaluations").get(0));
        assertEquals(3 * 50 + 2 * 3 * 4, svrg.trace().longColumn("evaluations").get(1));
    }

    @Test
    void aBudgetInComponentQueriesIsNeverExceeded() {
        for (long budget : new long[] {149, 150, 173, 174, 1_000}) {
            long before = P.calls.get();
            Run run = zo.minimize(P.f).from(new double[10]).withGaussianDirections(1e-3).queries(2).miniBatch(4)
                    .svrg(5).sgd(1e-3).maxEvaluations(budget).progress(false).steps(1_000);
            long calls = P.calls.get() - before;
            assertEquals(calls, run.evaluations());
            assertTrue(calls <= budget, budget + ": " + calls);
            assertTrue(calls + 2 * 3 * 4 > budget || calls + 3 * 50 > budget, "stopped early: " + calls);
        }
    }

    @Test
    void sameSeedSameRunWhateverTheThreads() {
        Minimizer m = zo.minimize(P.f).from(new double[10]).withGaussianDirections(1e-3).queries(3).miniBatch(5)
                .svrg(7).adam(1e-2).seed(11).progress(false);
        Run one = m.steps(30);
        Run two = m.parallelism(2).steps(30);
        assertArrayEquals(Tensors.toArray(one.finalPoint()), Tensors.toArray(two.finalPoint()), 0.0);
        assertArrayEquals(one.trace().doubleColumn("value").asDoubleArray(),
                two.trace().doubleColumn("value").asDoubleArray(), 0.0);
        assertEquals(one.evaluations(), two.evaluations());
        Run other = m.seed(12).steps(30);
        assertTrue(P.loss(other.finalPoint()) != P.loss(one.finalPoint()));
        assertEquals("zo-svrg-adam", one.method());
        assertEquals(5, one.config().get("miniBatch"));
        assertEquals(7, one.config().get("epochLength"));
        assertEquals(50, one.config().get("components"));
    }

    @Test
    void onlyFullValuesCountAsTheBest() {
        // Mini-batch means are not f: the best value is f at a snapshot (forward scheme: f(x̃) is evaluated).
        Run svrg = zo.minimize(P.f).from(new double[10]).withGaussianDirections(1e-3).miniBatch(2).svrg(4)
                .sgd(1e-3).progress(false).steps(8);
        assertEquals(P.loss(svrg.bestPoint()), svrg.bestValue(), 1e-12);
        assertEquals(P.loss(Tensors.zeros(10)), svrg.trace().doubleColumn("value").get(0), 1e-12);
        Run sgd = zo.minimize(P.f).from(new double[10]).withGaussianDirections(1e-3).miniBatch(2).sgd(1e-3)
                .progress(false).steps(8);
        assertTrue(Double.isNaN(sgd.bestValue()), "no full evaluation: no best value, got " + sgd.bestValue());
    }

    @Test
    void aFiniteSumIsAnObjectiveWhoseValueIsTheMean() {
        FiniteSum f = Objective.finiteSum(3, (i, x) -> (i + 1) * x.getDouble(0));
        assertEquals(2.0, f.value(Tensors.vector(1.0)), 1e-15);
        Objective named = Objective.of(1, "weighted", f);
        assertTrue(named instanceof FiniteSum);
        assertEquals("weighted", named.name());
        assertEquals(1, named.dimension());
        Run run = zo.nelderMead(f).from(1.0).maxEvaluations(30).progress(false).steps(100);
        assertEquals(0, run.evaluations() % 3, "another method on a finite sum counts n a point");
    }

    @Test
    void badInputSaysWhatToChange() {
        assertMessage("n is the number of components", () -> Objective.finiteSum(0, (i, x) -> 0));
        assertMessage("f is null", () -> Objective.finiteSum(3, null));
        Objective plain = x -> 0;
        assertMessage("Objective.finiteSum(n, (i, x)", () -> zo.minimize(plain).miniBatch(2));
        assertMessage("Objective.finiteSum(n, (i, x)", () -> zo.minimize(plain).svrg(10));
        assertMessage("1 ≤ b ≤ n = 50", () -> zo.minimize(P.f).miniBatch(0));
        assertMessage("drop miniBatch(b)", () -> zo.minimize(P.f).miniBatch(51));
        assertMessage("m ≥ 2", () -> zo.minimize(P.f).svrg(1));
        assertMessage("stopAt(target) compares f with the target, but miniBatch(b) evaluates batch means",
                () -> zo.minimize(P.f).from(Tensors.zeros(10)).miniBatch(5).stopAt(1).steps(1));
        assertMessage("stopAt(target) compares f", () -> zo.minimize(P.f).from(Tensors.zeros(10)).miniBatch(5)
                .withGaussianDirections(1e-3).central().stopAt(1).inPlace().steps(1));
        assertMessage("drop svrg(m): its snapshot", () -> zo.minimize(P.f).from(Tensors.zeros(10)).svrg(5)
                .inPlace().steps(1));
        assertMessage("drop svrg(m): its snapshot", () -> zo.minimize(P.f).from(Tensors.zeros(10)).miniBatch(5)
                .svrg(5).inPlace().steps(1));
        Oracle oracle = Oracle.of(plain).build();
        assertMessage("mini-batches need a finite sum", () -> oracle.restrictTo(new int[] {0}));
        assertMessage("component 50 is not in 0 … 49", () -> Oracle.of(P.f).build().restrictTo(new int[] {50}));
    }

    private static void assertMessage(String part, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
