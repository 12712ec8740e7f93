package org.zeroth.bench;

import static org.zeroth.Zo.zo;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.optimize.Minimizer;
import org.zeroth.tensor.InPlace;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;
import tech.tablesaw.api.DoubleColumn;

/** Zeroth's side of the timed steps, as a user writes them; seconds per step read from the run's own trace. */
final class Steps {
    private Steps() {
    }

    /** MeZO: {@code zo.minimize(‖x‖²).from(θ).withGaussianDirections(1e-3).central().sgd(1e-6).inPlace()}, float32 θ. */
    static double mezo(int d, int steps) {
        return mezo(d, steps, new SquaredNorm());
    }

    /** The same MeZO step with any objective f over θ. */
    static double mezo(int d, int steps, Objective f) {
        return mezo(d, steps, f, m -> m.withGaussianDirections(1e-3));
    }

    /** Line 1's other directions by name: Gaussian on a mask of every tenth coordinate, Rademacher, sphere. */
    static Map<String, UnaryOperator<Minimizer>> mezoVariants(int d) {
        double[] mask = new double[d];
        for (int i = 0; i < d; i += 10) {
            mask[i] = 1;
        }
        Map<String, UnaryOperator<Minimizer>> variants = new LinkedHashMap<>();
        variants.put("10% mask", m -> m.withGaussianDirections(1e-3).withMask(mask));
        variants.put("Rademacher directions", m -> m.withRademacherDirections(1e-3));
        variants.put("sphere directions", m -> m.withSphereDirections(1e-3));
        return variants;
    }

    /** The same MeZO step with other directions: Rademacher (SPSA's ±1), sphere, … */
    static double mezoWith(int d, int steps, UnaryOperator<Minimizer> directions) {
        return mezo(d, steps, new SquaredNorm(), directions);
    }

    private static double mezo(int d, int steps, Objective f, UnaryOperator<Minimizer> directions) {
        INDArray theta = Nd4j.valueArrayOf(new long[] {d}, 0.01f);
        Run run = directions.apply(zo.minimize(f).from(theta)).central().sgd(1e-6).progress(false).seed(1).inPlace()
                .steps(steps + 1);
        theta.close();
        return medianStep(run);
    }

    /** The parts of one MeZO step at dimension d, each the median of repeated calls. */
    static Map<String, Double> mezoParts(int d) {
        INDArray theta = Nd4j.valueArrayOf(new long[] {d}, 0.01f);
        SquaredNorm f = new SquaredNorm();
        RandomStream[] z = {RandomStream.of(1).fork(1).fork(0)};
        double[] c = {1e-9};
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("2 × perturb (θ += εz, θ −= 2εz)", 2 * Timing.median(2, 7, () -> InPlace.perturb(theta, z[0], 1e-3)));
        parts.put("2 × f = ‖θ‖² (the objective)", 2 * Timing.median(2, 7, () -> f.value(theta)));
        parts.put("restore + update (θ += εz; θ −= lr·g·z)",
                Timing.median(2, 7, () -> InPlace.restoreAndUpdate(theta, 1e-3, z, c, 0)));
        theta.close();
        return parts;
    }

    /** A q = 16 forward Gaussian step with ZO-SGD on the trivial f(x) = x[0] (read in place), float64. */
    static double overhead(int d, int steps) {
        Objective first = x -> {
            DoubleBuffer xs = Tensors.read(x);
            return xs.get(0);
        };
        Run run = zo.minimize(first).from(filled(d, 1.0)).withGaussianDirections(1e-3).queries(16).forward()
                .sgd(1e-3).progress(false).seed(1).steps(steps + 1);
        return medianStep(run);
    }

    static double[] filled(int d, double value) {
        double[] x = new double[d];
        Arrays.fill(x, value);
        return x;
    }

    /** The median of the trace's per-step durations, after the first step (which loads and compiles code). */
    static double medianStep(Run run) {
        DoubleColumn seconds = run.trace().doubleColumn("seconds");
        double[] durations = new double[seconds.size() - 1];
        for (int i = 1; i < seconds.size(); i++) {
            durations[i - 1] = seconds.get(i) - seconds.get(i - 1);
        }
        return Timing.median(durations);
    }
}
