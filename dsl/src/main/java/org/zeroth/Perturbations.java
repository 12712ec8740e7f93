package org.zeroth;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/**
 * A batch of points that are one centre moved by small recipes — a ZO step's queries x + h·uᵢ, with uᵢ regenerated
 * from its seed. A backend that ships work elsewhere (zeroth-spark) sends the centre once and a few bytes per point
 * instead of d numbers per point; {@link #point(INDArray, Perturbation, Bounds)} rebuilds a point with the same bits
 * as the one the run made, projected onto the same bounds.
 *
 * @param centre the point the batch moves from (the driver's array: copy it before shipping)
 * @param moves  one recipe per point, in the batch's order
 * @param bounds the box the run projects its points onto, or null
 */
public record Perturbations(INDArray centre, List<Perturbation> moves, Bounds bounds) {

    /** How one point is made from the centre: small and serializable, so it travels instead of the point. */
    public interface Perturbation extends Serializable {
        /** Writes this point into {@code into} (a new double vector of the centre's length) from the centre. */
        void apply(INDArray centre, INDArray into);
    }

    /** The centre itself (a forward step's f(x) travels in the batch of its queries). */
    public static final Perturbation CENTRE = Centre.CENTRE;

    private enum Centre implements Perturbation { // an enum: one instance per JVM, also after serialization
        CENTRE;

        @Override
        public void apply(INDArray centre, INDArray into) {
            Tensors.copy(centre, into);
        }
    }

    public Perturbations {
        moves = List.copyOf(moves);
    }

    /**
     * The point {@code move} makes from {@code centre} (a copy of a batch's centre, elsewhere), projected onto
     * {@code bounds} (or null): the same bits as the batch's point.
     */
    public static INDArray point(INDArray centre, Perturbation move, Bounds bounds) {
        INDArray into = Tensors.zeros((int) centre.length());
        move.apply(centre, into);
        if (bounds != null) {
            bounds.project(into);
        }
        return into;
    }

    /** The same batch with each point repeated k times in a row (k samples of a noisy objective). */
    Perturbations repeated(int k) {
        if (k == 1) {
            return this;
        }
        List<Perturbation> more = new ArrayList<>(moves.size() * k);
        moves.forEach(m -> more.addAll(Collections.nCopies(k, m)));
        return new Perturbations(centre, more, bounds);
    }

    Perturbations within(Bounds box) {
        return new Perturbations(centre, moves, box);
    }
}
