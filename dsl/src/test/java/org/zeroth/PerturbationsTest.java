package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.optimize.Minimizer;
import org.zeroth.population.Traces;
import org.zeroth.tensor.Tensors;

/**
 * A ZO step's queries reach a backend as a centre and seed-sized recipes: rebuilt elsewhere (after serialization,
 * from a copy of the centre) every point has the bits of the point the run made, and the run is the sequential one.
 */
class PerturbationsTest {
    private static final double[] X0 = {1, -2, 0.5, 3, -1, 2, 0.25, -0.75};

    /** Evaluates the rebuilt points, as a remote executor would, and records how each batch arrived. */
    static final class Rebuilding implements Backend {
        int recipes;
        int plain;
        long recipeBytes;
        final List<String> mismatches = new ArrayList<>();

        @Override
        public double[] evaluate(Objective f, List<INDArray> points) {
            plain++;
            return points.stream().mapToDouble(f::value).toArray();
        }

        @Override
        public double[] evaluate(Objective f, List<INDArray> points, Perturbations recipe) {
            recipes++;
            INDArray centre = recipe.centre().dup();
            double[] out = new double[points.size()];
            for (int i = 0; i < out.length; i++) {
                Perturbations.Perturbation move = travelled(recipe.moves().get(i));
                INDArray rebuilt = Perturbations.point(centre, move, travelled(recipe.bounds()));
                if (!java.util.Arrays.equals(Tensors.toArray(points.get(i)), Tensors.toArray(rebuilt))) {
                    mismatches.add("batch " + recipes + ", point " + i);
                }
                out[i] = f.value(rebuilt);
            }
            return out;
        }

        private <T> T travelled(T value) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            recipeBytes += bytes.size();
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                @SuppressWarnings("unchecked")
                T back = (T) in.readObject();
                return back;
            } catch (IOException | ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static double tilted(INDArray x) {
        double[] v = Tensors.toArray(x);
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += (i + 1) * v[i] * v[i] + Math.sin(3 * v[i]);
        }
        return s;
    }

    private static void assertRebuiltBitForBit(UnaryOperator<Minimizer> configure, int steps) {
        Rebuilding backend = new Rebuilding();
        long[] calls = {0};
        Objective counted = x -> {
            calls[0]++;
            return tilted(x);
        };
        Run remote = configure.apply(zo.minimize(counted)).seed(11).progress(false).on(backend).steps(steps);
        Run here = configure.apply(zo.minimize(PerturbationsTest::tilted)).seed(11).progress(false).steps(steps);
        assertEquals(List.of(), backend.mismatches, "rebuilt points differ from the run's");
        Traces.assertSameRun(here, remote);
        assertEquals(calls[0], remote.evaluations(), "every evaluation was made once, on a rebuilt point");
        assertTrue(backend.recipes >= steps, "each step's queries travelled as a recipe: " + backend.recipes);
    }

    @Test
    void everyDirectionFamilyAndSchemeIsRebuiltBitForBit() {
        assertRebuiltBitForBit(m -> m.from(X0).withGaussianDirections(1e-3).queries(4).adam(1e-2), 6);
        assertRebuiltBitForBit(m -> m.from(X0).withSphereDirections(1e-2).queries(3).central().sgd(1e-2), 6);
        assertRebuiltBitForBit(m -> m.from(X0).withRademacherDirections(1e-2).queries(2).singlePoint().sgd(1e-3), 6);
        assertRebuiltBitForBit(m -> m.from(X0).withSparseDirections(1e-2, 0.4).queries(3).central().sgd(1e-2), 6);
        assertRebuiltBitForBit(m -> m.from(X0).withGaussianDirections(1e-2).withMask(1, 0, 1, 1, 0, 0, 1, 1)
                .queries(3).sgd(1e-2), 6);
        assertRebuiltBitForBit(m -> m.from(X0).withCoordinateDifferences(1e-4).central().sgd(1e-2), 4);
        assertRebuiltBitForBit(m -> m.from(X0).withCoordinateDifferences(1e-4).sgd(1e-2), 4);
    }

    @Test
    void boundsResamplingAndFloatStartsAreRebuiltBitForBit() {
        // Queries that leave the box are projected on both sides; the step lands on the box's face.
        assertRebuiltBitForBit(m -> m.from(X0).within(-1, 2.5).withGaussianDirections(0.5).queries(4).sgd(0.3), 8);
        assertRebuiltBitForBit(m -> m.from(X0).withGaussianDirections(1e-2).queries(2).central().resample(3)
                .sgd(1e-2), 5);
        INDArray floats = Nd4j.createFromArray(new float[] {0.1f, -0.3f, 1.7f, 2.9f, -1.1f, 0.6f});
        assertRebuiltBitForBit(m -> m.from(floats).withGaussianDirections(1e-2).queries(3).adam(1e-2), 5);
    }

    @Test
    void aRecipeIsSmallWhateverTheDimension() {
        for (int d : new int[] {10, 10_000}) {
            Rebuilding backend = new Rebuilding();
            zo.minimize(PerturbationsTest::tilted).from(new double[d]).withGaussianDirections(1e-3).queries(8)
                    .sgd(1e-4).seed(2).progress(false).on(backend).steps(3);
            assertEquals(3, backend.recipes);
            long perPoint = backend.recipeBytes / (3L * 9);
            assertTrue(perPoint < 600, "d = " + d + ": " + perPoint + " bytes per point's recipe (d doubles would be "
                    + 8L * d + ")");
        }
    }

    @Test
    void aStartOutsideTheBoxStillGivesTheSequentialRun() {
        Rebuilding backend = new Rebuilding();
        Run run = zo.minimize(PerturbationsTest::tilted).from(X0).within(-1, 1).withGaussianDirections(1e-2)
                .queries(2).sgd(1e-2).seed(4).progress(false).on(backend).steps(3);
        Traces.assertSameRun(zo.minimize(PerturbationsTest::tilted).from(X0).within(-1, 1)
                .withGaussianDirections(1e-2).queries(2).sgd(1e-2).seed(4).progress(false).steps(3), run);
        assertEquals(List.of(), backend.mismatches);
    }
}
