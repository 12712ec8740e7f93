package org.zeroth;

import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The values of one run in evaluation order (in the user's sense), from which the run is rebuilt: every method is
 * deterministic given its seed and the values it is told, so replaying them reproduces the run bit for bit — the
 * generator's counter, Adam's moments, CMA-ES's covariance, CBO's particles, the best point and the trace alike.
 * The {@link Oracle} records every accepted value here and answers from {@code replay} first (no objective call)
 * when a run resumes; the {@link RunRecorder} reports completed steps, which may write a checkpoint.
 */
final class Journal {
    /** checkpointEvery's settings: every n steps, or every duration, to a file. */
    record Policy(int everySteps, Duration every, String path) implements Serializable {
        Path file() {
            return Path.of(path);
        }

        /** The same schedule, to another file. */
        Policy to(Path file) {
            return new Policy(everySteps, every, file.toString());
        }
    }

    private final double[] replay;
    private volatile int replayed; // read by the exit hook's thread too
    /** A resumed run's trace seconds of the steps it replays, and its time before this session (nanoseconds). */
    private final double[] replaySeconds;
    private final long elapsedBefore;
    private final DoubleArrayList values = new DoubleArrayList();
    /** Told values of the batch a saved ask/tell run was waiting on, by candidate id (applied when it comes again). */
    private final Map<Long, Double> pending;
    /** Told values of the batch a closed run ended on, past its first untold candidate: see {@link #keepTold}. */
    private Map<Long, Double> toldNotRecorded = Map.of();
    private byte[] builder;
    private String plan;
    private Checkpoint.Start x0;
    private Policy policy;
    private long lastWrite;
    /** The step of the last checkpoint written in this session (0: none), and whether a failed write was said. */
    private long written;
    private boolean warned;
    /** How many values the file holds (a resumed run's: those it replays), as far as this run knows. */
    private volatile int savedValues;
    private ExitCheckpoint exit;
    private volatile RunRecorder recorder;
    private volatile long totalSteps;

    Journal() {
        this.replay = new double[0];
        this.replaySeconds = new double[0];
        this.elapsedBefore = 0;
        this.pending = Map.of();
    }

    /** A resumed run's journal: the checkpoint's values to replay, its times, builder and θ0 (in-place runs). */
    Journal(Checkpoint c, Checkpoint.Start x0) {
        this.replay = c.values().clone();
        this.replaySeconds = c.seconds().clone();
        this.elapsedBefore = c.elapsedNanos();
        this.builder = c.builder();
        this.savedValues = replay.length;
        this.x0 = x0;
        this.pending = Map.copyOf(c.pending());
    }

    /**
     * At the start of the run (its context, starting at {@code start}): keeps what a checkpoint needs — the builder
     * as a value, and for an in-place run θ0, which the run is about to change (written beside the checkpoint at
     * once when one is set).
     */
    void begin(RunBuilder<?> run, INDArray start, boolean inPlace) {
        policy = run.checkpoints;
        plan = run.forCheckpoint(false).plan().toString();
        if (builder == null) {
            builder = BuilderCodec.write(run.forCheckpoint(inPlace), (int) start.length());
        }
        if (inPlace && x0 == null) {
            x0 = Checkpoint.Start.of(start);
        }
        if (x0 != null && policy != null) {
            x0.writeBeside(policy.file());
        }
        lastWrite = System.nanoTime();
    }

    /** The run's time before this session: a resumed run's time limit counts it, and its trace goes on from it. */
    long elapsedBefore() {
        return elapsedBefore;
    }

    /** The trace's seconds for step {@code index} (from 0): a replayed step's as first recorded, later ones on. */
    double seconds(int index, double sinceStart) {
        return index < replaySeconds.length ? replaySeconds[index] : elapsedBefore * 1e-9 + sinceStart;
    }

    boolean replaying() {
        return replayed < replay.length;
    }

    int remaining() {
        return replay.length - replayed;
    }

    /** The next recorded value, in the user's sense. */
    double next() {
        return replay[replayed++];
    }

    void record(double userValue) {
        values.add(userValue);
    }

    /** Values accepted so far (replayed ones included): the id of the next evaluation is size() + 1. */
    long size() {
        return values.size();
    }

    Map<Long, Double> pending() {
        return pending;
    }

    /**
     * Values told for a batch that ended before all of it was told, past an untold point (the run records values
     * in the points' order): the checkpoints written from now on hold them, so a resume does not ask for them again.
     */
    void keepTold(Map<Long, Double> told) {
        toldNotRecorded = Collections.unmodifiableMap(new LinkedHashMap<>(told));
    }

    Map<Long, Double> toldNotRecorded() {
        return toldNotRecorded;
    }

    /** Where the run's values come from: {@code backend} (an {@link AskTellBackend} for ask/tell). */
    void attach(RunRecorder runRecorder, long steps, Backend backend) {
        this.recorder = runRecorder;
        this.totalSteps = steps;
        if (policy != null && exit == null) { // once: a run may make its recorder more than once
            // Whether the run has or may be making values the file lacks: past its replay a run of its own
            // objective may be anywhere in a step (values made, a batch half done); an ask/tell run, values told.
            exit = ExitCheckpoint.watch(policy.file(), backend instanceof AskTellBackend caller
                    ? () -> values.size() > savedValues || caller.toldAny() : () -> !replaying());
        }
    }

    RunRecorder recorder() {
        return recorder;
    }

    /** After a completed step: writes a checkpoint when one is due (never while replaying: the file has those). */
    void stepped(long steps) {
        if (policy == null || replaying()) {
            return;
        }
        boolean due = policy.everySteps() > 0 ? steps % policy.everySteps() == 0
                : System.nanoTime() - lastWrite >= policy.every().toNanos();
        if (due) {
            try {
                save(policy.file(), Map.of());
                written = steps;
            } catch (RuntimeException e) { // a full disk or a lost directory must not end a run that is fine
                if (!warned) {
                    warned = true;
                    System.err.println("warning: a checkpoint could not be written to " + policy.path() + " ("
                            + e.getMessage() + "); the run goes on and tries again at the next one");
                }
            }
            lastWrite = System.nanoTime();
        }
    }

    /**
     * When the run ends — finished, stopped, interrupted or failed — a checkpoint holds all of it, so that a resume
     * evaluates nothing the run had evaluated.
     */
    void ended() {
        try {
            saveLast();
        } finally {
            if (exit != null) {
                exit.done();
            }
        }
    }

    private void saveLast() {
        if (policy != null && !replaying()) {
            try {
                save(policy.file(), toldNotRecorded);
            } catch (RuntimeException e) { // the run is whole in memory; losing it to a full disk would be worse
                System.err.println("warning: the run's last checkpoint could not be written to " + policy.path()
                        + " (" + e.getMessage() + "); " + (written > 0 && java.nio.file.Files.exists(policy.file())
                        ? "the one written after step " + written + " is whole" : "no checkpoint of this run is there")
                        + ", and the run is returned whole");
            }
        }
    }

    /** Writes the run as it is, with the told values of an unfinished batch, to {@code file} (atomically). */
    void save(Path file, Map<Long, Double> told) {
        if (x0 != null) {
            x0.writeBeside(file);
        }
        RunRecorder r = recorder;
        double[] all = values.toDoubleArray();
        new Checkpoint(Checkpoint.zerothVersion(), plan, totalSteps, r == null ? 0 : r.steps(),
                r == null ? new double[0] : r.seconds(), r == null ? elapsedBefore : r.elapsedNanos(), builder,
                x0 == null ? null : x0.sha256(), all, told).write(file);
        savedValues = all.length;
    }
}
