package org.zeroth.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.zeroth.Zo.zo;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Run;
import org.zeroth.problems.Problems;
import org.zeroth.tensor.Tensors;

/** Same seed, same run — with and without parallel evaluation. */
class ReproducibilityTest {

    private static Minimizer experiment() {
        return zo.minimize(Problems.rosenbrock(6)).withSphereDirections(1e-3).queries(5).central().adam(5e-3);
    }

    @Test
    void sameSeedGivesTheIdenticalRun() {
        assertSameRun(experiment().seed(42).steps(300), experiment().seed(42).steps(300));
    }

    @Test
    void anotherSeedGivesAnotherRun() {
        assertNotEquals(experiment().seed(42).steps(50).bestValue(), experiment().seed(43).steps(50).bestValue());
    }

    @Test
    void parallelEvaluationGivesTheIdenticalRun() {
        assertSameRun(experiment().seed(42).steps(300), experiment().seed(42).parallelism(3).steps(300));
        Minimizer coordinates = zo.minimize(Problems.rosenbrock(6)).withCoordinateDifferences(1e-5).adam(1e-2);
        assertSameRun(coordinates.steps(100), coordinates.parallelism(4).steps(100));
    }

    @Test
    void theConfigurationRecordsWhatIsNeededToRunAgain() {
        Run run = experiment().seed(42).steps(10);
        assertEquals("zo-adam", run.method());
        assertEquals("sphere", run.config().get("estimator"));
        assertEquals(1e-3, run.config().get("h"));
        assertEquals(5, run.config().get("q"));
        assertEquals("central", run.config().get("scheme"));
        assertEquals(5e-3, run.config().get("lr"));
        assertEquals(42L, run.config().get("seed"));
        assertEquals(String.valueOf(run.config().get("versions")).startsWith("zeroth "), true);
    }

    static void assertSameRun(Run a, Run b) {
        assertEquals(a.steps(), b.steps());
        assertEquals(a.evaluations(), b.evaluations());
        assertEquals(a.bestValue(), b.bestValue());
        for (String column : new String[] {"evaluations", "value", "best", "step_norm"}) {
            assertArrayEquals(values(a, column), values(b, column), column);
        }
        assertArrayEquals(Tensors.toArray(a.finalPoint()), Tensors.toArray(b.finalPoint()));
        assertArrayEquals(Tensors.toArray(a.bestPoint()), Tensors.toArray(b.bestPoint()));
    }

    private static double[] values(Run run, String column) {
        return run.trace().numberColumn(column).asDoubleArray();
    }

    static double[] array(INDArray x) {
        return Tensors.toArray(x);
    }
}
