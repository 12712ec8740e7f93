package org.zeroth.optimize;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Config;

/**
 * How a gradient estimate moves the iterate: ZO-SGD, ZO-signSGD, ZO-momentum, ZO-Adam, Lion, AdaBelief, diffGrad. A rule is an immutable
 * description; {@link #start} gives the per-run state (momentum, moments). It never knows the estimator.
 */
public interface UpdateRule extends java.io.Serializable {

    /** Fresh state for a run in dimension d. */
    Update start(int dimension);

    /** The base learning rate, scaled at step t by the run's {@link Schedule}. */
    double learningRate();

    /**
     * How many d-sized vectors of state the rule keeps (momentum, moments): 0 for SGD and signSGD. In-place (MeZO)
     * runs promise memory O(1) beyond θ, so they accept only stateless rules.
     */
    default int stateVectors() {
        return 0;
    }

    /** rule and its parameters, as recorded in a run's configuration. */
    Config describe();

    /** The per-run state of a rule. */
    interface Update {
        /** Moves x in place using the estimate g, the learning rate lr of this step and the step number t ≥ 1. */
        void apply(INDArray x, INDArray g, double lr, long t);
    }

    static double requireLearningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, got " + lr
                    + "; try 1e-2 and tune on a log scale");
        }
        return lr;
    }

    static double requireUnitInterval(String name, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(name + " must lie in [0, 1), got " + beta + "; the usual value is 0.9");
        }
        return beta;
    }
}
