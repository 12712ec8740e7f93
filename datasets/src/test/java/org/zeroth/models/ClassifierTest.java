package org.zeroth.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Run;
import org.zeroth.Zo;
import org.zeroth.datasets.Dataset;
import org.zeroth.datasets.Datasets;
import org.zeroth.datasets.Split;

class ClassifierTest {
    private static final Dataset IRIS = Datasets.iris().standardized().rows(0, 10, 20, 30, 40, 50, 60, 70, 80, 90,
            100, 110, 120, 130, 140, 5, 55, 105);

    private static Classifier.Builder[] doubleModels() {
        return new Classifier.Builder[] {
            Classifier.softmaxRegression(IRIS).l2(0.1),
            Classifier.mlp(IRIS, 5).tanh().l2(0.1),
            Classifier.mlp(IRIS, 6, 5).tanh(),
            Classifier.mlp(IRIS, 6).relu(),
            Classifier.mlp(IRIS, 6, 5).relu(),
        };
    }

    /**
     * Central differences with h = 1e-5 in double: truncation error O(h²) ≈ 1e-10 and rounding ≈ 1e-16/h ≈ 1e-11
     * relative to gradients of order 0.1–1, so 1e-4 leaves a wide margin while catching any wrong term.
     * Measured: 2e-11 to 5e-11 for all five models.
     */
    @Test
    void parameterGradientMatchesCentralDifferencesInDouble() {
        INDArray x = IRIS.features(DataType.DOUBLE);
        INDArray y = IRIS.labels();
        for (Classifier.Builder builder : doubleModels()) {
            Classifier model = builder.dataType(DataType.DOUBLE).seed(3).build();
            offKinks(model);
            INDArray theta = model.parameters();
            INDArray analytic = model.gradient(theta, x, y);
            double[] numeric = new double[(int) model.parameterCount()];
            double h = 1e-5;
            for (int i = 0; i < numeric.length; i++) {
                double saved = theta.getDouble(i);
                theta.putScalar(i, saved + h);
                double plus = model.loss(theta, x, y);
                theta.putScalar(i, saved - h);
                double minus = model.loss(theta, x, y);
                theta.putScalar(i, saved);
                numeric[i] = (plus - minus) / (2 * h);
            }
            assertTrue(relativeError(analytic.toDoubleVector(), numeric) < 1e-4, model + ": relative error "
                    + relativeError(analytic.toDoubleVector(), numeric));
        }
    }

    /**
     * Biases start at zero: an example whose ReLU layer is all zero then feeds exactly 0 to the next ReLU, where
     * central differences see slope 1/2 and no derivative exists. Small nonzero biases keep the check off kinks.
     */
    private static void offKinks(Classifier model) {
        for (int l = 0; l < model.layers(); l++) {
            model.bias(l).assign(0.05 * (l + 1));
        }
    }

    /** Float32 gradients agree with the double ones to float precision (≈ 1e-7 per operation; measured 1e-8 to 4e-8). */
    @Test
    void floatGradientAgreesWithDoubleGradient() {
        for (Classifier.Builder builder : doubleModels()) {
            Classifier model = builder.seed(4).build();
            assertEquals(DataType.FLOAT, model.dataType());
            INDArray inFloat = model.gradient(model.parameters(), IRIS.features(), IRIS.labels());
            INDArray inDouble = model.gradient(model.parameters().castTo(DataType.DOUBLE),
                    IRIS.features(DataType.DOUBLE), IRIS.labels());
            assertEquals(DataType.FLOAT, inFloat.dataType());
            assertTrue(relativeError(inFloat.toDoubleVector(), inDouble.toDoubleVector()) < 1e-4, model.toString());
        }
    }

    @Test
    void inputGradientMatchesCentralDifferencesOfEachExamplesLoss() {
        for (Classifier.Builder builder : doubleModels()) {
            Classifier model = builder.dataType(DataType.DOUBLE).seed(5).build();
            offKinks(model);
            INDArray x = IRIS.features(DataType.DOUBLE);
            INDArray y = IRIS.labels();
            INDArray analytic = model.inputGradient(x, y);
            assertArrayEquals(x.shape(), analytic.shape());
            double h = 1e-5;
            double[] numeric = new double[(int) x.length()];
            double[] exact = new double[numeric.length];
            for (int i = 0; i < x.rows(); i++) {
                INDArray row = x.getRow(i, true).dup();
                INDArray label = y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1));
                for (int j = 0; j < x.columns(); j++) {
                    double saved = row.getDouble(0, j);
                    row.putScalar(0, j, saved + h);
                    double plus = model.loss(row, label) - penalty(model);
                    row.putScalar(0, j, saved - h);
                    double minus = model.loss(row, label) - penalty(model);
                    row.putScalar(0, j, saved);
                    numeric[i * (int) x.columns() + j] = (plus - minus) / (2 * h);
                    exact[i * (int) x.columns() + j] = analytic.getDouble(i, j);
                }
            }
            assertTrue(relativeError(exact, numeric) < 1e-4, model + ": " + relativeError(exact, numeric));
        }
    }

    private static double penalty(Classifier model) {
        double squares = 0;
        for (int l = 0; l < model.layers(); l++) {
            double norm = model.weights(l).norm2Number().doubleValue();
            squares += norm * norm;
        }
        return model.l2() / 2 * squares;
    }

    private static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            scale = Math.max(scale, Math.max(a[i] * a[i], b[i] * b[i]));
        }
        return Math.sqrt(diff) / Math.max(1e-12, Math.sqrt(scale * a.length));
    }

    @Test
    void flatParametersAreSharedWithTheWeightViews() {
        Classifier model = Classifier.mlp(IRIS, 5).seed(1).build();
        INDArray x = IRIS.features();
        assertEquals(4 * 5 + 5 + 5 * 3 + 3, model.parameterCount());
        INDArray before = model.forward(x);
        // the second layer's first weight sits after W₀ (4×5) and b₀ (5)
        model.parameters().putScalar(25, model.parameters().getDouble(25) + 1);
        assertEquals(model.parameters().getDouble(25), model.weights(1).getDouble(0, 0));
        assertNotEquals(before, model.forward(x), "perturbing the flat vector changes the forward pass");
        model.bias(0).putScalar(4, 7.0);
        assertEquals(7.0, model.parameters().getDouble(24), "writing a view writes the flat vector");
        assertSame(model.parameters(), model.parameters());
    }

    @Test
    void sameSeedSameModel() {
        assertEquals(Classifier.mlp(IRIS, 8).seed(9).build().parameters(),
                Classifier.mlp(IRIS, 8).seed(9).build().parameters());
        assertNotEquals(Classifier.mlp(IRIS, 8).seed(9).build().parameters(),
                Classifier.mlp(IRIS, 8).seed(10).build().parameters());
    }

    @Test
    void lossAcceptsFloatAndDoubleParameters() {
        Classifier model = Classifier.mlp(IRIS, 5).seed(2).build();
        double inFloat = model.loss(model.parameters(), IRIS.features(), IRIS.labels());
        double inDouble = model.loss(model.parameters().castTo(DataType.DOUBLE), IRIS.features(), IRIS.labels());
        assertEquals(inDouble, inFloat, 1e-6 * inDouble);
        INDArray probabilities = model.forward(IRIS.features());
        assertEquals(IRIS.size(), probabilities.sum(1).sumNumber().doubleValue(), 1e-4, "rows sum to 1");
    }

    @Test
    void parametersAreReadInRowMajorOrderWhateverTheirLayout() {
        Classifier model = Classifier.softmaxRegression(IRIS).seed(3).build(); // 4·3 + 3 = 15 parameters
        INDArray theta = model.parameters();
        INDArray laidOutTransposed = theta.reshape(3, 5).transpose().dup('c').transpose(); // theta's values, 'f'
        assertArrayEquals(theta.toFloatVector(), laidOutTransposed.dup('c').reshape(15).toFloatVector());
        assertEquals(model.loss(theta, IRIS.features(), IRIS.labels()),
                model.loss(laidOutTransposed, IRIS.features(), IRIS.labels()), "the same values, the same loss");
    }

    @Test
    void badInputSaysWhatToChange() {
        Classifier model = Classifier.softmaxRegression(IRIS).build();
        assertEquals("parameters have length 3, this model has 15: pass model.parameters() or a vector of that length",
                assertThrows(IllegalArgumentException.class,
                        () -> model.loss(Zo.zo.vector(1, 2, 3), IRIS.features(), IRIS.labels())).getMessage());
        assertEquals("features must be an n × 4 matrix, got shape [18, 3]",
                assertThrows(IllegalArgumentException.class, () -> model.predict(IRIS.features().getColumns(0, 1, 2)))
                        .getMessage());
        assertEquals("label 3 at row 0 is not a class index 0..2", assertThrows(IllegalArgumentException.class,
                () -> model.loss(IRIS.features(), IRIS.labels().add(3))).getMessage());
        INDArray fractional = IRIS.labels().castTo(DataType.FLOAT).dup();
        fractional.putScalar(7, 1.7f); // toIntVector would read class 1
        assertEquals("label 1.7000000476837158 at row 7 is not a class index 0..2", assertThrows(
                IllegalArgumentException.class, () -> model.loss(IRIS.features(), fractional)).getMessage());
        fractional.putScalar(7, Float.NaN); // and class 0
        assertEquals("label NaN at row 7 is not a class index 0..2", assertThrows(IllegalArgumentException.class,
                () -> model.accuracy(IRIS.features(), fractional)).getMessage());
        Dataset empty = IRIS.split(1.0, 0, 1).test(); // ND4J's "mmuli on empty array" before
        for (Executable onEmpty : List.<Executable>of(() -> model.accuracy(empty), () -> model.loss(empty),
                () -> Trainer.sgd(0.1).train(model, empty))) {
            assertTrue(assertThrows(IllegalArgumentException.class, onEmpty).getMessage().startsWith("no examples: the"
                    + " data (a split's part?) is empty"));
        }
        assertEquals("layer widths [4, 100000, 100000, 3] make 10000900003 parameters, more than one array holds"
                + " (2³¹ − 9): use narrower hidden layers", assertThrows(IllegalArgumentException.class,
                () -> Classifier.mlp(IRIS, 100_000, 100_000).build()).getMessage());
        assertEquals("1.0 MiB", Memory.format(1_048_575));
        assertEquals("1023.9 KiB", Memory.format(1_048_472));
        assertThrows(IllegalArgumentException.class, () -> Classifier.mlp(IRIS));
        assertThrows(IllegalArgumentException.class, () -> Classifier.softmaxRegression(Datasets.diabetes()));
    }

    /**
     * The first-order baseline on digits (60/20/20 split, standardized with training statistics), softmax
     * regression, Adam 1e-2, 10 epochs of batch 32 (340 steps): measured test accuracy 0.964, validation 0.947,
     * training 0.994. Logistic regression typically reaches about 0.96 on digits, so 0.90 is a safe floor that
     * still fails for a broken gradient or update.
     */
    @Test
    void adamTrainsSoftmaxRegressionOnDigitsAbove90PercentTestAccuracy() {
        Split split = Datasets.digits().split(0.6, 0.2, 42).standardized();
        Classifier model = Classifier.softmaxRegression(split.train()).seed(1).build();
        Training training = Trainer.adam(1e-2).epochs(10).batchSize(32).seed(1).train(model, split.train(),
                split.validation());
        double test = model.accuracy(split.test());
        assertTrue(test > 0.90, training + ", test accuracy " + test);
        assertEquals(11, training.history().rowCount(), "epoch 0 and 10 epochs");
        assertTrue(training.loss() < training.history().doubleColumn("loss").get(0));
        assertEquals((long) 10 * (int) Math.ceil(split.train().size() / 32.0), training.steps());
    }

    /** SGD 0.1, 30 epochs of batch 16, MLP 13 → 16 (ReLU) → 3 on wine: measured test accuracy 1.0 (36 examples). */
    @Test
    void sgdTrainsAnMlpOnWine() {
        Split split = Datasets.wine().split(0.6, 0.2, 1).standardized();
        Classifier model = Classifier.mlp(split.train(), 16).relu().seed(1).build();
        Training training = Trainer.sgd(0.1).epochs(30).batchSize(16).seed(1).train(model, split.train());
        double test = model.accuracy(split.test());
        assertTrue(test > 0.90, training + ", test accuracy " + test);
    }

    @Test
    void trainingIsReproducibleBySeed() {
        Dataset train = Datasets.iris().standardized();
        Classifier a = Classifier.mlp(train, 4).seed(1).build();
        Classifier b = Classifier.mlp(train, 4).seed(1).build();
        Trainer.adam(1e-2).epochs(2).seed(5).train(a, train);
        Trainer.adam(1e-2).epochs(2).seed(5).train(b, train);
        assertEquals(a.parameters(), b.parameters());
    }

    /** The accounting documented on Training.peakBytes and ClassifierObjective.peakBytes, from the shapes. */
    @Test
    void memoryCountsTheArraysEachMethodHolds() {
        Dataset train = Datasets.digits().standardized();
        Classifier model = Classifier.mlp(train, 32).seed(1).build(); // 64 → 32 → 10, float32
        long p = model.parameterCount();
        assertEquals(64 * 32 + 32 + 32 * 10 + 10, p);
        Training training = Trainer.adam(1e-3).epochs(1).batchSize(64).train(model, train);
        // parameters, gradient, two moments; backward peak: hidden (64×32), logits (64×10) and δ of the hidden
        // layer (64×32) at once
        assertEquals(4 * (4 * p + 64 * 32 + 64 * 10 + 64 * 32), training.peakBytes());
        ClassifierObjective f = model.objective(train, 64, 1);
        f.value(model.parameters());
        // inference: the hidden layer and the logits, nothing kept for a backward pass
        assertEquals(4 * (64 * 32 + 64 * 10), f.peakBytes());
        assertEquals(4 * p, Memory.bytes(model.parameters()));
    }

    @Test
    void miniBatchObjectiveIsSeededAndMovesOnWhenTold() {
        Dataset train = Datasets.digits().standardized();
        Classifier model = Classifier.softmaxRegression(train).seed(1).build();
        ClassifierObjective f = model.objective(train, 50, 7);
        ClassifierObjective g = model.objective(train, 50, 7);
        double first = f.value(model.parameters());
        assertEquals(first, f.value(model.parameters()), "the same batch until next()");
        assertEquals(first, g.value(model.parameters()), "same seed, same batches");
        f.next();
        assertEquals(1, f.batch());
        assertNotEquals(first, f.value(model.parameters()));
        assertEquals(model.loss(train), model.objective(train).value(model.parameters()), 1e-6);
        assertEquals(model.parameterCount(), f.dimension());
    }

    /** MeZO through the DSL: the model's own array is perturbed and updated in place and the loss drops. */
    @Test
    void inPlaceZerothOrderDescentTrainsTheModelsOwnParameters() {
        Dataset train = Datasets.iris().standardized();
        Classifier model = Classifier.softmaxRegression(train).seed(1).build();
        INDArray theta = model.parameters();
        ClassifierObjective f = model.objective(train, 30, 1);
        double before = model.loss(train);
        Run run = Zo.zo.minimize(f).from(theta).inPlace().withGaussianDirections(1e-3).central().sgd(0.05).seed(1)
                .observe(f).steps(300);
        assertSame(theta, model.parameters());
        assertTrue(model.loss(train) < 0.7 * before, "loss " + before + " -> " + model.loss(train));
        assertEquals(300, f.batch(), "one batch per step");
        assertTrue(Arrays.stream(run.trace().doubleColumn("value").asDoubleArray()).allMatch(Double::isFinite));
    }
}
