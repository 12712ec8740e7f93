package org.zeroth.models;

import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.datasets.MiniBatches;
import org.zeroth.Objective;
import org.zeroth.RunObserver;

/**
 * A classifier's loss as a function of its parameters, f(θ) = {@link Classifier#loss(INDArray, INDArray, INDArray)}
 * on the current batch: the whole data set, a fixed batch, or seeded {@link MiniBatches}.
 *
 * <p>Mini-batches move on after each step of a run of this objective (it observes its runs), so every query of a
 * step sees the same batch (as MeZO requires); each run starts at the first batch, so the same seed makes the same
 * run, and a resumed run ({@code Zo.resume(file, f)}) goes through the batches the original did:
 * <pre>{@code
 * var f = model.objective(train, 64, 1);
 * zo.minimize(f).from(model.parameters()).inPlace().withGaussianDirections(1e-3).central().steps(1000);
 * }</pre>
 * Evaluations may run in parallel; {@link #next()} must not run while an evaluation is under way.
 */
public final class ClassifierObjective implements Objective, RunObserver {
    private record Batch(long index, INDArray features, int[] labels) {
    }

    private final Classifier model;
    private final String name;
    private final INDArray features;
    private final int[] labels;
    private final int batchSize;
    private final long seed;
    private MiniBatches batches; // replaced when a run starts: guarded by this
    private final AtomicLong peakBytes = new AtomicLong();
    private volatile Batch current;

    ClassifierObjective(Classifier model, String name, INDArray features, int[] labels, int batchSize, long seed) {
        this.model = model;
        this.name = name;
        this.features = features;
        this.labels = labels;
        this.batchSize = batchSize;
        this.seed = seed;
        this.current = isFullBatch() ? new Batch(0, features, labels) : null;
        restart();
    }

    /** Back to the first batch of the seed's sequence. */
    private synchronized void restart() {
        if (!isFullBatch() && (current == null || current.index() > 0)) {
            batches = new MiniBatches(labels.length, batchSize, seed);
            Batch previous = current;
            current = null;
            next();
            if (previous != null) {
                previous.features().close();
            }
        }
    }

    /** What a run evaluates: this objective at its first batch, so that a run never depends on the one before. */
    @Override
    public Objective forRun() {
        restart();
        return this;
    }

    private boolean isFullBatch() {
        return batchSize == labels.length;
    }

    /** The loss of the current batch at θ = x (FLOAT or DOUBLE; x is not modified). */
    @Override
    public double value(INDArray x) {
        Batch batch = current;
        Scratch scratch = new Scratch();
        double loss = model.loss(x, batch.features(), batch.labels(), scratch);
        peakBytes.accumulateAndGet(scratch.peak(), Math::max);
        return loss;
    }

    /** Moves to the next mini-batch (a no-op for a fixed batch). */
    public synchronized void next() {
        if (isFullBatch()) {
            return;
        }
        int[] rows = batches.next();
        int[] batchLabels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            batchLabels[i] = labels[rows[i]];
        }
        Batch previous = current;
        current = new Batch(previous == null ? 0 : previous.index() + 1, features.getRows(rows), batchLabels);
        if (previous != null) {
            previous.features().close();
        }
    }

    /** After each step of its run: the next mini-batch. */
    @Override
    public void stepped(Progress progress) {
        next();
    }

    /** Index of the current batch: 0, 1, ... (the last batch of an epoch may be smaller, see {@link MiniBatches}). */
    public long batch() {
        return current.index();
    }

    public int batchSize() {
        return batchSize;
    }

    public Classifier model() {
        return model;
    }

    /**
     * The most bytes of arrays one evaluation has held at once: the layer outputs of the forward pass, each
     * freed once the next exists. Not counted: the parameters (see {@link Memory#bytes}) and the batch (data).
     */
    public long peakBytes() {
        return peakBytes.get();
    }

    @Override
    public int dimension() {
        return Math.toIntExact(model.parameterCount());
    }

    /** A copy of the model's current parameters. */
    @Override
    public INDArray start() {
        return model.parameters().dup();
    }

    @Override
    public String name() {
        return "cross-entropy on " + name + (isFullBatch() ? "" : " (batch " + batchSize + ")");
    }
}
