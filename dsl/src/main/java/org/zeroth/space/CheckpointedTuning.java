package org.zeroth.space;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import org.zeroth.Interrupts;
import org.zeroth.RunFailedException;

/**
 * A closed-loop tuning that outlives its process: the loss drives the tuning's ask/tell — the run {@code steps(n)}
 * makes, as {@link TuningOptimization} promises — and the tuning is saved every n trainings, when it ends, and when
 * it fails or is interrupted, so that {@link Tuning#resume(Path)} continues it without training anything again.
 */
final class CheckpointedTuning {
    private final ToDoubleFunction<Params> loss;
    private final int parallelism;
    private final long every;
    private final Path file;

    CheckpointedTuning(ToDoubleFunction<Params> loss, int parallelism, long every, Path file) {
        this.loss = loss;
        this.parallelism = parallelism;
        this.every = every;
        this.file = file;
    }

    /** Trains what the tuning asks for until it is done; its run, or a RunFailedException with the run so far. */
    TuningRun drive(TuningOptimization tuning) {
        ExecutorService trainers = parallelism > 1 ? Executors.newFixedThreadPool(parallelism) : null;
        long sinceSave = 0;
        try (tuning) {
            while (goesOn(tuning)) {
                List<TuningOptimization.Trial> trials = tuning.ask(parallelism);
                List<Outcome> outcomes = train(trials, trainers);
                Outcome failed = null;
                for (int i = 0; i < trials.size(); i++) { // every loss computed is told, failure or not
                    Outcome o = outcomes.get(i);
                    if (o.trained()) {
                        tuning.tell(trials.get(i), o.loss());
                        sinceSave++;
                    } else if (o.failure() != null && failed == null) {
                        failed = o;
                    }
                }
                if (failed != null) {
                    tuning.save(file);
                    tuning.close();
                    throw new RunFailedException("the objective threw " + failed.failure() + " at evaluation "
                            + failed.trial().id() + " (configuration " + failed.trial().params() + "); the tuning so"
                            + " far is saved in " + file + ": fix the loss, and resume(file) goes on without training"
                            + " again what was told", failed.failure(), tuning.run());
                }
                if (outcomes.stream().anyMatch(o -> !o.trained())) {
                    break; // interrupted: what was told is saved below
                }
                if (sinceSave >= every) {
                    tuning.save(file);
                    sinceSave = 0;
                }
            }
            tuning.save(file);
            tuning.close(); // an interrupted tuning ends here: INTERRUPTED
            return tuning.run();
        } finally {
            if (trainers != null) {
                trainers.shutdownNow();
            }
        }
    }

    /** Whether to ask for more trials: not once interrupted, even when the interrupt comes while the method computes. */
    private static boolean goesOn(TuningOptimization tuning) {
        try {
            return !Interrupts.requested() && !tuning.isDone();
        } catch (IllegalStateException stopped) {
            if (Interrupts.requested()) { // isDone's wait for the method's next trials stopped the run: save it
                return false;
            }
            throw stopped;
        }
    }

    /** A trial's training: its loss, or its failure, or neither (interrupted, or not started after a failure). */
    private record Outcome(TuningOptimization.Trial trial, double loss, Throwable failure) {
        boolean trained() {
            return failure == null && !Double.isNaN(loss);
        }
    }

    /** Each trial's outcome, in order: all at once on the trainers, else one after another until one fails. */
    private List<Outcome> train(List<TuningOptimization.Trial> trials, ExecutorService trainers) {
        List<Future<Double>> running = new ArrayList<>();
        if (trainers != null) {
            for (TuningOptimization.Trial t : trials) {
                running.add(trainers.submit(() -> loss.applyAsDouble(t.params())));
            }
        }
        List<Outcome> out = new ArrayList<>();
        boolean stopped = false;
        for (int i = 0; i < trials.size(); i++) {
            TuningOptimization.Trial t = trials.get(i);
            if (stopped && trainers == null) {
                out.add(new Outcome(t, Double.NaN, null));
                continue;
            }
            Outcome o;
            try {
                double v = trainers == null ? loss.applyAsDouble(t.params()) : running.get(i).get();
                o = new Outcome(t, v, Double.isFinite(v) ? null : CubeObjective.notFinite(v, t.params()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                o = new Outcome(t, Double.NaN, null);
            } catch (RuntimeException | Error | ExecutionException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                o = new Outcome(t, Double.NaN, Interrupts.caused(cause) ? null : cause);
            }
            stopped |= !o.trained();
            out.add(o);
        }
        return out;
    }
}
