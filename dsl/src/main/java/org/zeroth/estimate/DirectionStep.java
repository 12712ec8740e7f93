package org.zeroth.estimate;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Perturbations.Perturbation;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/** The query centre + step · u, u the family's direction for {@code stream}: what travels instead of the point. */
record DirectionStep(DirectionFamily directions, RandomStream stream, double step) implements Perturbation {

    @Override
    public void apply(INDArray centre, INDArray into) {
        INDArray u = Tensors.zeros((int) centre.length());
        directions.fill(u, stream);
        place(centre, step, u, into);
    }

    /** into = centre + step · u: the one way a query point is made, here and where the recipe is rebuilt. */
    static void place(INDArray centre, double step, INDArray u, INDArray into) {
        Tensors.copy(centre, into);
        Tensors.axpy(step, u, into);
    }
}
