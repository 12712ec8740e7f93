package org.zeroth.datasets;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mini-batches of row indices: each epoch visits every row once in a new random order; the last batch of
 * an epoch holds the rows left over and may be smaller. Same size, batch size and seed, same batches.
 */
public final class MiniBatches {
    private final int size;
    private final int batchSize;
    private final Random random;
    private int[] order;
    private int position;
    private int epoch;

    public MiniBatches(int size, int batchSize, long seed) {
        if (size < 1 || batchSize < 1 || batchSize > size) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be between 1 and the number of"
                    + " examples, " + size);
        }
        this.size = size;
        this.batchSize = batchSize;
        this.random = new Random(seed);
    }

    /** The rows of the next batch. */
    public synchronized int[] next() {
        if (order == null || position == size) {
            order = new int[size];
            Arrays.setAll(order, i -> i);
            shuffle(order, random);
            position = 0;
            epoch++;
        }
        int[] rows = Arrays.copyOfRange(order, position, Math.min(size, position + batchSize));
        position += rows.length;
        return rows;
    }

    /** Epochs begun so far (0 before the first batch). */
    public synchronized int epoch() {
        return epoch;
    }

    /** Batches in one epoch: ⌈size / batch size⌉. */
    public int batchesPerEpoch() {
        return (size + batchSize - 1) / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Fisher–Yates, in place. */
    static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
