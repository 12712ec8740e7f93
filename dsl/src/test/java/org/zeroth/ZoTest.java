package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import org.junit.jupiter.api.Test;
import org.zeroth.problems.Problems;
import tech.tablesaw.api.Table;

/** The entry point as a notebook uses it: objectives of both forms, traces, repeats and comparisons. */
class ZoTest {

    @Test
    void aDoubleArrayObjectiveWorksWithoutCeremony() {
        Run run = zo.minimize(Objective.ofArray(x -> (x[0] - 3) * (x[0] - 3) + x[1] * x[1]))
                .from(0, 1).withGaussianDirections(1e-4).queries(2).sgd(0.1).steps(500);
        assertEquals(0, run.bestValue(), 1e-6);
        assertEquals(3, run.bestPoint().getDouble(0), 1e-3);
    }

    @Test
    void theTraceHasOneRowPerStepAndCountsEveryEvaluation() {
        Run run = zo.minimize(Problems.sphere(3)).withGaussianDirections(1e-3).queries(3).steps(40);
        Table trace = run.trace();
        assertEquals(java.util.List.of("step", "evaluations", "value", "best", "step_norm", "seconds"), trace.columnNames());
        assertEquals(40, trace.rowCount());
        assertEquals(40 * 4, run.evaluations(), "a forward step costs q + 1 evaluations");
        assertEquals(160, trace.longColumn("evaluations").getLong(39));
        assertEquals(3.0, trace.doubleColumn("value").getDouble(0), 1e-12, "a forward step records f(x)");
        trace.doubleColumn("value").set(0, 99.0);
        assertEquals(3.0, run.trace().doubleColumn("value").getDouble(0), 1e-12, "trace() is a copy");
        assertTrue(run.toString().contains("best f(x) = "), run::toString);
        assertTrue(run.toString().contains("40 steps"));
    }

    @Test
    void repeatSummarisesOverSeeds() {
        Repeats repeats = zo.repeat(5, seed -> zo.minimize(Problems.sphere(5)).withGaussianDirections(1e-4)
                .sgd(0.01).seed(seed).steps(200));
        assertEquals(5, repeats.runs().size());
        assertEquals(0L, repeats.runs().get(0).config().get("seed"));
        assertEquals(4L, repeats.runs().get(4).config().get("seed"));
        double[] best = repeats.bestValues();
        assertEquals(java.util.Arrays.stream(best).average().orElseThrow(), repeats.mean(), 1e-15);
        assertTrue(repeats.standardDeviation() > 0, "different seeds reach different values");
        assertEquals(5, repeats.table().rowCount());
        Table curve = repeats.curve(20);
        assertEquals(20, curve.rowCount());
        double[] mean = curve.doubleColumn("mean").asDoubleArray();
        assertTrue(mean[19] < mean[0]);
        assertEquals(1.0, repeats.successRate(repeats.runs().stream().mapToDouble(Run::bestValue).max().orElseThrow()));
    }

    @Test
    void successRateIsTheExactFractionOfRunsAtTheTarget() {
        // Seed s's run sees only the value s, so its best value is s: 0, 1, 2, 3.
        Repeats low = zo.repeat(4, seed -> zo.randomSearch(x -> seed).within(-1, 1).from(0).progress(false).steps(2));
        assertEquals(0.0, low.successRate(-0.5));
        assertEquals(0.25, low.successRate(0.0), "a best value equal to the target counts");
        assertEquals(0.5, low.successRate(1.5));
        assertEquals(0.75, low.successRate(2.0));
        assertEquals(1.0, low.successRate(3.0));
        // Maximizing: larger is better, so the target is met by runs whose best is at least the target.
        Repeats high = zo.repeat(4, seed -> zo.maximize(x -> seed).from(0).progress(false).steps(2));
        assertEquals(3.0, high.runs().get(3).bestValue());
        assertEquals(0.25, high.successRate(3.0));
        assertEquals(0.5, high.successRate(1.5));
        assertEquals(1.0, high.successRate(0.0));
        assertEquals(0.0, high.successRate(3.5));
    }

    @Test
    void compareTabulatesRunsAndNamesTheBest() {
        Run sgd = zo.minimize(Problems.sphere(5)).withGaussianDirections(1e-4).sgd(0.01).steps(300);
        Run adam = zo.minimize(Problems.sphere(5)).withGaussianDirections(1e-4).adam(0.05).steps(300);
        Comparison comparison = zo.compare(sgd, adam);
        assertEquals(2, comparison.table().rowCount());
        assertEquals("zo-sgd", comparison.table().stringColumn("method").get(0));
        assertSame(sgd.bestValue() < adam.bestValue() ? sgd : adam, comparison.best());
    }

    @Test
    void aRunWithoutValuesIsNeverTheBest() {
        // A person ranking points gives orders, no values: the run's best value is NaN, whichever run is listed first.
        Run ranked = zo.minimizeByRanking(points -> new int[] {0}).from(1, 1).progress(false).steps(3);
        Run valued = zo.minimize(Problems.sphere(2)).from(1, 1).progress(false).steps(3);
        assertTrue(Double.isNaN(ranked.bestValue()));
        assertSame(valued, zo.compare(ranked, valued).best());
        assertSame(valued, zo.compare(valued, ranked).best());
        Comparison none = zo.compare(ranked, ranked);
        assertNull(none.best());
        assertTrue(none.toString().contains("best: none, as no run has a value"), none::toString);
    }

    /** zo.compare() compiles (both varargs overloads would match it) and says what to pass. */
    @Test
    void compareWithNothingSaysWhatToPass() {
        var e = assertThrows(IllegalArgumentException.class, () -> zo.compare());
        assertTrue(e.getMessage().contains("zo.compare(r1, r2, …)") && e.getMessage().contains("zo.repeat(")
                && e.getMessage().contains("zo.lastRun()"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> zo.compare(new Run[0]), "an empty array is refused too");
    }

    @Test
    void theFacadeIsOneSharedInstance() {
        assertSame(zo, Zo.create());
        assertEquals(3, zo.vector(1, 2, 3).length());
    }
}
