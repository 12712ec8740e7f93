package org.zeroth.population;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;
import org.zeroth.Run;
import org.zeroth.tensor.Tensors;

/** Assertions the population and ranking tests share. */
public final class Traces {
    private Traces() {
    }

    public static double[] column(Run run, String name) {
        return run.trace().numberColumn(name).asDoubleArray();
    }

    /** Same seed, same run: every trace column but time, the counts, best and final points. */
    public static void assertSameRun(Run a, Run b) {
        assertEquals(a.steps(), b.steps());
        assertEquals(a.evaluations(), b.evaluations());
        assertEquals(a.bestValue(), b.bestValue());
        for (String c : new String[] {"step", "evaluations", "value", "best", "step_norm"}) {
            assertArrayEquals(column(a, c), column(b, c), c);
        }
        assertArrayEquals(Tensors.toArray(a.finalPoint()), Tensors.toArray(b.finalPoint()));
    }

    /** One row per evaluation: the step is the evaluation index. */
    public static void assertRowPerEvaluation(Run run) {
        assertEquals(run.evaluations(), run.steps());
        assertArrayEquals(column(run, "step"), column(run, "evaluations"));
    }

    public static void expect(Executable bad, String messagePart) {
        var e = assertThrows(IllegalArgumentException.class, bad);
        assertTrue(e.getMessage().contains(messagePart), () -> "message was: " + e.getMessage());
    }
}
