package org.zeroth.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeroth.Interrupts;
import org.zeroth.Objective;

/**
 * zo.estimate ends as the DSL's other work does: an interrupt as {@link Interrupts.Interrupted} (the kernel shows
 * "Interrupted"), a failing objective as a public exception with its message, never the oracle's internal ones.
 */
class EstimatorAnalysisEndsTest {
    private static final int AT = 7; // the evaluation in which the interrupt lands

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
        Interrupts.clearMark();
    }

    /** Σx², which at evaluation AT runs {@code atCall}. */
    private static Objective interrupting(Runnable atCall) {
        int[] calls = {0};
        return x -> {
            if (++calls[0] == AT) {
                atCall.run();
            }
            return x.mul(x).sumNumber().doubleValue();
        };
    }

    private static void assertInterrupted(Objective f) {
        var e = assertThrows(Interrupts.Interrupted.class,
                () -> zo.estimate(f, new double[3]).withGaussianDirections(1e-3).trials(1000));
        assertTrue(e.getMessage().startsWith("zo.estimate was interrupted in trial 4 of 1000, so it has no report"),
                e.getMessage());
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag stays set");
    }

    @Test
    void anInterruptEndsTheAnalysisAsAnInterrupt() {
        assertInterrupted(interrupting(() -> Interrupts.interrupt(Thread.currentThread()))); // as the kernel does
        clearInterrupt();
        assertInterrupted(interrupting(() -> Thread.currentThread().interrupt()));
        clearInterrupt();
        assertInterrupted(interrupting(() -> { // a blocking objective gets an InterruptedException instead
            Thread.currentThread().interrupt();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    @Test
    void aFailingObjectiveEndsTheAnalysisWithItsMessage() {
        var nan = assertThrows(EstimateFailedException.class,
                () -> zo.estimate(x -> Double.NaN, new double[3]).withGaussianDirections(1e-3).trials(10));
        assertTrue(nan.getMessage().startsWith("the objective returned NaN at evaluation 1"), nan.getMessage());
        assertNull(nan.getCause());
        IllegalStateException boom = new IllegalStateException("boom");
        var threw = assertThrows(EstimateFailedException.class, () -> zo.estimate(x -> {
            throw boom;
        }, new double[3]).withGaussianDirections(1e-3).trials(10));
        assertSame(boom, threw.getCause());
        assertTrue(threw.getMessage().contains("boom"), threw.getMessage());
        assertEquals(false, Thread.currentThread().isInterrupted());
    }
}
