package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The team's way off the caller's core: it moves the thread, then lets it run anywhere again. */
class CpusTest {
    @Test
    void aThreadLeavesItsCoreAndMayStillRunOnAll() throws IOException {
        if (!NativeLoops.AVAILABLE) {
            assertEquals(-1, Cpus.of());
            return;
        }
        String allowed = allowedCpus();
        int moved = 0;
        for (int round = 0; round < 100; round++) {
            int cpu = Cpus.of();
            assertTrue(cpu >= 0, "a core number: " + cpu);
            Cpus.leaveIfOn(cpu);
            if (Cpus.of() != cpu) {
                moved++;
            }
            assertEquals(allowed, allowedCpus(), "the thread may run where it could before");
        }
        // The move is made before the call returns; Linux may move the thread back only in the instant after it.
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertTrue(moved >= 90, "moved off its core in " + moved + " of 100");
        } else {
            assertEquals(0, moved);
        }
    }

    private static String allowedCpus() throws IOException {
        return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                .filter(line -> line.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow();
    }
}
