package org.zeroth.population;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Run;
import org.zeroth.tensor.Tensors;

/**
 * A MAP-Elites run: the {@link Run} record (best elite, trace of every evaluation) plus the archive — the best
 * solution found in each cell of the behaviour grid — and its coverage and QD-score after every evaluation.
 */
public final class MapElitesRun extends Run {
    private final Grid grid;
    private final double[] values;
    private final double[][] points;
    private final double[][] descriptors;
    private final int[] filledAfter;
    private final double[] eliteSumAfter;

    MapElitesRun(Run run, Grid grid, double[] values, double[][] points, double[][] descriptors, int[] filledAfter,
                 double[] eliteSumAfter) {
        super(run);
        this.grid = grid;
        this.values = values;
        this.points = points;
        this.descriptors = descriptors;
        this.filledAfter = filledAfter;
        this.eliteSumAfter = eliteSumAfter;
    }

    public Grid grid() {
        return grid;
    }

    /** The elite's value in each cell (row-major, see {@link Grid#cellOf}); NaN where the cell is empty. A copy. */
    public double[] archiveValues() {
        return values.clone();
    }

    /** The elite of a cell, or null when it is empty. */
    public INDArray elite(int cell) {
        checkCell(cell);
        return points[cell] == null ? null : Tensors.vector(points[cell]);
    }

    /** The elite's descriptor in a cell, or null when it is empty. */
    public double[] eliteDescriptor(int cell) {
        checkCell(cell);
        return descriptors[cell] == null ? null : descriptors[cell].clone();
    }

    /** The fraction of cells that hold an elite. */
    public double coverage() {
        return coverageAfter(filledAfter.length);
    }

    /** The fraction of cells filled after the first {@code evaluations} evaluations. */
    public double coverageAfter(int evaluations) {
        checkEvaluations(evaluations);
        return evaluations == 0 ? 0 : (double) filledAfter[evaluations - 1] / grid.size();
    }

    /**
     * The QD-score Σ over filled cells of (offset − elite value) (larger is better); the
     * offset makes every term positive: use one fixed reference for all runs you compare.
     */
    public double qdScore(double offset) {
        return qdScoreAfter(filledAfter.length, offset);
    }

    public double qdScoreAfter(int evaluations, double offset) {
        checkEvaluations(evaluations);
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException("qdScore(offset) needs a finite offset, got " + offset
                    + "; e.g. the worst value any run you compare made");
        }
        if (evaluations == 0) {
            return 0;
        }
        return filledAfter[evaluations - 1] * offset - eliteSumAfter[evaluations - 1];
    }

    private void checkCell(int cell) {
        if (cell < 0 || cell >= grid.size()) {
            throw new IllegalArgumentException("a cell is 0 … " + (grid.size() - 1) + " (the grid has " + grid.size()
                    + " cells, see Grid.cellOf), got " + cell);
        }
    }

    private void checkEvaluations(int evaluations) {
        if (evaluations < 0 || evaluations > filledAfter.length) {
            throw new IllegalArgumentException("evaluations is 0 … " + filledAfter.length + " (the run made "
                    + filledAfter.length + "), got " + evaluations);
        }
    }
}
