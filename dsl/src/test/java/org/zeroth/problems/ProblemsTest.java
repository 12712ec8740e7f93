package org.zeroth.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/** The benchmark problems know their gradient, optimum, start and domain — and they are right. */
class ProblemsTest {

    static Stream<Problem> problems() {
        return Stream.of(Problems.sphere(7), Problems.rosenbrock(7), Problems.rastrigin(7), Problems.ackley(7),
                Problems.ellipsoid(7), Problems.linear(1, 2, 3, 4, 5, 6, 7));
    }

    @ParameterizedTest(name = "{0}: gradient matches central differences")
    @MethodSource("problems")
    void gradientMatchesCentralDifferences(Problem p) {
        RandomStream random = RandomStream.of(1);
        double[] x = new double[p.dimension()];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * random.uniform(i) - 1;
        }
        assertGradientMatchesCentralDifferences(p, x);
    }

    /** p's gradient at x against central differences of its value, coordinate by coordinate. */
    static void assertGradientMatchesCentralDifferences(Problem p, double[] x) {
        double[] g = Tensors.toArray(p.gradient(Tensors.vector(x)));
        double h = 1e-6;
        for (int i = 0; i < x.length; i++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (p.value(Tensors.vector(plus)) - p.value(Tensors.vector(minus))) / (2 * h);
            // Central differences err by O(h²·f''') plus rounding O(ε|f|/h): 1e-4 relative covers both here.
            assertEquals(numeric, g[i], 1e-4 * Math.max(1, Math.abs(numeric)), p + " coordinate " + i);
        }
    }

    @ParameterizedTest(name = "{0}: optimum, start and domain are consistent")
    @MethodSource("problems")
    void optimumStartAndDomainAreConsistent(Problem p) {
        INDArray optimum = p.optimum();
        if (optimum != null) {
            assertEquals(p.optimalValue(), p.value(optimum), 1e-12);
            assertEquals(0, p.gradient(optimum).norm2Number().doubleValue(), 1e-9);
            assertTrue(p.domain().contains(optimum));
            assertTrue(p.value(p.start()) > p.optimalValue() + 1e-3, "the start is not already optimal");
        }
        assertTrue(p.domain().contains(p.start()));
        assertEquals(p.dimension(), p.start().length());
    }

    @Test
    void noisyObservationsHaveTheRequestedSpread() {
        Problem noisy = Problems.sphere(3).noisy(0.5, 9);
        INDArray x = Tensors.vector(1, 1, 1);
        int n = 20_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double v = noisy.value(x) - 3;
            sum += v;
            squares += v * v;
        }
        double mean = sum / n;
        double sd = Math.sqrt(squares / n - mean * mean);
        // Standard errors: of the mean σ/√n ≈ 0.0035, of the sd ≈ σ/√(2n) = 0.0025; 4 of each.
        assertEquals(0, mean, 4 * 0.5 / Math.sqrt(n));
        assertEquals(0.5, sd, 4 * 0.5 / Math.sqrt(2.0 * n));
        assertEquals(Problems.sphere(3).gradient(x), noisy.gradient(x), "the gradient is the noiseless one");
    }

    @Test
    void aPointOfTheWrongDimensionIsRejectedClearly() {
        var e = assertThrows(IllegalArgumentException.class, () -> Problems.sphere(3).value(Tensors.vector(1, 2)));
        assertTrue(e.getMessage().contains("sphere(3) is defined in dimension 3 but x has 2 entries"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Problems.rosenbrock(1));
        assertThrows(IllegalArgumentException.class, () -> Problems.sphere(0));
    }
}
