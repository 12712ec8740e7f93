package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A large ZO run that runs out of memory mid-run, in a fresh JVM ({@link MemoryProbe} "midrun"): it must still keep
 * the Run it has, though memory has no room left for another copy of its point.
 */
class RunOutOfMemoryTest {
    /**
     * d = 2·10⁷: one double copy of the point is 8d = 160 MB. The run itself (start, x, g, the best point, the
     * estimator's vectors: about 1 GB) fits well under the 2 GB limit. At its 5th evaluation the objective fills
     * the rest with 40 MB chunks until JavaCPP refuses one — the resident set is then above the limit by at most a
     * chunk — and gives two back: 40 to 80 MB are free when the run ends, so a copy of the point (160 MB) cannot
     * fit, by a margin of at least 80 MB, while the small allocations of building a Run can. The heap is fixed and
     * touched in advance (-Xms = -Xmx, AlwaysPreTouch), so the Java objects made meanwhile do not move the resident
     * set.
     */
    private static final int D = 20_000_000;

    @Test
    void aRunOutOfMemoryMidRunKeepsItsRun() throws IOException, InterruptedException {
        String out = SetUpMemoryTest.output(SetUpMemoryTest.child("midrun", D, "-Xms256m", "-Xmx256m",
                "-XX:+AlwaysPreTouch", "-Dorg.bytedeco.javacpp.maxphysicalbytes=2g"));
        assertTrue(out.contains("filled ") && out.contains("given back 2 chunks"), "the memory was filled: " + out);
        Matcher failed = Pattern.compile("failed the objective threw java.lang.OutOfMemoryError: .* at evaluation 5 .*"
                + "raise them, train a large θ with inPlace\\(\\), or make the objective allocate less per call"
                + " \\[the run so far: 2 steps, 5 evaluations, kept in RunFailedException.run\\(\\)]").matcher(out);
        assertTrue(failed.find(), "a RunFailedException that says what ran out and what to change: " + out);
        assertTrue(out.contains("maxphysicalbytes"), out);
        Matcher kept = Pattern.compile("kept FAILED steps 2 evaluations 5 best (\\S+) at (\\S+) length " + D
                + " recommended (\\S+)").matcher(out);
        assertTrue(kept.find(), "the run's record, with its best point: " + out);
        assertTrue(kept.group(1).equals(kept.group(2)) && kept.group(1).equals(kept.group(3)), out);
        assertTrue(out.contains("lastRun the same"), "zo.lastRun() is the failed run: " + out);
    }
}
