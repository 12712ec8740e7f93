package org.zeroth.estimate;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Perturbations.Perturbation;
import org.zeroth.tensor.Tensors;

/** The query centre + step · e_index (a finite difference along one coordinate). */
record CoordinateStep(int index, double step) implements Perturbation {

    @Override
    public void apply(INDArray centre, INDArray into) {
        Tensors.copy(centre, into);
        DoubleBuffer values = Tensors.write(into);
        values.put(index, values.get(index) + step);
        Tensors.written(into);
    }
}
