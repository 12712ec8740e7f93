package org.zeroth.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Config;
import org.zeroth.Perturbations;
import org.zeroth.Perturbations.Perturbation;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * ĝ = (1/q) Σᵢ scale/h · Δᵢ · uᵢ over q random directions, with Δᵢ the scheme's difference along uᵢ.
 * Direction i of a step comes from {@code stream.fork(i)}, so estimates do not depend on how many threads
 * evaluate the points.
 */
public record RandomDirectionEstimator(DirectionFamily directions, double h, int queries, Scheme scheme)
        implements GradientEstimator {

    public RandomDirectionEstimator {
        GradientEstimator.requirePositiveRadius(h);
        if (queries < 1) {
            throw new IllegalArgumentException("queries(q) needs q ≥ 1 directions per step, got " + queries);
        }
    }

    @Override
    public long queriesPerEstimate(int dimension) {
        return switch (scheme) {
            case FORWARD -> queries + 1L;
            case CENTRAL -> 2L * queries;
            case SINGLE_POINT -> queries;
        };
    }

    @Override
    public double smoothingRadius() {
        return h;
    }

    @Override
    public Config describe() {
        return Config.of("estimator", directions.label(), "h", h, "q", queries, "scheme", scheme.label());
    }

    @Override
    public Estimation start(int dimension, int batch) {
        int chunk = Math.max(1, Math.min(batch, queries));
        List<INDArray> directionsOfChunk = new ArrayList<>();
        List<INDArray> points = new ArrayList<>();
        for (int i = 0; i < chunk; i++) {
            directionsOfChunk.add(Tensors.zeros(dimension));
            points.add(Tensors.zeros(dimension));
            if (scheme == Scheme.CENTRAL) {
                points.add(Tensors.zeros(dimension));
            }
        }
        double factor = directions.scale(dimension) / (h * queries);
        return (oracle, x, g, stream) -> {
            double base = 0;
            double observedSum = 0;
            Tensors.fill(g, 0);
            for (int first = 0; first < queries; first += chunk) {
                int n = Math.min(chunk, queries - first);
                List<INDArray> batchPoints = new ArrayList<>();
                List<Perturbation> recipe = new ArrayList<>();
                boolean withBase = first == 0 && scheme == Scheme.FORWARD;
                if (withBase) {
                    batchPoints.add(x); // f(x) travels with the first queries: a whole step is one batch
                    recipe.add(Perturbations.CENTRE);
                }
                for (int j = 0; j < n; j++) {
                    INDArray u = directionsOfChunk.get(j);
                    RandomStream seed = stream.fork(first + j);
                    directions.fill(u, seed);
                    int perDirection = scheme == Scheme.CENTRAL ? 2 : 1;
                    INDArray plus = points.get(j * perDirection);
                    DirectionStep.place(x, h, u, plus);
                    batchPoints.add(plus);
                    recipe.add(new DirectionStep(directions, seed, h));
                    if (scheme == Scheme.CENTRAL) {
                        INDArray minus = points.get(j * 2 + 1);
                        DirectionStep.place(x, -h, u, minus);
                        batchPoints.add(minus);
                        recipe.add(new DirectionStep(directions, seed, -h));
                    }
                }
                double[] all = oracle.values(batchPoints, new Perturbations(x, recipe, null));
                if (withBase) {
                    base = all[0];
                }
                double[] values = withBase ? Arrays.copyOfRange(all, 1, all.length) : all;
                for (int j = 0; j < n; j++) {
                    double difference = switch (scheme) {
                        case FORWARD -> values[j] - base;
                        case CENTRAL -> (values[2 * j] - values[2 * j + 1]) / 2;
                        case SINGLE_POINT -> values[j];
                    };
                    Tensors.axpy(factor * difference, directionsOfChunk.get(j), g);
                }
                for (double v : values) {
                    observedSum += v;
                }
            }
            return scheme == Scheme.FORWARD ? base : observedSum / queriesPerEstimate(dimension);
        };
    }
}
