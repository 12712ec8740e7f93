package org.zeroth.models;

import tech.tablesaw.api.Table;

/**
 * What a {@link Trainer} run produced: one history row per epoch (epoch 0 is the model before training) with the
 * loss and accuracy on the whole training set (and on the validation set when given), the number of steps and
 * the peak memory.
 */
public final class Training {
    private final String method;
    private final double learningRate;
    private final Table history;
    private final long steps;
    private final long peakBytes;
    private final int interruptedIn;

    Training(String method, double learningRate, Table history, long steps, long peakBytes, int interruptedIn) {
        this.method = method;
        this.learningRate = learningRate;
        this.history = history;
        this.steps = steps;
        this.peakBytes = peakBytes;
        this.interruptedIn = interruptedIn;
    }

    /**
     * Whether an interrupt ended the training before its last epoch: the model keeps the updates made, and the
     * history's last row is the epoch it stopped in, measured where it stopped.
     */
    public boolean interrupted() {
        return interruptedIn > 0;
    }

    /** Columns epoch, loss, accuracy, [validation_loss, validation_accuracy,] seconds. */
    public Table history() {
        return history.copy();
    }

    /** Training loss after the last epoch. */
    public double loss() {
        return last("loss");
    }

    /** Training accuracy after the last epoch. */
    public double accuracy() {
        return last("accuracy");
    }

    /** Validation accuracy after the last epoch, NaN without a validation set. */
    public double validationAccuracy() {
        return history.containsColumn("validation_accuracy") ? last("validation_accuracy") : Double.NaN;
    }

    private double last(String column) {
        return history.doubleColumn(column).getDouble(history.rowCount() - 1); // NaN, where get() says null
    }

    /** Parameter updates made (mini-batches over all epochs). */
    public long steps() {
        return steps;
    }

    public String method() {
        return method;
    }

    /**
     * Peak bytes of the arrays training held: parameters, gradient, Adam's two moment vectors, plus the most one
     * backward pass held at once (every layer's activation, the deltas). Not counted: the data and the batch.
     */
    public long peakBytes() {
        return peakBytes;
    }

    @Override
    public String toString() {
        String summary = String.format(java.util.Locale.ROOT, "%s (lr %s): %s, %d steps, loss %.4f, accuracy %.4f",
                method, learningRate, interrupted() ? "interrupted in epoch " + interruptedIn
                : history.rowCount() - 1 + " epochs", steps, loss(), accuracy());
        if (history.containsColumn("validation_accuracy")) {
            summary += String.format(java.util.Locale.ROOT, ", validation accuracy %.4f", validationAccuracy());
        }
        return summary + ", peak memory " + Memory.format(peakBytes);
    }
}
