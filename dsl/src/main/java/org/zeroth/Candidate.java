package org.zeroth;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/**
 * A point an ask/tell {@link Optimization} wants evaluated. Its id is the evaluation's number in the run (1, 2, …),
 * the same after a resume; {@link #point()} is already projected onto the bounds. Tell its value with
 * {@link Optimization#tell(Candidate, double)}.
 */
public final class Candidate {
    private final long id;
    private final INDArray point;
    final Object owner;

    Candidate(long id, INDArray point, Object owner) {
        this.id = id;
        this.point = point;
        this.owner = owner;
    }

    public long id() {
        return id;
    }

    /** The point to evaluate: a copy that the run does not use, so reading (or changing) it is safe. */
    public INDArray point() {
        return point;
    }

    /** The point as a double[] (for programs that take plain numbers). */
    public double[] toArray() {
        return Tensors.toArray(point);
    }

    @Override
    public String toString() {
        return "candidate " + id + " at " + Tensors.describe(point);
    }
}
