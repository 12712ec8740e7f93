package org.zeroth.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.StopReason;

/** MeZO: in-place perturbation of the caller's parameters, exact replay from (seed, projected gradient) pairs. */
class InPlaceDescentTest {
    private static final Objective SQUARED_NORM = x -> {
        double s = x.norm2Number().doubleValue();
        return s * s;
    };

    @Test
    void perturbsTheGivenParametersAndReplaysThemBitForBit() {
        INDArray theta = Nd4j.rand(DataType.FLOAT, 1000).subi(0.5f);
        INDArray start = theta.dup();
        // In d = 1000 a step decreases ‖θ‖² by ≈ (4lr − 4lr²d)‖θ‖²: lr = 2e-4 gives ≈ 0.28× after 2000 steps.
        Run run = zo.minimize(SQUARED_NORM).from(theta).withGaussianDirections(1e-3).central().sgd(2e-4)
                .weightDecay(1e-4).inPlace().steps(2000);

        assertSame(theta, run.finalPoint(), "inPlace() works on the caller's array itself");
        assertTrue(run.bestValue() < SQUARED_NORM.value(start) / 2, run::toString);
        assertEquals(4000, run.evaluations(), "MeZO's central step costs two forward passes");
        INDArray replayed = run.replay(start);
        assertArrayEquals(theta.toFloatVector(), replayed.toFloatVector(), 0f, "replay is exact, bit for bit");
    }

    @Test
    void replaysForwardSchemesWithSeveralQueriesAndADecayingRate() {
        INDArray theta = Nd4j.linspace(DataType.DOUBLE, -1, 1, 50);
        INDArray start = theta.dup();
        Run run = zo.minimize(SQUARED_NORM).from(theta).withGaussianDirections(1e-4).queries(3).sgd(5e-3)
                .schedule(Schedule.inverseSqrt()).inPlace().steps(200);
        assertEquals(200 * 4, run.evaluations());
        assertArrayEquals(theta.toDoubleVector(), run.replay(start).toDoubleVector(), 0.0);
        assertTrue(run.bestValue() < SQUARED_NORM.value(start));
    }

    @Test
    void matchesTheOrdinaryDescentStepForStepUpToRounding() {
        // The same algorithm, run in place (regenerated z) and out of place (stored z), from the same seed.
        INDArray theta = Nd4j.linspace(DataType.DOUBLE, -1, 1, 20);
        Run inPlace = zo.minimize(SQUARED_NORM).from(theta.dup()).withGaussianDirections(1e-3).central().sgd(1e-2)
                .inPlace().steps(50);
        Run ordinary = zo.minimize(SQUARED_NORM).from(theta.dup()).withGaussianDirections(1e-3).central().sgd(1e-2)
                .steps(50);
        assertEquals(ordinary.evaluations(), inPlace.evaluations());
        assertEquals(ordinary.bestValue(), inPlace.bestValue(), 1e-9 * ordinary.bestValue());
    }

    @Test
    void anInterruptedRunRestoresTheUnperturbedParameters() {
        INDArray theta = Nd4j.linspace(DataType.DOUBLE, -1, 1, 10);
        int[] calls = {0};
        Objective interrupting = x -> {
            if (++calls[0] == 41) {
                Thread.currentThread().interrupt();
            }
            return SQUARED_NORM.value(x);
        };
        Run run = zo.minimize(interrupting).from(theta).withGaussianDirections(1e-3).central().sgd(1e-2)
                .inPlace().steps(1000);
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertEquals(StopReason.INTERRUPTED, run.stopReason());
        assertEquals(20, run.steps(), "steps 1..20 completed; step 21 was interrupted before its second query");
        // θ is back where the 20 recorded steps put it, up to the rounding of +εz then −εz.
        INDArray replayed = run.replay(Nd4j.linspace(DataType.DOUBLE, -1, 1, 10));
        assertArrayEquals(replayed.toDoubleVector(), theta.toDoubleVector(), 1e-12);
    }

    @Test
    void refusesWhatWouldNeedCopiesOfTheParameters() {
        INDArray theta = Nd4j.zeros(DataType.FLOAT, 4);
        var error = assertThrows(IllegalArgumentException.class,
                () -> zo.minimize(SQUARED_NORM).from(theta).adam(1e-3).inPlace().steps(1));
        assertTrue(error.getMessage().contains("sgd(lr)"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class,
                () -> zo.minimize(SQUARED_NORM).from(theta).withSphereDirections(1e-3).inPlace().steps(1));
        assertTrue(error.getMessage().contains("withGaussianDirections"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class,
                () -> zo.minimize(SQUARED_NORM).from(theta).within(-1, 1).inPlace().steps(1));
        assertTrue(error.getMessage().contains("within"), error.getMessage());
        var notReplayable = assertThrows(IllegalStateException.class,
                () -> zo.minimize(SQUARED_NORM).from(theta).steps(1).replay(theta));
        assertTrue(notReplayable.getMessage().contains("inPlace()"), notReplayable.getMessage());
    }
}
