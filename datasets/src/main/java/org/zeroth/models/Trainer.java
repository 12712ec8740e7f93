package org.zeroth.models;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.datasets.Dataset;
import org.zeroth.datasets.MiniBatches;
import org.zeroth.Interrupts;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The first-order baseline: mini-batch SGD or Adam on exact gradients (backpropagation), seeded shuffling.
 * Immutable; {@link #train} updates the model's own parameters in place and returns the per-epoch history.
 *
 * <pre>{@code
 * Training t = Trainer.adam(1e-2).epochs(20).batchSize(64).seed(1).train(model, split.train(), split.validation());
 * }</pre>
 */
public final class Trainer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final boolean adam;
    private final double learningRate;
    private final int epochs;
    private final int batchSize;
    private final long seed;

    private Trainer(boolean adam, double learningRate, int epochs, int batchSize, long seed) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a finite number > 0, got " + learningRate);
        }
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batch size must be ≥ 1, got epochs = " + epochs
                    + ", batch size = " + batchSize);
        }
        this.adam = adam;
        this.learningRate = learningRate;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Plain SGD, θ −= lr·∇; 10 epochs, batch 32, seed 0 unless changed. */
    public static Trainer sgd(double learningRate) {
        return new Trainer(false, learningRate, 10, 32, 0);
    }

    /** Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, bias-corrected); 10 epochs, batch 32, seed 0 unless changed. */
    public static Trainer adam(double learningRate) {
        return new Trainer(true, learningRate, 10, 32, 0);
    }

    public Trainer epochs(int epochs) {
        return new Trainer(adam, learningRate, epochs, batchSize, seed);
    }

    /** Examples per step; the last batch of an epoch may be smaller. */
    public Trainer batchSize(int batchSize) {
        return new Trainer(adam, learningRate, epochs, batchSize, seed);
    }

    /** Seed of the shuffling: same seed and model, same training. */
    public Trainer seed(long seed) {
        return new Trainer(adam, learningRate, epochs, batchSize, seed);
    }

    public Training train(Classifier model, Dataset train) {
        return train(model, train, null);
    }

    /** Trains the model in place; records loss and accuracy on train (and validation) before and after each epoch. */
    public Training train(Classifier model, Dataset train, Dataset validation) {
        INDArray theta = model.parameters();
        INDArray features = train.features(model.dataType());
        int[] labels = model.labels(train.labels(), train.size());
        INDArray gradient = Nd4j.create(theta.dataType(), theta.length());
        INDArray first = adam ? Nd4j.create(theta.dataType(), theta.length()) : null;
        INDArray second = adam ? Nd4j.create(theta.dataType(), theta.length()) : null;
        long state = Memory.bytes(theta, gradient, first, second);
        long peakPass = 0;
        History history = new History(epochs + 1, validation != null);
        history.record(0, model, features, train, validation, 0);
        MiniBatches batches = new MiniBatches(train.size(), batchSize, seed);
        long steps = 0;
        long started = System.nanoTime();
        int interruptedIn = 0;
        training:
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (int b = 0; b < batches.batchesPerEpoch(); b++) {
                if (Interrupts.requested()) { // a notebook's interrupt: the model as it is, its part-epoch recorded
                    interruptedIn = epoch;
                    if (b > 0) {
                        history.record(epoch, model, features, train, validation, (System.nanoTime() - started) / 1e9);
                    }
                    break training;
                }
                int[] rows = batches.next();
                int[] batchLabels = new int[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    batchLabels[i] = labels[rows[i]];
                }
                try (INDArray batch = features.getRows(rows)) {
                    Scratch scratch = new Scratch();
                    model.lossAndGradient(theta, batch, batchLabels, gradient, scratch);
                    peakPass = Math.max(peakPass, scratch.peak());
                }
                steps++;
                update(theta, gradient, first, second, steps);
            }
            history.record(epoch, model, features, train, validation, (System.nanoTime() - started) / 1e9);
            history.warnIfDiverged(method(), learningRate);
        }
        Training training = new Training(method(), learningRate, history.table(), steps,
                state + peakPass, interruptedIn);
        if (interruptedIn > 0) {
            Thread.currentThread().interrupt(); // the code after the training sees the interrupt too
        }
        return training;
    }

    private String method() {
        return adam ? "adam" : "sgd";
    }

    private void update(INDArray theta, INDArray gradient, INDArray first, INDArray second, long step) {
        DataBuffer t = theta.data();
        DataBuffer g = gradient.data();
        if (!adam) {
            for (long i = 0, n = theta.length(); i < n; i++) {
                t.put(i, t.getDouble(i) - learningRate * g.getDouble(i));
            }
            return;
        }
        DataBuffer m = first.data();
        DataBuffer v = second.data();
        double rate = learningRate * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
        for (long i = 0, n = theta.length(); i < n; i++) {
            double gi = g.getDouble(i);
            double mi = BETA1 * m.getDouble(i) + (1 - BETA1) * gi;
            double vi = BETA2 * v.getDouble(i) + (1 - BETA2) * gi * gi;
            m.put(i, mi);
            v.put(i, vi);
            t.put(i, t.getDouble(i) - rate * mi / (Math.sqrt(vi) + EPSILON));
        }
    }

    /** The per-epoch rows of the history table. */
    private static final class History {
        final int[] epoch;
        final double[] loss;
        final double[] accuracy;
        final double[] validationLoss;
        final double[] validationAccuracy;
        final double[] seconds;
        int rows;

        History(int capacity, boolean validation) {
            epoch = new int[capacity];
            loss = new double[capacity];
            accuracy = new double[capacity];
            validationLoss = validation ? new double[capacity] : null;
            validationAccuracy = validation ? new double[capacity] : null;
            seconds = new double[capacity];
        }

        void record(int e, Classifier model, INDArray features, Dataset train, Dataset validation, double time) {
            INDArray labels = train.labels();
            epoch[rows] = e;
            loss[rows] = model.loss(features, labels);
            accuracy[rows] = model.accuracy(features, labels);
            if (validation != null) {
                validationLoss[rows] = model.loss(validation);
                validationAccuracy[rows] = model.accuracy(validation);
            }
            seconds[rows] = time;
            rows++;
        }

        private boolean warned;

        /** Says once when the last epoch's loss is not finite or 100 times the untrained model's: diverged. */
        void warnIfDiverged(String method, double learningRate) {
            double last = loss[rows - 1];
            if (!warned && !(last < 100 * loss[0])) {
                warned = true;
                System.err.println("warning: the training loss is " + last + " after epoch " + epoch[rows - 1]
                        + ", against " + loss[0] + " untrained: the updates diverged; lower the learning rate ("
                        + method + "(" + learningRate + "))");
            }
        }

        Table table() {
            Table table = Table.create("training", IntColumn.create("epoch", Arrays.copyOf(epoch, rows)),
                    DoubleColumn.create("loss", Arrays.copyOf(loss, rows)),
                    DoubleColumn.create("accuracy", Arrays.copyOf(accuracy, rows)));
            if (validationLoss != null) {
                table.addColumns(DoubleColumn.create("validation_loss", Arrays.copyOf(validationLoss, rows)),
                        DoubleColumn.create("validation_accuracy", Arrays.copyOf(validationAccuracy, rows)));
            }
            return table.addColumns(DoubleColumn.create("seconds", Arrays.copyOf(seconds, rows)));
        }
    }
}
