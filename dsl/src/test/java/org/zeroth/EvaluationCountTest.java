package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.estimate.RankingOracle;
import org.zeroth.population.Traces;
import org.zeroth.tensor.Tensors;

/**
 * Every call of the objective goes through the run's Oracle: for every method, the calls a counting objective
 * sees equal {@code run.evaluations()}, and a budget is never exceeded — with a budget that ends the run mid-step
 * and with a step count that ends it first.
 */
class EvaluationCountTest {
    private static final double[] X0 = {1, 2, -1, 0.5};

    /** A quadratic that counts its calls (from any thread: parallel runs call it from several). */
    static final class Counted implements Objective {
        final AtomicLong calls = new AtomicLong();

        @Override
        public double value(INDArray x) {
            calls.incrementAndGet();
            double s = 0;
            for (double v : Tensors.toArray(x)) {
                s += (v - 0.5) * (v - 0.5);
            }
            return s;
        }
    }

    /** A method run on f with an optional budget (0: none) for at most {@code steps} steps. */
    interface Method {
        Run run(Objective f, long budget, long steps);
    }

    static Stream<Arguments> methods() {
        return Stream.of(
                method("zo forward, gaussian q=3", (f, b, n) -> limit(zo.minimize(f).from(X0)
                        .withGaussianDirections(1e-3).queries(3).sgd(1e-2), b).steps(n)),
                method("zo central, sphere q=2", (f, b, n) -> limit(zo.minimize(f).from(X0)
                        .withSphereDirections(1e-3).queries(2).central().adam(1e-2), b).steps(n)),
                method("zo single point, rademacher", (f, b, n) -> limit(zo.minimize(f).from(X0)
                        .withRademacherDirections(1e-2).singlePoint().signSgd(1e-3), b).steps(n)),
                method("zo coordinate forward", (f, b, n) -> limit(zo.minimize(f).from(X0)
                        .withCoordinateDifferences(1e-4).momentum(1e-2, 0.9), b).steps(n)),
                method("zo coordinate central, parallel", (f, b, n) -> limit(zo.minimize(f).from(X0)
                        .withCoordinateDifferences(1e-4).central().parallelism(3), b).steps(n)),
                method("zo central q=4, parallel", (f, b, n) -> limit(zo.minimize(f).from(X0)
                        .withGaussianDirections(1e-3).queries(4).central().parallelism(2), b).steps(n)),
                method("zo maximize", (f, b, n) -> limit(zo.maximize(negated(f)).from(X0)
                        .withGaussianDirections(1e-3).queries(2).sgd(1e-2), b).steps(n)),
                method("mezo central", (f, b, n) -> limit(zo.minimize(f).from(zo.vector(X0))
                        .withGaussianDirections(1e-3).central().sgd(1e-2).inPlace(), b).steps(n)),
                method("mezo forward q=2", (f, b, n) -> limit(zo.minimize(f).from(zo.vector(X0))
                        .withGaussianDirections(1e-3).queries(2).sgd(1e-2).inPlace(), b).steps(n)),
                method("ranking top 3 of 5", (f, b, n) -> limit(zo.minimizeByRanking(RankingOracle.of(f, 3))
                        .from(X0).directions(5), b).steps(n)),
                method("ranking noisy", (f, b, n) -> limit(zo.minimizeByRanking(RankingOracle.noisy(f, 2, 0.1, 3))
                        .from(X0).directions(4), b).steps(n)),
                method("cbo", (f, b, n) -> limit(zo.cbo(f).from(X0).particles(10), b).steps(n)),
                method("cbo parallel", (f, b, n) -> limit(zo.cbo(f).from(X0).particles(10).parallelism(2), b).steps(n)),
                method("cma-es", (f, b, n) -> limit(zo.cmaes(f).from(X0), b).steps(n)),
                method("nelder-mead", (f, b, n) -> limit(zo.nelderMead(f).from(X0), b).steps(n)),
                method("powell", (f, b, n) -> limit(zo.powell(f).from(X0), b).steps(n)),
                method("bobyqa", (f, b, n) -> limit(zo.bobyqa(f).from(X0).within(-3, 3), b).steps(n)),
                method("random search", (f, b, n) -> limit(zo.randomSearch(f).from(X0).within(-3, 3), b).steps(n)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void aBudgetIsNeverExceededAndEveryCallIsCounted(String name, Method method) {
        for (long budget : new long[] {57, 200}) {
            Counted f = new Counted();
            Run run = method.run(f, budget, 1_000_000);
            assertEquals(f.calls.get(), run.evaluations(), () -> name + ": calls of f against evaluations() " + run);
            assertTrue(f.calls.get() <= budget, () -> name + ": " + f.calls + " calls with a budget of " + budget);
            assertTrue(f.calls.get() > 0, () -> name + ": the run evaluated f: " + run);
            assertTrue(run.stopReason() == StopReason.MAX_EVALUATIONS || run.stopReason() == StopReason.CONVERGED,
                    () -> name + ": the budget ends the run unless the method converges first: " + run);
            assertEquals(f.calls.get(), lastEvaluations(run), () -> name + ": the trace's last count");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void aRunEndedByItsStepsCountsEveryCall(String name, Method method) {
        Counted f = new Counted();
        Run run = method.run(f, 0, 7);
        assertEquals(StopReason.STEPS, run.stopReason(), name);
        assertEquals(f.calls.get(), run.evaluations(), () -> name + ": calls of f against evaluations() " + run);
        assertEquals(f.calls.get(), lastEvaluations(run), () -> name + ": the trace's last count");
    }

    /**
     * A call that fails the run is counted whether f returned NaN or threw: it was made either way. Parallel
     * batches are left out: their threads may call f past the failing point, which the oracle does not count, so
     * that the failed run is the sequential one (ParallelismTest).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void theCallThatFailsARunIsCountedWhetherItThrowsOrReturnsNaN(String name, Method method) {
        if (name.contains("parallel")) {
            return;
        }
        for (boolean nan : new boolean[] {true, false}) {
            Failing f = new Failing(new Counted(), 4, nan);
            RunFailedException e = assertThrows(RunFailedException.class, () -> method.run(f, 0, 1_000));
            String how = name + (nan ? ", NaN: " : ", throws: ") + e.getMessage();
            assertEquals(4, f.calls.get(), how);
            assertEquals(4, e.run().evaluations(), how);
            assertTrue(e.getMessage().contains("at evaluation 4 (") && e.getMessage().contains("4 evaluations, kept"),
                    how);
        }
    }

    @Test
    void aResampledPointThatThrowsCountsItsSamplesSoFar() {
        for (boolean nan : new boolean[] {true, false}) {
            Failing f = new Failing(new Counted(), 5, nan); // point 2's second sample
            RunFailedException e = assertThrows(RunFailedException.class, () -> zo.minimize(f).from(X0)
                    .withGaussianDirections(1e-3).resample(3).seed(1).progress(false).steps(10));
            assertEquals(nan ? 6 : 5, e.run().evaluations(), () -> "a NaN fails the point after its 3 samples, a"
                    + " throw at once: " + e.getMessage());
            assertEquals(e.run().evaluations(), f.calls.get());
        }
    }

    @TempDir
    Path dir;

    /** The failed call is not in the checkpoint: the resume calls f there again and ends as the whole run. */
    @Test
    void aRunFailedByAThrowResumesAsTheWholeRun() {
        Path file = dir.resolve("failed.ckpt");
        var builder = zo.minimize(new Counted()).from(X0).withGaussianDirections(1e-3).queries(3).sgd(1e-2).seed(3)
                .progress(false);
        Run whole = builder.steps(20);
        Failing f = new Failing(new Counted(), 30, false);
        RunFailedException e = assertThrows(RunFailedException.class, () -> zo.minimize(f).from(X0)
                .withGaussianDirections(1e-3).queries(3).sgd(1e-2).seed(3).progress(false)
                .checkpointEvery(2, file).steps(20));
        assertEquals(30, e.run().evaluations());
        assertEquals(29, Checkpoint.read(file).values().length, "the file holds the values made");
        Counted again = new Counted();
        Run resumed = Zo.resume(file, again).finish();
        Traces.assertSameRun(whole, resumed);
        assertEquals(whole.evaluations() - 29, again.calls.get(), "only the failed call and the rest are made");
    }

    /** f, returning NaN or throwing at call {@code at}. */
    static final class Failing implements Objective {
        final AtomicLong calls = new AtomicLong();
        private final Objective f;
        private final long at;
        private final boolean nan;

        Failing(Objective f, long at, boolean nan) {
            this.f = f;
            this.at = at;
            this.nan = nan;
        }

        @Override
        public double value(INDArray x) {
            if (calls.incrementAndGet() == at) {
                if (nan) {
                    return Double.NaN;
                }
                throw new IllegalStateException("broken at call " + at);
            }
            return f.value(x);
        }
    }

    private static long lastEvaluations(Run run) {
        var column = run.trace().longColumn("evaluations");
        return column.isEmpty() ? 0 : column.getLong(column.size() - 1);
    }

    private static Arguments method(String name, Method method) {
        return Arguments.of(name, method);
    }

    private static <B extends RunBuilder<B>> B limit(B builder, long budget) {
        return budget > 0 ? builder.maxEvaluations(budget).progress(false) : builder.progress(false);
    }

    /** −f that calls f: for a maximize run that counts the calls of f. */
    private static Objective negated(Objective f) {
        return x -> -f.value(x);
    }
}
