package org.zeroth.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Interrupts;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.StopReason;
import org.zeroth.Zo;
import org.zeroth.datasets.Dataset;
import org.zeroth.datasets.Datasets;
import org.zeroth.datasets.Split;
import org.zeroth.optimize.Minimizer;

/**
 * A mini-batch objective moves to its next batch after each step of its run, observed or not; each run starts at
 * its first batch (same seed, same run, cell after cell); a checkpointed run resumed with a fresh objective goes
 * through the batches the uninterrupted run did.
 */
class MiniBatchRunsTest {
    private static final Dataset TRAIN = Datasets.iris().standardized();

    @TempDir
    Path dir;

    private static INDArray theta0() {
        return Classifier.softmaxRegression(TRAIN).seed(1).build().parameters().dup();
    }

    /** MeZO on f from a copy of θ0. */
    private static Minimizer mezo(ClassifierObjective f) {
        return zo.minimize(f).from(theta0()).inPlace().withGaussianDirections(1e-3).central().sgd(0.05).seed(3)
                .progress(false);
    }

    private static ClassifierObjective objective() {
        return Classifier.softmaxRegression(TRAIN).seed(1).build().objective(TRAIN, 30, 1);
    }

    @Test
    void theObjectiveMovesOnWithItsRunAndEachRunStartsAtTheFirstBatch() {
        ClassifierObjective f = objective();
        Run first = mezo(f).steps(40);
        assertEquals(40, f.batch(), "one batch per step without observe(f)");
        Run again = mezo(f).steps(40);
        assertEquals(first.finalPoint(), again.finalPoint(), "the same objective again: the same run");
        ClassifierObjective observed = objective();
        Run withObserve = mezo(observed).observe(observed).steps(40);
        assertEquals(40, observed.batch(), "observe(f) as well: still one batch per step");
        assertEquals(first.finalPoint(), withObserve.finalPoint());
        // Each step's batch differs: one batch for all 40 steps would end elsewhere.
        ClassifierObjective fixed = objective();
        Run oneBatch = zo.minimize((Objective) fixed::value).from(theta0()).inPlace()
                .withGaussianDirections(1e-3).central().sgd(0.05).seed(3).progress(false).steps(40);
        assertNotEquals(first.finalPoint(), oneBatch.finalPoint());
    }

    @Test
    void aResumedRunGoesThroughTheBatchesOfTheUninterruptedOne() throws Exception {
        Run whole = mezo(objective()).steps(60);
        Path file = dir.resolve("mezo.ckpt");
        FutureTask<Run> cell = new FutureTask<>(() -> mezo(objective()).checkpointEvery(20, file)
                .observe(p -> {
                    if (p.step() == 35) {
                        Interrupts.interrupt(Thread.currentThread()); // as the kernel interrupts a cell
                    }
                }).steps(60));
        new Thread(cell).start(); // the interrupt's mark stays on that thread
        Run interrupted = cell.get();
        assertEquals(StopReason.INTERRUPTED, interrupted.stopReason());
        assertTrue(interrupted.trace().rowCount() < 60, interrupted.toString());

        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Run resumed;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            ClassifierObjective fresh = objective();
            resumed = Zo.resume(file, fresh).finish();
            assertEquals(60, fresh.batch(), "the fresh objective went through every step's batch");
        } finally {
            System.setErr(err);
        }
        assertEquals(whole.finalPoint(), resumed.finalPoint(), "bit for bit the uninterrupted run");
        assertEquals(whole.evaluations(), resumed.evaluations());
        String warning = captured.toString(StandardCharsets.UTF_8);
        assertTrue(warning.contains("had observers a checkpoint cannot hold (a lambda written in "
                + MiniBatchRunsTest.class.getName() + ")") && warning.contains("Zo.resume(file, builder)"), warning);
    }

    /** A split's parts are other data: a checkpoint of the training loss does not resume on the validation loss. */
    @Test
    void aCheckpointOfOnePartIsNotResumedOnAnother() throws Exception {
        Split split = Datasets.iris().split(0.6, 0.2, 1).standardized();
        Classifier model = Classifier.softmaxRegression(split.train()).seed(1).build();
        ClassifierObjective train = model.objective(split.train(), 20, 1);
        ClassifierObjective validation = model.objective(split.validation(), 20, 1);
        assertEquals("cross-entropy on iris/train (batch 20)", train.name());
        assertEquals("cross-entropy on iris/validation (batch 20)", validation.name());
        assertEquals("split of iris: train 90, validation 30, test 30", split.toString());
        Path file = dir.resolve("train.ckpt");
        mezo(train).checkpointEvery(5, file).steps(10);
        String refusal = assertThrows(IllegalArgumentException.class, () -> Zo.resume(file, validation)).getMessage();
        assertTrue(refusal.contains("cross-entropy on iris/train (batch 20)")
                && refusal.contains("cross-entropy on iris/validation (batch 20)"), refusal);
        assertEquals(10, Zo.resume(file, model.objective(split.train(), 20, 1)).finish().trace().rowCount());
    }
}
