package org.zeroth.estimate;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Config;
import org.zeroth.Perturbations;
import org.zeroth.Perturbations.Perturbation;
import org.zeroth.tensor.Tensors;

/**
 * Coordinate finite differences: gᵢ = (f(x + h eᵢ) − f(x)) / h with d + 1 evaluations (forward) or
 * (f(x + h eᵢ) − f(x − h eᵢ)) / 2h with 2d (central, exact on quadratics). Deterministic: no random stream.
 * Forward differences within a box step back, (f(x) − f(x − h eᵢ)) / h, where x + h eᵢ would leave it; central ones
 * divide by the spacing left where a face pulls a probe in.
 */
public record CoordinateEstimator(double h, Scheme scheme) implements GradientEstimator {

    public CoordinateEstimator {
        GradientEstimator.requirePositiveRadius(h);
        if (scheme == Scheme.SINGLE_POINT) {
            throw new IllegalArgumentException("coordinate differences have no single-point scheme;"
                    + " use forward() or central(), or random directions with singlePoint()");
        }
    }

    @Override
    public long queriesPerEstimate(int dimension) {
        return scheme == Scheme.CENTRAL ? 2L * dimension : dimension + 1L;
    }

    @Override
    public double smoothingRadius() {
        return h;
    }

    @Override
    public Config describe() {
        return Config.of("estimator", "coordinates", "h", h, "scheme", scheme.label());
    }

    @Override
    public Estimation start(int dimension, int batch) {
        int perCoordinate = scheme == Scheme.CENTRAL ? 2 : 1;
        int chunk = Math.max(1, Math.min(batch, dimension));
        List<INDArray> points = new ArrayList<>();
        for (int i = 0; i < chunk * perCoordinate; i++) {
            points.add(Tensors.zeros(dimension));
        }
        return (oracle, x, g, stream) -> {
            // At the box's upper face x + h·eᵢ is projected back onto x and reads no slope: step back there instead
            boolean boxed = oracle.bounds() != null; // only a box moves a probe: else no coordinate is read back
            double[] upper = scheme == Scheme.FORWARD && boxed ? oracle.bounds().upper() : null;
            double[] at = upper == null ? null : Tensors.toArray(x);
            double base = scheme == Scheme.FORWARD ? oracle.value(x) : 0;
            double observedSum = 0;
            double[] estimate = new double[dimension];
            for (int first = 0; first < dimension; first += chunk) {
                int n = Math.min(chunk, dimension - first);
                List<INDArray> batchPoints = new ArrayList<>();
                List<Perturbation> recipe = new ArrayList<>();
                double[] forward = new double[n];
                for (int j = 0; j < n; j++) {
                    forward[j] = upper != null && at[first + j] + h > upper[first + j] ? -h : h;
                    for (int side = 0; side < perCoordinate; side++) {
                        INDArray p = points.get(j * perCoordinate + side);
                        CoordinateStep move = new CoordinateStep(first + j, side == 0 ? forward[j] : -h);
                        move.apply(x, p);
                        batchPoints.add(p);
                        recipe.add(move);
                    }
                }
                double[] values = oracle.values(batchPoints, new Perturbations(x, recipe, null));
                for (int j = 0; j < n; j++) {
                    estimate[first + j] = scheme == Scheme.CENTRAL
                            ? (values[2 * j] - values[2 * j + 1])
                            / (boxed ? spacing(x, first + j, batchPoints, 2 * j) : 2 * h)
                            : (values[j] - base) / forward[j];
                }
                for (double v : values) {
                    observedSum += v;
                }
            }
            DoubleBuffer gs = Tensors.write(g);
            for (int i = 0; i < dimension; i++) {
                gs.put(i, estimate[i]);
            }
            Tensors.written(g);
            return scheme == Scheme.FORWARD ? base : observedSum / queriesPerEstimate(dimension);
        };
    }

    /**
     * How far apart along coordinate i the central pair at {@code points[at]}, {@code points[at + 1]} was evaluated:
     * 2h, unless a box's face pulled a probe in (the oracle projects points in place) — then the difference spans
     * only what is left, and dividing by 2h would shrink the slope (to half of it at the face).
     */
    private double spacing(INDArray x, int i, List<INDArray> points, int at) {
        double centre = x.getDouble(i);
        double plus = points.get(at).getDouble(i);
        double minus = points.get(at + 1).getDouble(i);
        if (plus == centre + h && minus == centre - h) {
            return 2 * h;
        }
        return plus > minus ? plus - minus : Double.POSITIVE_INFINITY; // a box of no width there: no slope to read
    }
}
