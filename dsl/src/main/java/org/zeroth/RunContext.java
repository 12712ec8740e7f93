package org.zeroth;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a method's loop needs from the common options, validated once at the start of a run.
 *
 * @param start     a fresh double copy of the start point, inside the bounds
 * @param given     the array passed to {@code from(x0)} itself (for in-place runs), or null
 * @param seed      the root of every random draw
 * @param oracle    an oracle builder with the objective, sense, bounds, budget and time limit
 * @param config    the common part of the run's configuration
 * @param observers who watches the run
 * @param target    the value to reach, in the user's sense, or null
 */
public record RunContext(INDArray start, INDArray given, long seed, OracleBuilder oracle, Config config,
                         List<RunObserver> observers, Double target) {

    public int dimension() {
        return (int) start.length();
    }
}
