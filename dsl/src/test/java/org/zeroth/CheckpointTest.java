package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.AskTellTest.expect;
import static org.zeroth.Zo.zo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.zeroth.optimize.Schedule;
import org.zeroth.population.Traces;
import org.zeroth.tensor.Tensors;

/** Issue 13: checkpoints hold the builder and the told values; resume replays them and goes on bit for bit. */
class CheckpointTest {
    @TempDir
    Path dir;

    /**
     * Copies {@code file} to {@code copy} after each step, before the step's checkpoint: after the run, the copy is
     * the checkpoint as the run left it before it ended (which writes the whole run).
     */
    static RunObserver copyBeforeEachStep(Path file, Path copy) {
        return p -> {
            try {
                for (String beside : List.of("", ".x0")) { // an in-place run's θ0 goes along
                    Path from = Path.of(file + beside);
                    if (Files.exists(from)) {
                        Files.copy(from, Path.of(copy + beside), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * Every method: checkpoint every 7 steps of 30 (the last at 28, kept as it was before the run ended), resume with
     * f, finish: the uninterrupted run. The file the ended run leaves holds all of it: its resume evaluates nothing.
     */
    @Test
    void everyMethodResumesFromItsLastCheckpointBitForBit() {
        List<Executable> checks = new ArrayList<>();
        for (var e : AskTellTest.builders().entrySet()) {
            String name = e.getKey();
            Function<Objective, RunBuilder<?>> make = e.getValue();
            Objective g = name.startsWith("maximize") ? x -> -AskTellTest.f(x) : AskTellTest::f;
            Path file = dir.resolve(name.replace(' ', '-') + ".ckpt");
            Path atStep = dir.resolve(name.replace(' ', '-') + ".before-end.ckpt");
            Run whole = make.apply(AskTellTest::f).runSteps(AskTellTest.STEPS);
            Run checkpointed = make.apply(AskTellTest::f).checkpointEvery(7, file).observe(copyBeforeEachStep(file, atStep))
                    .runSteps(AskTellTest.STEPS);
            Checkpoint c = Checkpoint.read(atStep);
            Checkpoint last = Checkpoint.read(file);
            long[] calls = {0};
            Objective counted = x -> {
                calls[0]++;
                return g.value(x);
            };
            Run resumed = name.equals("mapElites") ? Zo.resume(atStep, make.apply(counted)).finish()
                    : Zo.resume(atStep, counted).finish();
            long resumedCalls = calls[0];
            Run ended = name.equals("mapElites") ? Zo.resume(file, make.apply(counted)).finish()
                    : Zo.resume(file, counted).finish();
            checks.add(() -> assertAll(name,
                    () -> Traces.assertSameRun(whole, checkpointed),
                    () -> Traces.assertSameRun(whole, resumed),
                    () -> assertEquals(whole.steps() / 7 * 7, c.steps(), "the last checkpoint is at the last multiple of 7"),
                    () -> assertEquals(whole.evaluations() - c.values().length, resumedCalls,
                            "replayed values are not evaluated again"),
                    () -> assertEquals(AskTellTest.STEPS, c.totalSteps()),
                    () -> assertEquals(whole.steps(), last.steps(), "the ended run wrote its last checkpoint"),
                    () -> Traces.assertSameRun(whole, ended),
                    () -> assertEquals(resumedCalls, calls[0], "resuming the ended run evaluates nothing")));
        }
        assertAll(checks);
    }

    @Test
    void anAskTellRunSavedMidBatchResumesInAnotherOptimization() {
        Path file = dir.resolve("cbo.ckpt");
        var builder = zo.cbo(Objective.external(3)).from(0.5, -0.5, 0.4).particles(6).within(-1, 1).seed(4)
                .maxEvaluations(60).progress(false);
        Run whole = zo.cbo(AskTellTest::f).from(0.5, -0.5, 0.4).particles(6).within(-1, 1).seed(4).maxEvaluations(60)
                .progress(false).steps(Long.MAX_VALUE);
        try (Optimization o = builder.start()) {
            for (int i = 0; i < 3; i++) {
                for (Candidate c : o.ask(6)) {
                    o.tell(c, AskTellTest.f(c.point()));
                }
            }
            List<Candidate> half = o.ask(6);
            o.tell(half.get(4), AskTellTest.f(half.get(4).point()));
            o.tell(half.get(1), AskTellTest.f(half.get(1).point()));
            o.save(file);
        }
        try (Optimization resumed = Zo.resume(file)) {
            List<Candidate> rest = resumed.ask(6);
            assertEquals(List.of(19L, 21L, 22L, 24L), rest.stream().map(Candidate::id).toList(),
                    "the told candidates 20 and 23 of the unfinished batch are not asked again");
            for (Candidate c : rest) {
                resumed.tell(c, AskTellTest.f(c.point()));
            }
            Traces.assertSameRun(whole, AskTellTest.drive(resumed, new long[1], new Random(5)));
            assertEquals("external", resumed.run().config().get("objective"));
        }
    }

    @Test
    void aCheckpointEveryDurationWritesAtStepEnds() {
        Path file = dir.resolve("timed.ckpt");
        Run run = zo.minimize(AskTellTest::f).from(0.5, -0.5, 0.4).adam(1e-2).checkpointEvery(Duration.ofNanos(1), file)
                .progress(false).steps(12);
        assertEquals(12, Checkpoint.read(file).steps(), "every step ends after a nanosecond: the last write is at 12");
        Traces.assertSameRun(run, Zo.resume(file, AskTellTest::f).finish());
    }

    /**
     * A time limit counts the run's time before a resume, and the trace keeps the seconds it had: a run that its
     * limit ended resumes to the same run without one more evaluation, and one resumed mid-way goes on from its time.
     */
    @Test
    void aTimeLimitCountsTheTimeBeforeTheResume() {
        int[] calls = {0};
        Objective slow = x -> { // at least 1 ms an evaluation (a busy wait: a floor on any machine)
            calls[0]++;
            long start = System.nanoTime();
            while (System.nanoTime() - start < 1_000_000) {
                Thread.onSpinWait();
            }
            return AskTellTest.f(x);
        };
        Path file = dir.resolve("timed.ckpt");
        Path midway = dir.resolve("midway.ckpt");
        RunObserver copyAt11 = copyBeforeEachStep(file, midway); // at step 11 the file holds step 10's checkpoint
        // 1 s: step 11 and two checkpoints (each synced to disk) come well before it even on a loaded machine
        Run run = zo.minimize(slow).from(0.5, -0.5, 0.4).adam(1e-2).timeLimit(Duration.ofMillis(1000))
                .checkpointEvery(5, file).observe(p -> {
                    if (p.step() == 11) {
                        copyAt11.stepped(p);
                    }
                }).progress(false).steps(1_000_000);
        assertEquals(StopReason.TIME_LIMIT, run.stopReason());
        assertTrue(Checkpoint.read(file).elapsedNanos() >= 1_000_000_000L, "the file holds the run's time");

        calls[0] = 0;
        Run resumed = Zo.resume(file, slow).finish();
        assertEquals(0, calls[0], "its time was up: nothing more to evaluate");
        assertEquals(StopReason.TIME_LIMIT, resumed.stopReason());
        Traces.assertSameRun(run, resumed);
        assertEquals(run.trace().doubleColumn("seconds").asList(), resumed.trace().doubleColumn("seconds").asList(),
                "the replayed steps keep the seconds they took");

        Checkpoint before = Checkpoint.read(midway);
        assertEquals(10, before.steps());
        Run goneOn = Zo.resume(midway, slow).finish();
        double[] seconds = goneOn.trace().doubleColumn("seconds").asDoubleArray();
        for (int i = 0; i < seconds.length; i++) {
            if (i < before.steps()) {
                assertEquals(run.trace().doubleColumn("seconds").get(i), seconds[i], 0.0, "replayed step " + i);
            } else {
                assertTrue(seconds[i] >= before.elapsedNanos() * 1e-9, "step " + i + " goes on from the file's time");
            }
        }
        assertEquals(StopReason.TIME_LIMIT, goneOn.stopReason());
    }

    @Test
    void aResumeSaysWhichBackendTheFileCannotHold() {
        Path file = dir.resolve("backend.ckpt");
        Backend threads = Backend.threads(2);
        Function<Objective, org.zeroth.population.Cbo> cbo = f -> zo.cbo(f).from(0.5, -0.5, 0.4).particles(4).seed(1)
                .progress(false).on(threads);
        RunObserver stopAt3 = p -> {
            if (p.step() == 3) {
                Thread.currentThread().interrupt();
            }
        };
        Run run = cbo.apply(AskTellTest::f).checkpointEvery(1, file).observe(stopAt3).steps(8);
        Thread.interrupted();
        assertEquals(StopReason.INTERRUPTED, run.stopReason());
        String said = Captured.stderrOf(() -> Zo.resume(file, AskTellTest::f).finish());
        assertTrue(said.contains("evaluated on 2 threads, which a checkpoint cannot hold; it goes on in this JVM")
                && said.contains("Zo.resume(file, builder.on(backend))"), said);
        String kept = Captured.stderrOf(() -> Zo.resume(file, cbo.apply(AskTellTest::f)).finish());
        assertFalse(kept.contains("checkpoint cannot hold"), kept);
    }

    @Test
    void anObjectiveFromOutsideZerothResumes() {
        // A notebook's lambda: its class is the user's, which the file never holds but the resume puts back
        Objective f = org.example.UserObjectives.shiftedSquares();
        Path file = dir.resolve("users.ckpt");
        Path atStep10 = dir.resolve("step10.ckpt");
        Run run = zo.minimize(f).from(0.5, -0.5, 0.4).adam(1e-2).seed(3).checkpointEvery(5, file)
                .observe(copyBeforeEachStep(file, atStep10)).progress(false).steps(12);
        Traces.assertSameRun(run, Zo.resume(atStep10, f).finish());
        Traces.assertSameRun(run, Zo.resume(file, f).finish());
    }

    /**
     * A checkpoint moved or copied elsewhere and resumed goes on in that file: the path the run began with may hold
     * another run by now (it was overwritten), or be gone (the resume failed when it could not write there).
     */
    @Test
    void aResumedRunCheckpointsToTheFileItWasResumedFrom() throws IOException {
        Path file = dir.resolve("first.ckpt");
        Path atStep10 = dir.resolve("step10.ckpt");
        Run whole = zo.minimize(AskTellTest::f).from(0.5, -0.5, 0.4).adam(1e-2).seed(3).checkpointEvery(5, file)
                .observe(copyBeforeEachStep(file, atStep10)).progress(false).steps(12);
        byte[] firstRun = Files.readAllBytes(file);
        Path moved = Files.createDirectories(dir.resolve("elsewhere")).resolve("moved.ckpt");
        Files.copy(atStep10, moved);
        assertEquals(10 * 2, Checkpoint.read(moved).values().length, "10 steps of 2 evaluations");
        Traces.assertSameRun(whole, Zo.resume(moved, AskTellTest::f).finish());
        assertArrayEquals(firstRun, Files.readAllBytes(file), "the path the run began with is left alone");
        assertEquals(whole.evaluations(), Checkpoint.read(moved).values().length, "the resumed file holds all");
        // A builder without checkpointEvery keeps the run's schedule, to the file resumed from.
        Path again = dir.resolve("again.ckpt");
        Files.copy(atStep10, again);
        var sameRun = zo.minimize(AskTellTest::f).from(0.5, -0.5, 0.4).adam(1e-2).seed(3).progress(false);
        Traces.assertSameRun(whole, Zo.resume(again, sameRun).finish());
        assertEquals(whole.evaluations(), Checkpoint.read(again).values().length);
        assertArrayEquals(firstRun, Files.readAllBytes(file));
    }

    @Test
    void aBuilderWithCodeResumesWithItselfOrSaysSo() {
        Path file = dir.resolve("custom.ckpt");
        var builder = zo.minimize(AskTellTest::f).from(0.5, -0.5, 0.4).schedule(Schedule.of(t -> 1.0 / t))
                .checkpointEvery(5, file).progress(false);
        Run whole = builder.steps(12);
        expect(IllegalArgumentException.class, () -> Zo.resume(file, AskTellTest::f), file.toString(),
                "options that hold code (a lambda written in org.zeroth.CheckpointTest)", "resume it with the same builder");
        Traces.assertSameRun(whole, Zo.resume(file, builder).finish());
        expect(IllegalArgumentException.class, () -> Zo.resume(file, builder.seed(99)),
                "plans another run than the checkpoint's", "seed=99", "give the builder the run was started with");
        expect(IllegalArgumentException.class, () -> Zo.resume(file, builder.maxEvaluations(1000)),
                "only the budget differs", "from(resumed.finish().finalPoint())");
    }

    @Test
    void aBuilderFromAnotherStartIsRefusedAndTheSameOneResumes() {
        Path file = dir.resolve("start.ckpt");
        var rosenbrock = org.zeroth.problems.Problems.rosenbrock(4);
        Run whole = zo.minimize(rosenbrock).from(-1, 1, -1, 1).withGaussianDirections(1e-3).queries(4).central()
                .adam(1e-2).seed(5).progress(false).steps(10);
        zo.minimize(rosenbrock).from(-1, 1, -1, 1).withGaussianDirections(1e-3).queries(4).central().adam(1e-2)
                .seed(5).checkpointEvery(7, file).progress(false).steps(10);
        var elsewhere = zo.minimize(rosenbrock).from(0, 0, 0, 0).withGaussianDirections(1e-3).queries(4).central()
                .adam(1e-2).seed(5);
        expect(IllegalArgumentException.class, () -> Zo.resume(file, elsewhere), "the builder starts at"
                + " [0.0, 0.0, 0.0, 0.0], but the run in the file started at [-1.0, 1.0, -1.0, 1.0]", "from(x0)");
        expect(IllegalArgumentException.class, () -> Zo.resume(file, elsewhere.from(-1, 1, -1, 1.0000001)),
                "[-1.0, 1.0, -1.0, 1.0000001]");
        var fromUsual = zo.minimize(rosenbrock).withGaussianDirections(1e-3).queries(4).central().adam(1e-2).seed(5);
        expect(IllegalArgumentException.class, () -> Zo.resume(file, fromUsual), "started at [-1.0, 1.0, -1.0, 1.0]");
        Traces.assertSameRun(whole, Zo.resume(file, elsewhere.from(-1, 1, -1, 1)).finish());
        // A method that picks its own start (BO: the box's centre-clamped origin) resumes with the same builder.
        Path bo = dir.resolve("bo.ckpt");
        double[] lo = {-1, -1, -1};
        double[] hi = {1, 1, 1};
        Run boWhole = zo.bayesian(AskTellTest::f).within(lo, hi).seed(3).checkpointEvery(2, bo).progress(false)
                .steps(4);
        Traces.assertSameRun(boWhole, Zo.resume(bo, zo.bayesian(AskTellTest::f).within(lo, hi).seed(3)).finish());
    }

    @Test
    void badFilesAreRefusedNamingTheFile() throws IOException {
        Path good = dir.resolve("good.ckpt");
        zo.cmaes(AskTellTest::f).from(0.5, -0.5, 0.4).checkpointEvery(10, good).progress(false).steps(20);
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("bad.ckpt");
        expect(IllegalArgumentException.class, () -> Zo.resume(dir.resolve("none.ckpt")), "no checkpoint at", "none.ckpt");
        expect(IllegalArgumentException.class, () -> Zo.resume(dir), dir + " is a directory: give the file");
        expect(IllegalArgumentException.class, () -> Zo.resume((Path) null), "the checkpoint's path is null");
        Files.writeString(bad, "{\"not\": \"a checkpoint\"}");
        expect(IllegalArgumentException.class, () -> Zo.resume(bad), bad.toString(), "is not a Zeroth checkpoint");
        Files.write(bad, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        expect(IllegalArgumentException.class, () -> Zo.resume(bad), bad.toString(), "truncated or corrupted");
        Files.write(bad, java.util.Arrays.copyOf(bytes, 14));
        expect(IllegalArgumentException.class, () -> Zo.resume(bad), bad.toString(), "truncated or corrupted");
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        Files.write(bad, flipped);
        expect(IllegalArgumentException.class, () -> Zo.resume(bad), bad.toString(), "truncated or corrupted");
        byte[] future = bytes.clone();
        future[11] = 3; // the format version, an int after the 8-byte magic
        Files.write(bad, future);
        expect(IllegalArgumentException.class, () -> Zo.resume(bad), bad.toString(), "truncated or corrupted");
        java.util.zip.CRC32 crc = new java.util.zip.CRC32(); // a whole file of another format: its checksum holds
        crc.update(future, 0, future.length - 8);
        java.nio.ByteBuffer.wrap(future, future.length - 8, 8).putLong(crc.getValue());
        Files.write(bad, future);
        expect(IllegalArgumentException.class, () -> Zo.resume(bad), bad.toString(), "format version 3", "reads version 2");
        Checkpoint c = Checkpoint.read(good);
        new Checkpoint("0.9", c.plan(), c.totalSteps(), c.steps(), c.seconds(), c.elapsedNanos(), c.builder(), c.x0(),
                c.values(), c.pending()).write(bad);
        expect(IllegalArgumentException.class, () -> Zo.resume(bad), bad.toString(), "written by zeroth 0.9");
        expect(IllegalArgumentException.class, () -> zo.cmaes(AskTellTest::f).checkpointEvery(0, good), "steps ≥ 1");
        expect(IllegalArgumentException.class, () -> zo.cmaes(AskTellTest::f).checkpointEvery(3, dir.resolve("no/such/x")),
                "does not exist");
        expect(IllegalArgumentException.class, () -> zo.cmaes(AskTellTest::f).checkpointEvery(3, dir),
                dir + " is a directory; give a file in it, e.g. " + dir.resolve("run.ckpt"));
        expect(IllegalArgumentException.class, () -> zo.cmaes(AskTellTest::f).checkpointEvery(Duration.ZERO, good),
                "positive duration");
    }

    /** A checkpoint that cannot be written warns and the run goes on: the run in memory is whole. */
    @Test
    void aRunWhoseCheckpointsCannotBeWrittenGoesOnAndSaysWhichIsWhole() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("lost"));
        Path file = sub.resolve("run.ckpt");
        RunObserver losesTheDirectory = p -> {
            if (p.step() == 3) {
                try {
                    Files.delete(file);
                    Files.delete(sub);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        java.io.PrintStream err = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        Run run;
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            run = zo.minimize(AskTellTest::f).from(0.5, -0.5, 0.4).adam(1e-2).seed(3).checkpointEvery(2, file)
                    .observe(losesTheDirectory).progress(false).steps(10);
        } finally {
            System.setErr(err);
        }
        assertEquals(StopReason.STEPS, run.stopReason());
        assertEquals(10, run.steps());
        String said = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        // once while it runs, once at its end (lines of other threads' output, if any, not counted)
        assertEquals(2, said.lines().filter(l -> l.contains("checkpoint")).count(), said);
        assertTrue(said.contains("a checkpoint could not be written to " + file) && said.contains("the run goes on"),
                said);
        // the step-2 checkpoint went with its directory: the end must not say it is whole
        assertTrue(said.contains("no checkpoint of this run is there, and the run is returned whole"), said);
    }

    @Test
    void aResumeTidiesWhatAKilledWriteLeftAndFilesAreReadableAsAnyFile() throws IOException {
        Path file = dir.resolve("tidy.ckpt");
        zo.cmaes(AskTellTest::f).from(0.5, -0.5, 0.4).checkpointEvery(5, file).progress(false).steps(10);
        Path killed = Files.write(dir.resolve(".tidy.ckpt.123456.tmp"), new byte[] {1, 2, 3});
        Path other = Files.write(dir.resolve(".other.ckpt.123456.tmp"), new byte[] {1});
        Zo.resume(file, AskTellTest::f).finish();
        assertFalse(Files.exists(killed), "a killed write's temporary file");
        assertTrue(Files.exists(other), "another checkpoint's is not this resume's to delete");
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Path plain = Files.createFile(dir.resolve("plain"));
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file),
                    "the umask decides, as for any file (a temporary file is the owner's alone)");
        }
    }

    @Test
    void anInPlaceRunNeedsItsTheta0BesideTheCheckpoint() throws IOException {
        Path file = dir.resolve("mezo.ckpt");
        Function<Objective, RunBuilder<?>> make = AskTellTest.builders().get("mezo inPlace");
        Run whole = make.apply(AskTellTest::f).runSteps(20);
        make.apply(AskTellTest::f).checkpointEvery(3, file).runSteps(20);
        Path x0 = Checkpoint.Start.beside(file);
        assertTrue(Files.size(file) < 8_000, "settings and values only: " + Files.size(file) + " bytes");
        Run resumed = Zo.resume(file, AskTellTest::f).finish();
        Traces.assertSameRun(whole, resumed);
        assertArrayEquals(Tensors.toArray(whole.finalPoint()), Tensors.toArray(resumed.finalPoint()));
        // Resumed with its builder, the run trains the builder's own array (reset to θ0 first), as inPlace() does
        INDArray mine = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3);
        Run again = Zo.resume(file, zo.minimize(AskTellTest::f).from(mine).withGaussianDirections(1e-3).queries(2)
                .central().sgd(2e-2).inPlace().seed(9).progress(false)).finish();
        assertTrue(again.finalPoint() == mine, "the builder's array is the run's θ");
        assertArrayEquals(Tensors.toArray(whole.finalPoint()), Tensors.toArray(mine));
        Files.write(x0, new byte[] {1, 2, 3});
        expect(IllegalArgumentException.class, () -> Zo.resume(file), "is not the θ0 of the in-place run", x0.toString());
        Files.delete(x0);
        expect(IllegalArgumentException.class, () -> Zo.resume(file), "which is missing", x0.toString());
    }

    @Test
    void aCrashBetweenWriteAndRenameKeepsTheOldCheckpoint() throws IOException {
        Path file = dir.resolve("atomic.ckpt");
        var builder = zo.randomSearch(AskTellTest::f).from(0.5, -0.5, 0.4).within(-1, 1).progress(false);
        builder.checkpointEvery(10, file).steps(10);
        byte[] old = Files.readAllBytes(file);
        AtomicFile.beforeRename = () -> {
            throw new UncheckedIOException(new IOException("power cut"));
        };
        try {
            Run run = builder.checkpointEvery(10, file).steps(20); // each write fails: the run goes on and warns
            assertEquals(20, run.steps());
        } finally {
            AtomicFile.beforeRename = () -> { };
        }
        assertArrayEquals(old, Files.readAllBytes(file), "the old checkpoint is whole");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
        assertEquals(10, Checkpoint.read(file).steps());
    }

    @Test
    void interruptsArrivingWhileAFileIsWrittenCannotAbandonIt() throws Exception {
        // A second Ctrl-C while a run writes its last checkpoint: an interruptible channel closed at once.
        Path file = dir.resolve("interrupted.ckpt");
        byte[] content = new byte[1 << 20];
        Thread writer = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread interrupter = new Thread(() -> {
            while (writing.get()) {
                writer.interrupt();
                Thread.onSpinWait();
            }
        });
        interrupter.start();
        try {
            for (int i = 1; i <= 30; i++) {
                content[content.length - 1] = (byte) i;
                AtomicFile.write(file, content);
            }
        } finally {
            writing.set(false);
            while (interrupter.isAlive()) {
                try {
                    interrupter.join();
                } catch (InterruptedException lastOnes) {
                    // the interrupter's last interrupts
                }
            }
            Thread.interrupted();
        }
        byte[] last = Files.readAllBytes(file);
        assertEquals(content.length, last.length);
        assertEquals(30, last[last.length - 1]);
    }

    /** The builder round trip: what the file holds plans the same run, for every method. */
    @Test
    void theFileHoldsTheBuilderOfEveryMethod() {
        List<Executable> checks = new ArrayList<>();
        for (var e : AskTellTest.builders().entrySet()) {
            RunBuilder<?> b = e.getValue().apply(Objective.of(3, "bowl", AskTellTest::f));
            if (e.getKey().equals("mapElites")) {
                expect(IllegalArgumentException.class, () -> BuilderCodec.read(BuilderCodec.write(b, 3), dir, null),
                        "options that hold code");
                continue;
            }
            RunBuilder<?> back = BuilderCodec.read(BuilderCodec.write(b.forCheckpoint(false), 3), dir, null);
            checks.add(() -> assertEquals(b.plan().toString(), back.plan().toString(), e.getKey()));
            checks.add(() -> assertEquals(new Objective.External(3, b.objective().name()), back.objective(), e.getKey()));
        }
        assertAll(checks);
    }
}
