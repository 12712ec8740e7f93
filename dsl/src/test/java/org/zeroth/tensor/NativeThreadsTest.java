package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The thread policy is in force once Zeroth's tensors are used; its opt-out is parsed strictly. */
class NativeThreadsTest {
    @Test
    void firstUseOfTensorsAppliesTheDefault() {
        Tensors.zeros(3); // the DSL's first use
        assertTrue(NativeThreads.applied() != null, "Tensors' first use applies the policy");
        // The build does not set OMP_NUM_THREADS / OPENBLAS_NUM_THREADS, which the policy would keep.
        assertEquals(NativeThreads.DEFAULT_ND, NativeThreads.ndThreads(), "ND4J's OpenMP threads");
        assertEquals(NativeThreads.DEFAULT_BLAS, NativeThreads.blasThreads(), "OpenBLAS threads");
        assertEquals(1, NativeThreads.DEFAULT_ND, "the measured default (bench/README.md, threads)");
        assertEquals(1, NativeThreads.DEFAULT_BLAS, "the measured default (bench/README.md, threads)");
        assertTrue(NativeThreads.apply().startsWith("ND4J 1 thread(s), OpenBLAS 1 thread(s)"), NativeThreads.apply());
    }

    @Test
    void setChangesBothAndReadsBack() {
        Tensors.zeros(1);
        try {
            NativeThreads.set(2, 2);
            assertEquals(2, NativeThreads.ndThreads());
            assertEquals(2, NativeThreads.blasThreads());
        } finally {
            NativeThreads.set(NativeThreads.DEFAULT_ND, NativeThreads.DEFAULT_BLAS);
        }
        assertThrows(IllegalArgumentException.class, () -> NativeThreads.set(0, 1));
    }

    @Test
    void theChoiceComesFromThePropertyThenTheEnvironment() {
        assertEquals("default", NativeThreads.choice(null, null));
        assertEquals("keep", NativeThreads.choice("Keep", "3"));
        assertEquals("3", NativeThreads.choice(" ", "3"));
        assertEquals("2", NativeThreads.choice("2", "keep"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeThreads.choice("all", null));
        assertTrue(e.getMessage().contains("'keep'") && e.getMessage().contains("zeroth.nativeThreads"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NativeThreads.choice(null, "0"));
    }
}
