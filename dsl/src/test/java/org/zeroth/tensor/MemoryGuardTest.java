package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The guard's cap parses strictly and, above it, the guard collects. */
class MemoryGuardTest {
    @Test
    void capsParseWithUnits() {
        assertEquals(0, MemoryGuard.parse(null));
        assertEquals(0, MemoryGuard.parse(" "));
        assertEquals(12L << 30, MemoryGuard.parse("12G"));
        assertEquals(512L << 20, MemoryGuard.parse("512m"));
        assertEquals(1234, MemoryGuard.parse("1234"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryGuard.parse("12GB"));
        assertTrue(e.getMessage().contains(MemoryGuard.PROPERTY) && e.getMessage().contains("12G"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MemoryGuard.parse("-1"));
    }

    @Test
    void aboveTheCapTheGuardCollects() throws InterruptedException {
        Tensors.zeros(1); // starts the guard from the property (the build's argLine sets it)
        assertEquals(MemoryGuard.parse(System.getProperty(MemoryGuard.PROPERTY)), MemoryGuard.cap());
        MemoryGuard.stop();
        long before = MemoryGuard.collections();
        try {
            assertEquals(1, MemoryGuard.start(1)); // any process is above one byte
            // Waits for the guard's thread (a bound, not a timing check: 200 periods).
            for (int i = 0; i < 200 && MemoryGuard.collections() == before; i++) {
                Thread.sleep(MemoryGuard.PERIOD_MS);
            }
            assertTrue(MemoryGuard.collections() > before, "the guard ran no collection above its cap");
        } finally {
            MemoryGuard.stop();
            MemoryGuard.start(); // the build's own cap again
        }
    }
}
