package org.zeroth.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * The global-optimization problems against the literature: the published optimum point gives the published
 * value (each written out here, independent of the problem's own record), the recorded optimum is stationary and
 * nothing nearby is lower, and the gradient matches central differences.
 */
class GlobalProblemsTest {

    static Stream<Problem> problems() {
        return Stream.of(Problems.branin(), Problems.hartmann3(), Problems.hartmann6(), Problems.levy(5),
                Problems.styblinskiTang(4));
    }

    private static double at(Problem p, double... x) {
        return p.value(Tensors.vector(x));
    }

    @Test
    void publishedOptimaHaveThePublishedValues() {
        Problem branin = Problems.branin();
        // Branin's three minimizers (Dixon & Szegő 1978), f* = 0.397887
        assertEquals(0.397887, at(branin, -Math.PI, 12.275), 1e-6);
        assertEquals(0.397887, at(branin, Math.PI, 2.275), 1e-6);
        assertEquals(0.397887, at(branin, 9.42478, 2.475), 1e-6);
        assertEquals(-3.86278, at(Problems.hartmann3(), 0.114614, 0.555649, 0.852547), 1e-5);
        assertEquals(-3.32237, at(Problems.hartmann6(), 0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573), 1e-5);
        assertEquals(0, at(Problems.levy(5), 1, 1, 1, 1, 1), 1e-15);
        assertEquals(0, at(Problems.levy(1), 1), 1e-15);
        // Styblinski–Tang: the literature's −39.16599·d comes from xᵢ = −2.903534 rounded; the exact value is lower
        double st = at(Problems.styblinskiTang(3), -2.903534, -2.903534, -2.903534);
        assertEquals(-39.16599 * 3, st, 6e-4);
        assertEquals(-39.16616570377142 * 3, Problems.styblinskiTang(3).optimalValue(), 1e-10);
        assertEquals(0.397887, branin.optimalValue(), 1e-6);
        assertEquals(-3.86278, Problems.hartmann3().optimalValue(), 1e-5);
        assertEquals(-3.32237, Problems.hartmann6().optimalValue(), 1e-5);
    }

    @ParameterizedTest(name = "{0}: the recorded optimum is a stationary point nothing nearby beats")
    @MethodSource("problems")
    void recordedOptimumIsALocalMinimumWithTheRecordedValue(Problem p) {
        assertEquals(p.optimalValue(), p.value(p.optimum()), 1e-12);
        assertEquals(0, p.gradient(p.optimum()).norm2Number().doubleValue(), 1e-6);
        assertTrue(p.domain().contains(p.optimum()) && p.domain().contains(p.start()));
        assertTrue(p.value(p.start()) > p.optimalValue() + 1e-3, "the start is not already optimal");
        double[] x0 = Tensors.toArray(p.optimum());
        RandomStream random = RandomStream.of(7);
        for (int k = 0; k < 200; k++) {
            double[] x = x0.clone();
            for (int j = 0; j < x.length; j++) {
                x[j] += 1e-3 * random.gaussian((long) k * x.length + j);
            }
            assertTrue(p.value(Tensors.vector(x)) >= p.optimalValue() - 1e-12, "a lower point near the optimum");
        }
    }

    @ParameterizedTest(name = "{0}: gradient matches central differences")
    @MethodSource("problems")
    void gradientMatchesCentralDifferences(Problem p) {
        RandomStream random = RandomStream.of(2);
        double[] lo = p.domain().lower();
        double[] hi = p.domain().upper();
        double[] x = new double[p.dimension()];
        for (int i = 0; i < x.length; i++) {
            x[i] = lo[i] + random.uniform(i) * (hi[i] - lo[i]);
        }
        ProblemsTest.assertGradientMatchesCentralDifferences(p, x);
    }
}
