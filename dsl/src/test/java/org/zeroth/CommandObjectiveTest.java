package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeroth.population.Traces;
import org.zeroth.tensor.Tensors;

/**
 * Objective.command against real Python programs (Debian's python3): the values, the count of program runs, both
 * ways the point reaches the program, each failure's message, the partial run, k programs at once, interrupts.
 */
class CommandObjectiveTest {
    static final String PY = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    private static final double[] X0 = {1, -2, 0.5};

    /** f = Σ xᵢ² in the same order as ParallelismTest.sphere; every run appends a line to $COUNT. */
    static final String SPHERE = """
            import json, os, sys
            x = json.load(sys.stdin)["x"]
            with open(os.environ["COUNT"], "a") as f:
                f.write("1\\n")
            s = 0.0
            for v in x:
                s += v * v
            print(f"  {s!r}  ")
            """;

    @TempDir
    Path dir;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
        Interrupts.clearMark();
    }

    private Path script(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private long runs() throws IOException {
        Path count = dir.resolve("count");
        return Files.exists(count) ? Files.readAllLines(count).size() : 0;
    }

    private CommandObjective sphere() throws IOException {
        return Objective.command(PY, script("sphere.py", SPHERE).toString())
                .environment("COUNT", dir.resolve("count").toString());
    }

    @Test
    void aPythonProgramGivesTheSameRunAsTheJavaFormulaAndRunsOncePerEvaluation() throws IOException {
        Run external = zo.minimize(sphere()).from(X0).withGaussianDirections(1e-3).queries(2).adam(0.05).seed(4)
                .progress(false).steps(6);
        Run java = zo.minimize(ParallelismTest::sphere).from(X0).withGaussianDirections(1e-3).queries(2).adam(0.05)
                .seed(4).progress(false).steps(6);
        Traces.assertSameRun(java, external);
        assertEquals(18, external.evaluations(), "6 steps of f(x) and 2 queries");
        assertEquals(external.evaluations(), runs(), "one program run per evaluation");
    }

    @Test
    void thePointCanGoIntoTheArguments() throws IOException {
        Path csv = script("csv.py", "import sys\nx = [float(v) for v in sys.argv[2].split(',')]\n"
                + "print(sum(v * v for v in x) + float(sys.argv[1]))\n");
        Path json = script("argjson.py", "import json, sys\nx = json.loads(sys.argv[1])\nprint(x[0] - 2 * x[1] + x[2])\n");
        var x = Tensors.vector(0.1, -3, 2.5e-7);
        assertEquals(ParallelismTest.sphere(x) + 10, Objective.command(PY, csv.toString(), "10", "{x}").value(x));
        assertEquals(0.1 + 6 + 2.5e-7, Objective.command(PY, json.toString(), "{json}").value(x), 1e-15);
        assertEquals("[0.1,-3.0,2.5E-7]", CommandObjective.json(Tensors.toArray(x)));
    }

    @Test
    void aNonZeroExitNamesTheCommandTheCodeAndTheLastTwentyLinesOfStderr() throws IOException {
        Path p = script("fail.py", "import sys\nfor i in range(1, 31):\n    print('line', i, file=sys.stderr)\n"
                + "print('x' * 30000, file=sys.stderr)\nprint('done', file=sys.stderr)\nsys.exit(3)\n");
        String m = assertThrows(CommandObjective.CommandFailedException.class,
                () -> Objective.command(PY, p.toString()).value(Tensors.vector(1))).getMessage();
        assertTrue(m.contains("command(" + PY + " " + p + ") exited with code 3"), m);
        assertEquals("command(python3 fail.py {x})", Objective.command(PY, p.toString(), "{x}").name(),
                "titles and legends show file names, messages the whole command");
        assertTrue(m.contains("its stderr, last 20 lines:\n  | line 13\n"), m.substring(0, 300));
        assertTrue(m.contains("  | line 30\n  | " + "x".repeat(30000) + "\n  | done\n"), "the tail, long lines too");
        assertFalse(m.contains("line 12\n"), "the last 20 lines only");
        RunFailedException run = assertThrows(RunFailedException.class, () -> zo.minimize(Objective.command(PY,
                p.toString())).from(1.0).progress(false).steps(1));
        assertTrue(run.getMessage().contains("\n  | done\nfix the objective for that point"), "the advice on a line"
                + " of its own, not glued to stderr's last: " + run.getMessage());
    }

    @Test
    void outputThatIsNotOneNumberIsAnError() throws IOException {
        for (String out : new String[] {"hello", "1.5 2.5", "", "0x1p3", "1d"}) {
            Path p = script("say.py", "import sys\nprint('warming up', file=sys.stderr)\nprint(" + repr(out) + ")\n");
            String m = assertThrows(CommandObjective.CommandFailedException.class,
                    () -> Objective.command(PY, p.toString()).value(Tensors.vector(1))).getMessage();
            assertTrue(m.contains("exited with code 0 but printed '" + out + "' on stdout, not one number"), m);
            assertTrue(m.contains("warming up"), m);
        }
        Path nan = script("nan.py", "print(float('nan'))\n");
        var run = assertThrows(RunFailedException.class, () -> zo.minimize(Objective.command(PY, nan.toString()))
                .from(X0).progress(false).steps(3));
        assertTrue(run.getMessage().contains("the objective returned NaN at evaluation 1"), run.getMessage());
        assertEquals(-2.5e-3, Objective.command(PY, script("e.py", "print(' -2.5E-3\\n')").toString())
                .value(Tensors.vector(1)));
    }

    private static String repr(String s) {
        return "'" + s + "'";
    }

    @Test
    void aProgramRunningPastItsTimeoutIsKilledWithItsChildren() throws Exception {
        Path p = script("slow.py", """
                import subprocess, sys, time
                child = subprocess.Popen(["sleep", "300"])
                open(sys.argv[1], "w").write(str(child.pid))
                print("started", child.pid, file=sys.stderr, flush=True)
                time.sleep(300)
                """);
        Path pid = dir.resolve("child.pid");
        var slow = Objective.command(PY, p.toString(), pid.toString()).timeout(Duration.ofSeconds(2));
        var e = assertThrows(RunFailedException.class, () -> zo.minimize(slow).from(X0).progress(false).steps(3));
        assertTrue(e.getMessage().contains("ran longer than its timeout of 2.0 s and was killed"), e.getMessage());
        assertTrue(e.getMessage().contains("started"), "the stderr tail: " + e.getMessage());
        assertEquals(1, e.run().evaluations(), "the killed program's run counts");
        assertDies(Long.parseLong(Files.readString(pid).strip()));
    }

    @Test
    void aFailingProgramKeepsTheRunSoFar() throws IOException {
        // The program fails from its 5th run on (">= 5": with programs at once, no one of them may count exactly 5); sequentially and with 3 programs at once the run keeps what was made.
        Path p = script("fifth.py", SPHERE.replace("s = 0.0", """
                if sum(1 for _ in open(os.environ["COUNT"])) >= 5:
                    print("no license for run 5", file=sys.stderr)
                    sys.exit(2)
                s = 0.0"""));
        for (int k : new int[] {1, 3}) {
            Files.deleteIfExists(dir.resolve("count"));
            var f = Objective.command(PY, p.toString()).environment("COUNT", dir.resolve("count").toString());
            var e = assertThrows(RunFailedException.class, () -> zo.minimize(f).from(X0).withGaussianDirections(1e-3)
                    .queries(2).parallelism(k).seed(1).progress(false).steps(10));
            assertTrue(e.getMessage().contains("exited with code 2") && e.getMessage().contains("no license for run 5"),
                    e.getMessage());
            assertTrue(e.getMessage().startsWith("the objective failed at evaluation ")
                    && !e.getMessage().contains("CommandFailedException"), "what failed, then why: " + e.getMessage());
            assertEquals(StopReason.FAILED, e.run().stopReason());
            assertEquals(1, e.run().steps(), "the first step (3 evaluations) is kept");
            assertTrue(e.run().evaluations() >= 4 && e.run().evaluations() <= runs(), k + ": "
                    + e.run().evaluations() + " of " + runs());
            if (k == 1) {
                assertEquals(5, e.run().evaluations(), "the 4 runs before the failing one and it count");
            }
            // programs of the failing batch may still run: they end before the next case and the directory's removal
            ProcessHandle.current().descendants().filter(program -> program.info().commandLine()
                    .map(line -> line.contains("fifth.py")).orElse(false)).forEach(program -> program.onExit().join());
        }
    }

    @Test
    void badCommandsAndOptionsAreRejectedClearly() {
        assertThrows(IllegalArgumentException.class, () -> Objective.command());
        assertThrows(IllegalArgumentException.class, () -> Objective.command(PY).timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Objective.command(PY).directory(dir.resolve("none")));
        String m = assertThrows(RuntimeException.class, () -> Objective.command(dir.resolve("missing").toString())
                .value(Tensors.vector(1))).getMessage();
        assertTrue(m.contains("could not be run") && m.contains("missing"), m);
        assertEquals(Duration.ofMinutes(10), Objective.command(PY).timeout());
    }

    /** k programs run at once: each waits until all k of its batch have started (or gives up after 60 s). */
    static final String BARRIER = """
            import json, os, sys, time
            x = json.load(sys.stdin)["x"]
            log, k = os.environ["LOG"], int(os.environ["K"])
            fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            os.write(fd, b"."); os.close(fd)
            goal = -(-os.path.getsize(log) // k) * k
            deadline = time.time() + 60
            while os.path.getsize(log) < goal:
                if time.time() > deadline:
                    print("waited 60 s for", goal - os.path.getsize(log), "siblings", file=sys.stderr)
                    sys.exit(7)
                time.sleep(0.002)
            s = 0.0
            for v in x:
                s += v * v
            print(repr(s))
            """;

    @Test
    void withParallelismKProgramsRunAtOnce() throws IOException {
        Path p = script("barrier.py", BARRIER);
        for (int repeat = 0; repeat < 2; repeat++) {
            Path log = dir.resolve("log" + repeat);
            var f = Objective.command(PY, p.toString()).environment("LOG", log.toString()).environment("K", "4")
                    .timeout(Duration.ofSeconds(120));
            Run zoRun = zo.minimize(f).from(X0).withGaussianDirections(1e-3).queries(2).central().parallelism(4)
                    .seed(repeat).progress(false).steps(4);
            Run java = zo.minimize(ParallelismTest::sphere).from(X0).withGaussianDirections(1e-3).queries(2).central()
                    .seed(repeat).progress(false).steps(4);
            Traces.assertSameRun(java, zoRun);
            assertEquals(16, Files.size(log), "4 batches of 4 programs");
            Path cboLog = dir.resolve("cbo" + repeat);
            Run cbo = zo.cbo(f.environment("LOG", cboLog.toString())).from(X0).particles(4).parallelism(4)
                    .seed(repeat).progress(false).steps(3);
            assertEquals(cbo.evaluations(), Files.size(cboLog));
        }
    }

    @Test
    void anInterruptKillsTheRunningPrograms() throws Exception {
        Path p = script("hang.py", """
                import os, sys, time
                open(os.path.join(sys.argv[1], str(os.getpid())), "w").close()
                time.sleep(300)
                """);
        for (int k : new int[] {1, 2}) {
            Path pids = Files.createDirectories(dir.resolve("pids" + k));
            var f = Objective.command(PY, p.toString(), pids.toString());
            CompletableFuture<Run> run = new CompletableFuture<>();
            Thread t = new Thread(() -> run.complete(zo.minimize(f).from(X0).queries(3).parallelism(k)
                    .progress(false).steps(5)), "interrupted-run"); // its own thread: the mark goes with it
            t.setDaemon(true);
            t.start();
            while (list(pids).size() < k) {
                Thread.sleep(10);
            }
            Interrupts.interrupt(t);
            Run r = run.get(120, TimeUnit.SECONDS);
            assertEquals(StopReason.INTERRUPTED, r.stopReason());
            assertEquals(0, r.evaluations());
            for (Path pid : list(pids)) {
                assertDies(Long.parseLong(pid.getFileName().toString()));
            }
        }
    }

    private static List<Path> list(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.toList();
        }
    }

    /** Waits (up to a minute, a bound not a timing) until process pid is gone or a zombie. */
    static void assertDies(long pid) throws Exception {
        boolean alive = alive(pid);
        for (int i = 0; i < 6000 && alive; i++) {
            Thread.sleep(10);
            alive = alive(pid);
        }
        assertFalse(alive, "process " + pid + " was killed"); // the last poll's answer: one asked again could differ
    }

    private static boolean alive(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        try {
            String s = Files.readString(stat);
            char state = s.charAt(s.lastIndexOf(')') + 2);
            // Z: exited, not yet reaped; X: being reaped. Both show: polling 3,000 short processes read X for 186,
            // Z then X for 95 (a CI run failed on Z, then X counted alive)
            return state != 'Z' && state != 'X';
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // Reaped between open and read ("No such process"): gone, once its /proc entry is.
            return Files.exists(stat);
        }
    }

    @Test
    void alivePollsAProcessBeingReapedWithoutFailing() throws Exception {
        // The JDK reaps its children as they exit; the race above hit about 1 poll loop in 90 here. 500 loops
        // all end, each with the process gone.
        for (int i = 0; i < 500; i++) {
            assertDies(new ProcessBuilder("sleep", "0.01").start().pid());
        }
    }
}
