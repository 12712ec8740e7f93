package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run's set-up from a large float start, in fresh JVMs ({@link MemoryProbe}): memory is the child's own, and its
 * limit is JavaCPP's, given on its command line.
 */
class SetUpMemoryTest {
    /** 5·10⁷ floats: 200 MB, its double copy 400 MB. */
    private static final int N = 50_000_000;
    /** Both children, started together: each spends most of its time loading ND4J. */
    private static Process peak;
    private static Process setUp;

    @BeforeAll
    static void startChildren() throws IOException {
        peak = child("peak", "-Xmx256m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0");
        setUp = child("setup", "-Xmx256m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=500m");
    }

    /** The start's double copy takes one copy's memory at its peak: a cast then a copy took two. */
    @Test
    void theStartIsCopiedOnce() throws IOException, InterruptedException {
        String out = output(peak);
        Matcher m = Pattern.compile("copies ([0-9.]+) equal true").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) < 1.5, "the copy's peak, in copies: " + out);
    }

    /**
     * Under a limit that holds the start (200 MB) but not the run's vectors (400 MB each): the error says what
     * fails and what to change, not JavaCPP's "Cannot allocate new LongPointer(1)".
     */
    @Test
    void aStartTooLargeToSetUpSaysWhatToChange() throws IOException, InterruptedException {
        String out = output(setUp);
        assertTrue(out.contains("threw java.lang.OutOfMemoryError: zo-sgd could not set up: it copies its start and"
                + " keeps a few more vectors of d = 50000000 doubles (400.0 MB each)"), out);
        assertTrue(out.contains("nothing was evaluated. Start from a smaller x0, train the array itself with inPlace()")
                && out.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes"), out);
    }

    private static Process child(String mode, String... memory) throws IOException {
        return child(mode, N, memory);
    }

    /**
     * A {@link MemoryProbe} child in {@code mode} with a start of n floats, this JVM's options and its memory settings
     * replaced by {@code memory}.
     */
    static Process child(String mode, int n, String... memory) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-Xmx")
                        && !a.startsWith("-Xms") && !a.startsWith("-Dorg.bytedeco.javacpp.")
                        && !a.startsWith("-Dzeroth.maxPhysicalBytes"))
                .forEach(command::add);
        command.addAll(List.of(memory));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName(), mode,
                String.valueOf(n)));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static String output(Process p) throws IOException, InterruptedException {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return out + "(exit " + p.waitFor() + ")";
    }
}
