package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.zeroth.population.Traces;
import org.zeroth.tensor.Tensors;

/**
 * Issue 13: kill -9 a child JVM mid-run, twice (the second time while it runs resumed), resume here, and the final
 * Run equals the uninterrupted one — for ZO-Adam, MeZO inPlace() at d = 10⁶, CMA-ES and CBO. And a child killed
 * while it saves in a loop leaves a whole checkpoint.
 */
class CheckpointKillTest {
    @TempDir
    Path dir;

    @Test
    void aRunKilledTwiceResumesToTheUninterruptedRun() throws Exception {
        // One child runs the four methods at once and is killed once each has made a quarter of its evaluations;
        // a second child resumes them and is killed after another quarter (counting live calls only).
        runUntilKilled(List.of("run", dir.toString()));
        runUntilKilled(List.of("resume", dir.toString()));
        List<Executable> checks = new ArrayList<>();
        for (String method : CheckpointProbe.RUNS.keySet()) {
            Path file = dir.resolve(method + ".ckpt");
            Checkpoint c = Checkpoint.read(file); // as the second kill left it (the resumed run below writes on)
            long[] calls = {0};
            Run resumed = Zo.resume(file, x -> {
                calls[0]++;
                return CheckpointProbe.f(x);
            }).finish();
            Run whole = CheckpointProbe.RUNS.get(method).apply(CheckpointProbe::f).runSteps(CheckpointProbe.STEPS.get(method));
            checks.add(() -> assertAll(method,
                    () -> Traces.assertSameRun(whole, resumed),
                    () -> assertTrue(c.steps() > 0 && c.steps() < whole.steps(), "killed mid-run: " + c.steps()),
                    () -> assertEquals(whole.evaluations() - c.values().length, calls[0], "only the rest is evaluated")));
            if (method.equals("mezo")) {
                System.out.printf("MeZO d = 1e6: checkpoint %d bytes after %d steps, θ0 beside it %d bytes%n",
                        Files.size(file), c.steps(), Files.size(Checkpoint.Start.beside(file)));
                checks.add(() -> assertTrue(Files.size(file) < 4_000, "a MeZO checkpoint holds no d-sized vector"));
            } else {
                checks.add(() -> assertArrayEquals(Tensors.toArray(whole.bestPoint()), Tensors.toArray(resumed.bestPoint()),
                        method + ": best point"));
            }
        }
        assertAll(checks);
    }

    /** Starts the probe and kills it (SIGKILL) once every run reports a quarter of its evaluations. */
    private static void runUntilKilled(List<String> args) {
        try {
            Process child = child(args);
            Map<String, Long> calls = new HashMap<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String line; (line = out.readLine()) != null; ) {
                    String[] words = line.split(" ");
                    if (words[0].equals("calls")) {
                        calls.put(words[1], Long.parseLong(words[2]));
                        if (CheckpointProbe.RUNS.keySet().stream().allMatch(
                                m -> calls.getOrDefault(m, 0L) >= CheckpointProbe.evaluations(m) / 4)) {
                            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
                            child.waitFor();
                            return;
                        }
                    } else {
                        seen.append(line).append('\n');
                    }
                    if (words[0].equals("done")) {
                        child.destroyForcibly();
                        throw new AssertionError("a run finished before the child was killed: " + args + " " + calls
                                + "\n" + seen);
                    }
                }
                throw new AssertionError("the child ended before it was killed: " + args + " " + calls + "\n" + seen);
            }
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static Process child(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CheckpointProbe.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /**
     * A JVM stopped under a checkpointed run (Ctrl-C's SIGINT here; SIGTERM and System.exit run the same shutdown)
     * waits while the run writes its last checkpoint: the file holds every evaluation the child reported, not only
     * those up to the last scheduled checkpoint (every 10 steps of 5 evaluations). Three times: between schedules,
     * and twice just after one, where the steps made are all in the file but an evaluation is under way. The child
     * holds that evaluation until the signal's shutdown interrupts it: under load this parent reads the child's lines
     * late, and a signal sent on reading them once came after the run had ended.
     */
    @Test
    void aJvmStoppedUnderARunKeepsEveryEvaluationInTheCheckpoint() throws Exception {
        Path file = dir.resolve("zo-adam.ckpt");
        long[] held = {215, 301, 351}; // mid-way between schedules, then just after one (the file holds all steps made)
        for (int trial = 0; trial < 3; trial++) {
            Files.deleteIfExists(file);
            Process child = child(List.of("alone", dir.toString(), Long.toString(held[trial])));
            long last = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                boolean sent = false;
                for (String line; (line = out.readLine()) != null; ) {
                    String[] words = line.split(" ");
                    if (words[0].equals("calls")) {
                        last = Long.parseLong(words[2]);
                        if (!sent && last == held[trial]) {
                            // SIGINT, as Ctrl-C in a terminal: the JVM runs its shutdown hooks, then exits
                            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
                            sent = true;
                        }
                    }
                }
            }
            child.waitFor();
            Checkpoint c = Checkpoint.read(file);
            assertEquals(last, c.values().length, "trial " + trial + ": every evaluation made is in the file");
            assertTrue(c.steps() < CheckpointProbe.STEPS.get("zo-adam"), "stopped mid-run");
            if (trial == 0) { // a JVM that only opens the file under ask/tell, and ends, leaves it as it was
                byte[] before = Files.readAllBytes(file);
                Process opener = child(List.of("open", dir.toString()));
                String said = new String(opener.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                opener.waitFor();
                assertTrue(said.contains("opened optimization (ask/tell), " + last + " values told"), said);
                assertFalse(said.contains("writing the run's last checkpoint"), said);
                assertArrayEquals(before, Files.readAllBytes(file));
            }
            Run whole = CheckpointProbe.RUNS.get("zo-adam").apply(CheckpointProbe::f).runSteps(200);
            Traces.assertSameRun(whole, Zo.resume(file, CheckpointProbe::f).finish());
        }
    }

    @Test
    void aChildKilledWhileSavingLeavesAWholeCheckpoint() throws Exception {
        Path file = dir.resolve("loop.ckpt");
        for (int trial = 0; trial < 3; trial++) {
            Process child = child(List.of("saveloop", file.toString()));
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                int wanted = 3 + 2 * trial; // a different write each trial
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("wrote ") && Integer.parseInt(line.substring(6)) >= wanted) {
                        Thread.sleep(7L * trial); // land the kill at a different moment of the next write
                        child.destroyForcibly();
                        break;
                    }
                }
            }
            child.waitFor();
            Checkpoint c = Checkpoint.read(file);
            double expected = c.totalSteps() % 2 == 0 ? 1.0 : 2.0;
            assertEquals(1_000_000, c.values().length);
            assertTrue(java.util.Arrays.stream(c.values()).allMatch(v -> v == expected), "checkpoint " + c.totalSteps());
        }
    }
}
