package org.zeroth.models;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.zeroth.datasets.Dataset;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * A small classifier in ND4J: softmax regression (no hidden layer) or a multilayer perceptron (hidden layers
 * with tanh or ReLU), trained on mean cross-entropy plus an optional L2 penalty (λ/2)·Σ‖W‖² on the weight
 * matrices (not the biases).
 *
 * <p>All parameters live in ONE flat contiguous vector, {@link #parameters()}: layer by layer, the weight matrix
 * W (fan-in × fan-out, row-major) then the bias b. {@link #weights(int)} and {@link #bias(int)} are views of it,
 * so a zeroth-order method can perturb the model in place (MeZO):
 * {@code zo.minimize(model.objective(train)).from(model.parameters()).inPlace()}.
 *
 * <p>Precision: float32 by default (as MeZO); {@code dataType(DataType.DOUBLE)} for float64. Every method that
 * takes {@code parameters} computes in that array's type (FLOAT or DOUBLE), so it accepts the model's own array
 * as well as the double copy a non-in-place optimizer passes; features of another type are converted.
 * Logits are X·W + b, row per example.
 */
public final class Classifier {

    /** The hidden layers' nonlinearity. */
    public enum Activation { TANH, RELU }

    private final int[] widths; // inputs, hidden..., classes
    private final Activation activation;
    private final double l2;
    private final INDArray parameters;

    private Classifier(int[] widths, Activation activation, double l2, INDArray parameters) {
        this.widths = widths;
        this.activation = activation;
        this.l2 = l2;
        this.parameters = parameters;
    }

    /** Softmax regression: logits = X·W + b. */
    public static Builder softmaxRegression(int inputs, int classes) {
        return new Builder(widths(inputs, classes, new int[0]));
    }

    /** Softmax regression sized for a classification data set. */
    public static Builder softmaxRegression(Dataset data) {
        return softmaxRegression(data.dimension(), classesOf(data));
    }

    /** A multilayer perceptron with the given hidden widths (one or more), tanh by default. */
    public static Builder mlp(int inputs, int classes, int... hidden) {
        if (hidden.length == 0) {
            throw new IllegalArgumentException("an MLP needs at least one hidden layer: mlp(inputs, classes, 32),"
                    + " or use softmaxRegression(inputs, classes)");
        }
        return new Builder(widths(inputs, classes, hidden));
    }

    /** An MLP sized for a classification data set. */
    public static Builder mlp(Dataset data, int... hidden) {
        return mlp(data.dimension(), classesOf(data), hidden);
    }

    private static int classesOf(Dataset data) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException(data.name() + " is a regression data set; a classifier needs class"
                    + " labels: use digits, iris, wine or breast_cancer");
        }
        return data.numClasses();
    }

    private static int[] widths(int inputs, int classes, int[] hidden) {
        if (inputs < 1 || classes < 2) {
            throw new IllegalArgumentException("a classifier needs inputs ≥ 1 and classes ≥ 2, got inputs = " + inputs
                    + ", classes = " + classes);
        }
        int[] widths = new int[hidden.length + 2];
        widths[0] = inputs;
        for (int l = 0; l < hidden.length; l++) {
            if (hidden[l] < 1) {
                throw new IllegalArgumentException("hidden widths must be ≥ 1, got " + Arrays.toString(hidden));
            }
            widths[l + 1] = hidden[l];
        }
        widths[widths.length - 1] = classes;
        return widths;
    }

    /** Options of a classifier; immutable, each call returns a new builder. */
    public static final class Builder {
        private final int[] widths;
        private Activation activation = Activation.TANH;
        private double l2;
        private DataType dataType = DataType.FLOAT;
        private long seed;

        private Builder(int[] widths) {
            this.widths = widths;
        }

        private Builder copy() {
            Builder b = new Builder(widths);
            b.activation = activation;
            b.l2 = l2;
            b.dataType = dataType;
            b.seed = seed;
            return b;
        }

        public Builder activation(Activation activation) {
            Builder b = copy();
            b.activation = Objects.requireNonNull(activation, "activation: pass TANH or RELU");
            return b;
        }

        public Builder tanh() {
            return activation(Activation.TANH);
        }

        public Builder relu() {
            return activation(Activation.RELU);
        }

        /** L2 penalty λ: the loss adds (λ/2)·Σ‖W‖² over the weight matrices. Default 0. */
        public Builder l2(double lambda) {
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("l2(λ) needs a finite λ ≥ 0, got " + lambda);
            }
            Builder b = copy();
            b.l2 = lambda;
            return b;
        }

        /** FLOAT (default) or DOUBLE parameters. */
        public Builder dataType(DataType dataType) {
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
                throw new IllegalArgumentException("parameters are FLOAT or DOUBLE, got " + dataType);
            }
            Builder b = copy();
            b.dataType = dataType;
            return b;
        }

        /** Seed of the initial weights: same seed, same model. Default 0. */
        public Builder seed(long seed) {
            Builder b = copy();
            b.seed = seed;
            return b;
        }

        /**
         * A new model: weights uniform in ±√(6/(fan-in + fan-out)) (Glorot) for tanh and the output layer,
         * ±√(6/fan-in) (He) for ReLU layers, biases zero; drawn from the counter-based stream of the seed.
         */
        public Classifier build() {
            long count = 0;
            for (int l = 0; l + 1 < widths.length; l++) {
                count += (long) widths[l] * widths[l + 1] + widths[l + 1];
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("layer widths " + Arrays.toString(widths) + " make " + count
                        + " parameters, more than one array holds (2³¹ − 9): use narrower hidden layers");
            }
            double[] values = new double[(int) count];
            RandomStream stream = RandomStream.of(seed);
            int offset = 0;
            for (int l = 0; l + 1 < widths.length; l++) {
                int fanIn = widths[l];
                int fanOut = widths[l + 1];
                boolean relu = activation == Activation.RELU && l + 2 < widths.length;
                double limit = Math.sqrt(6.0 / (relu ? fanIn : fanIn + fanOut));
                RandomStream layer = stream.fork(l);
                for (int i = 0; i < fanIn * fanOut; i++) {
                    values[offset + i] = limit * (2 * layer.uniform(i) - 1);
                }
                offset += fanIn * fanOut + fanOut;
            }
            INDArray parameters = Nd4j.createFromArray(values).castTo(dataType);
            return new Classifier(widths.clone(), activation, l2, parameters);
        }
    }

    // ---------------------------------------------------------------- structure

    /** The model's own flat parameter vector: writing to it changes the model. */
    public INDArray parameters() {
        return parameters;
    }

    public long parameterCount() {
        return parameters.length();
    }

    /** Number of weight layers (1 for softmax regression). */
    public int layers() {
        return widths.length - 1;
    }

    public int inputs() {
        return widths[0];
    }

    public int classes() {
        return widths[widths.length - 1];
    }

    /** Layer widths: inputs, hidden..., classes. */
    public int[] widths() {
        return widths.clone();
    }

    public Activation activation() {
        return activation;
    }

    public double l2() {
        return l2;
    }

    public DataType dataType() {
        return parameters.dataType();
    }

    /** Weight matrix of layer l (fan-in × fan-out): a view of {@link #parameters()}. */
    public INDArray weights(int layer) {
        return weights(parameters, Objects.checkIndex(layer, layers()));
    }

    /** Bias of layer l (fan-out): a view of {@link #parameters()}. */
    public INDArray bias(int layer) {
        return bias(parameters, Objects.checkIndex(layer, layers()));
    }

    /** A new model with the same architecture and a copy of the current parameters. */
    public Classifier copy() {
        return new Classifier(widths, activation, l2, parameters.dup('c'));
    }

    /** A model with the same architecture and the given parameters (copied, in their type). */
    public Classifier withParameters(INDArray parameters) {
        return new Classifier(widths, activation, l2, flat(parameters).dup('c'));
    }

    private long weightOffset(int layer) {
        long offset = 0;
        for (int l = 0; l < layer; l++) {
            offset += (long) widths[l] * widths[l + 1] + widths[l + 1];
        }
        return offset;
    }

    private INDArray weights(INDArray flat, int l) {
        long rows = widths[l];
        long cols = widths[l + 1];
        return Nd4j.create(flat.data(), new long[] {rows, cols}, new long[] {cols, 1},
                weightOffset(l), 'c', flat.dataType());
    }

    private INDArray bias(INDArray flat, int l) {
        long cols = widths[l + 1];
        return Nd4j.create(flat.data(), new long[] {cols}, new long[] {1},
                weightOffset(l) + (long) widths[l] * cols, 'c', flat.dataType());
    }

    /** The parameters as a contiguous vector of this model's length, checked. */
    private INDArray flat(INDArray parameters) {
        Objects.requireNonNull(parameters, "parameters: pass model.parameters() or a vector of the same length");
        if (parameters.length() != parameterCount()) {
            throw new IllegalArgumentException("parameters have length " + parameters.length() + ", this model has "
                    + parameterCount() + ": pass model.parameters() or a vector of that length");
        }
        if (parameters.dataType() != DataType.FLOAT && parameters.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("parameters must be FLOAT or DOUBLE, got " + parameters.dataType());
        }
        // the layer views index the array's buffer from 0: a part or a permutation is read through a copy
        return Tensors.isContiguous(parameters) ? parameters : parameters.dup('c');
    }

    // ---------------------------------------------------------------- inference

    /** Class probabilities (n × classes) of the model's own parameters. */
    public INDArray forward(INDArray features) {
        return forward(parameters, features);
    }

    /** Class probabilities (n × classes) for the given parameters. */
    public INDArray forward(INDArray parameters, INDArray features) {
        INDArray logits = logits(parameters, features);
        return Transforms.softmax(logits, false);
    }

    /** Logits X·W + b of the last layer (n × classes). */
    public INDArray logits(INDArray parameters, INDArray features) {
        try (Scratch scratch = new Scratch()) {
            return scratch.release(forwardPass(flat(parameters), features, null, scratch));
        }
    }

    public INDArray logits(INDArray features) {
        return logits(parameters, features);
    }

    /** The most probable class of each example. */
    public int[] predict(INDArray parameters, INDArray features) {
        try (Scratch scratch = new Scratch()) {
            INDArray logits = forwardPass(flat(parameters), features, null, scratch);
            int n = (int) logits.rows();
            int k = classes();
            DataBuffer z = logits.data();
            int[] predicted = new int[n];
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (z.getDouble((long) i * k + c) > z.getDouble((long) i * k + best)) {
                        best = c;
                    }
                }
                predicted[i] = best;
            }
            return predicted;
        }
    }

    public int[] predict(INDArray features) {
        return predict(parameters, features);
    }

    /** Fraction of examples whose most probable class is their label. */
    public double accuracy(INDArray parameters, INDArray features, INDArray labels) {
        int[] truth = labels(labels, features.rows()); // first: it says what is wrong with empty data
        int[] predicted = predict(parameters, features);
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            correct += predicted[i] == truth[i] ? 1 : 0;
        }
        return (double) correct / truth.length;
    }

    public double accuracy(INDArray features, INDArray labels) {
        return accuracy(parameters, features, labels);
    }

    public double accuracy(Dataset data) {
        return accuracy(parameters, data.features(dataType()), data.labels());
    }

    /** Mean cross-entropy of the labels under the given parameters, plus (λ/2)·Σ‖W‖². */
    public double loss(INDArray parameters, INDArray features, INDArray labels) {
        return loss(parameters, features, labels(labels, features.rows()), new Scratch());
    }

    public double loss(INDArray features, INDArray labels) {
        return loss(parameters, features, labels);
    }

    public double loss(Dataset data) {
        return loss(parameters, data.features(dataType()), data.labels());
    }

    /** The loss, forward only: each layer's input is freed once its output exists (what inference holds). */
    double loss(INDArray parameters, INDArray features, int[] labels, Scratch scratch) {
        try (scratch) {
            INDArray flat = flat(parameters);
            INDArray logits = forwardPass(flat, features, null, scratch);
            return crossEntropy(logits, labels, 0) / labels.length + penalty(flat);
        }
    }

    // ---------------------------------------------------------------- gradients

    /** ∂loss/∂parameters, a new vector in the parameters' type. */
    public INDArray gradient(INDArray parameters, INDArray features, INDArray labels) {
        INDArray gradient = Nd4j.create(parameters.dataType(), parameterCount());
        lossAndGradient(parameters, features, labels, gradient);
        return gradient;
    }

    /** Writes ∂loss/∂parameters into {@code gradient} (same length and type as the parameters); returns the loss. */
    public double lossAndGradient(INDArray parameters, INDArray features, INDArray labels, INDArray gradient) {
        return lossAndGradient(parameters, features, labels(labels, features.rows()), gradient, new Scratch());
    }

    /** Backpropagation: keeps every layer's activation for the backward pass (what training holds). */
    double lossAndGradient(INDArray parameters, INDArray features, int[] labels, INDArray gradient,
                           Scratch scratch) {
        INDArray flat = flat(parameters);
        if (gradient.length() != parameterCount() || gradient.dataType() != flat.dataType()
                || !Tensors.isContiguous(gradient)) {
            throw new IllegalArgumentException("gradient must be a contiguous " + flat.dataType() + " vector of length "
                    + parameterCount() + ", got " + gradient.dataType() + " " + Arrays.toString(gradient.shape()));
        }
        try (scratch) {
            INDArray[] activations = new INDArray[widths.length];
            INDArray logits = forwardPass(flat, features, activations, scratch);
            int n = labels.length;
            double loss = crossEntropy(logits, labels, 1.0 / n) / n + penalty(flat);
            INDArray delta = logits; // now ∂loss/∂logits
            for (int l = layers() - 1; l >= 0; l--) {
                Nd4j.gemm(activations[l], delta, weights(gradient, l), true, false, 1.0, 0.0);
                INDArray biasGradient = scratch.hold(delta.sum(0));
                bias(gradient, l).assign(biasGradient);
                scratch.free(biasGradient);
                if (l2 > 0) {
                    INDArray decay = scratch.hold(weights(flat, l).mul(l2));
                    weights(gradient, l).addi(decay);
                    scratch.free(decay);
                }
                if (l > 0) {
                    delta = backThroughLayer(flat, l, delta, activations[l], scratch);
                }
            }
            return loss;
        }
    }

    /**
     * ∂ℓᵢ/∂xᵢ for every example (n × inputs, in the model's type): the gradient of each example's own
     * cross-entropy with respect to its features (the L2 penalty does not depend on them). For white-box attacks:
     * FGSM is x + ε·sign(∂ℓ/∂x).
     */
    public INDArray inputGradient(INDArray parameters, INDArray features, INDArray labels) {
        INDArray flat = flat(parameters);
        int[] truth = labels(labels, features.rows());
        try (Scratch scratch = new Scratch()) {
            INDArray[] activations = new INDArray[widths.length];
            INDArray delta = forwardPass(flat, features, activations, scratch);
            crossEntropy(delta, truth, 1.0);
            for (int l = layers() - 1; l >= 0; l--) {
                delta = backThroughLayer(flat, l, delta, activations[l], scratch);
            }
            return scratch.release(delta);
        }
    }

    public INDArray inputGradient(INDArray features, INDArray labels) {
        return inputGradient(parameters, features, labels);
    }

    /** δ of layer l's input: δ·Wᵀ, times the activation's derivative for hidden layers; frees δ and the input. */
    private INDArray backThroughLayer(INDArray flat, int l, INDArray delta, INDArray input, Scratch scratch) {
        INDArray previous = scratch.hold(delta.mmul(weights(flat, l).transpose(), 'c'));
        scratch.free(delta);
        if (l > 0) {
            DataBuffer d = previous.data();
            DataBuffer a = input.data();
            for (long i = 0, n = previous.length(); i < n; i++) {
                double out = a.getDouble(i);
                double slope = activation == Activation.TANH ? 1 - out * out : out > 0 ? 1 : 0;
                d.put(i, d.getDouble(i) * slope);
            }
            scratch.free(input);
        }
        return previous;
    }

    // ---------------------------------------------------------------- the passes

    /**
     * Logits of the features; stores each layer's input in {@code keep} when given (for backpropagation),
     * else frees it as soon as the next layer's output exists.
     */
    private INDArray forwardPass(INDArray flat, INDArray features, INDArray[] keep, Scratch scratch) {
        if (features.rank() != 2 || features.columns() != inputs()) {
            throw new IllegalArgumentException("features must be an n × " + inputs() + " matrix, got shape "
                    + Arrays.toString(features.shape()));
        }
        INDArray a = features.dataType() == flat.dataType() ? features
                : scratch.ownUncounted(features.castTo(flat.dataType()));
        for (int l = 0; l < layers(); l++) {
            INDArray z = scratch.hold(a.mmul(weights(flat, l), 'c'));
            z.addiRowVector(bias(flat, l));
            if (l + 1 < layers()) {
                if (activation == Activation.TANH) {
                    Transforms.tanh(z, false);
                } else {
                    Transforms.relu(z, false);
                }
            }
            if (keep != null) {
                keep[l] = a;
            } else {
                scratch.free(a);
            }
            a = z;
        }
        return a;
    }

    /**
     * Σᵢ −log softmax(zᵢ)[yᵢ], stable (max subtracted). With {@code gradientScale} ≠ 0 the logits are overwritten
     * by scale·(softmax(z) − onehot(y)), the gradient of the summed loss times the scale.
     */
    private double crossEntropy(INDArray logits, int[] labels, double gradientScale) {
        int k = classes();
        DataBuffer z = logits.data();
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            long row = (long) i * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, z.getDouble(row + c));
            }
            double total = 0;
            for (int c = 0; c < k; c++) {
                total += Math.exp(z.getDouble(row + c) - max);
            }
            double logTotal = Math.log(total);
            sum += logTotal + max - z.getDouble(row + labels[i]);
            if (gradientScale != 0) {
                for (int c = 0; c < k; c++) {
                    double p = Math.exp(z.getDouble(row + c) - max - logTotal);
                    z.put(row + c, gradientScale * (p - (c == labels[i] ? 1 : 0)));
                }
            }
        }
        return sum;
    }

    /** (λ/2)·Σ‖W‖² */
    private double penalty(INDArray flat) {
        if (l2 == 0) {
            return 0;
        }
        double squares = 0;
        for (int l = 0; l < layers(); l++) {
            double norm = weights(flat, l).norm2Number().doubleValue();
            squares += norm * norm;
        }
        return l2 / 2 * squares;
    }

    /** Labels as class indices, checked: one per example, each in 0..classes−1. */
    int[] labels(INDArray labels, long examples) {
        Objects.requireNonNull(labels, "labels: pass the class indices, e.g. data.labels()");
        if (labels.length() != examples) {
            throw new IllegalArgumentException("got " + labels.length() + " labels for " + examples
                    + " examples: pass one class index per row of the features");
        }
        if (examples == 0) {
            throw new IllegalArgumentException("no examples: the data (a split's part?) is empty; give at least one"
                    + " row, or a split whose part keeps some, e.g. split(0.6, 0.2, seed)");
        }
        double[] given = labels.toDoubleVector(); // not toIntVector: it truncates 1.7 to 1 and NaN to 0
        int[] indices = new int[given.length];
        for (int i = 0; i < given.length; i++) {
            indices[i] = (int) given[i];
            if (indices[i] != given[i] || indices[i] < 0 || indices[i] >= classes()) {
                String label = given[i] == Math.rint(given[i]) ? String.valueOf((long) given[i]) : String.valueOf(given[i]);
                throw new IllegalArgumentException("label " + label + " at row " + i + " is not a class index 0.."
                        + (classes() - 1));
            }
        }
        return indices;
    }

    // ---------------------------------------------------------------- objectives

    /** The training loss over all of {@code data} as a function of the parameters. */
    public ClassifierObjective objective(Dataset data) {
        return objective(data, data.size(), 0);
    }

    /** The loss on a fixed batch as a function of the parameters. */
    public ClassifierObjective objective(INDArray features, INDArray labels) {
        return new ClassifierObjective(this, "batch", features, labels(labels, features.rows()), (int) features.rows(), 0);
    }

    /**
     * The loss on seeded mini-batches of {@code data} (shuffled each epoch); the batch moves on after every step
     * of a run of the objective (each run starts at the first batch) or on {@link ClassifierObjective#next()}.
     */
    public ClassifierObjective objective(Dataset data, int batchSize, long seed) {
        return new ClassifierObjective(this, data.name(), data.features(dataType()), labels(data.labels(), data.size()),
                batchSize, seed);
    }

    @Override
    public String toString() {
        String kind = layers() == 1 ? "softmax regression" : "MLP " + activation.name().toLowerCase();
        return kind + " " + Arrays.toString(widths) + ", " + parameterCount() + " parameters (" + dataType()
                + (l2 > 0 ? ", l2 " + l2 : "") + ")";
    }
}
