package org.zeroth.space;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.zeroth.Candidate;
import org.zeroth.Optimization;
import org.zeroth.StopReason;
import org.zeroth.Zo;

/**
 * A tuning driven from outside ({@link Tuning#start()}): {@link #ask()} gives a configuration to train, wherever it
 * trains, and {@link #tell(Trial, double)} its loss. The method behind it is the one {@code steps(n)} runs, through
 * {@link Optimization}: told the same losses, it makes the same run. A configuration met again is told its first
 * loss here and never asked for (optuna #2915); one proposed twice in the same batch is asked for once and both are
 * told when you tell it. {@link #save(Path)} checkpoints it, {@link #resume(Path, Space)} continues it.
 */
public final class TuningOptimization implements AutoCloseable {
    private final Space space;
    private final Optimization optimization;
    /** First losses of the configurations told so far. */
    private final Map<Params, Double> known = new HashMap<>();
    /** Candidates waiting for the loss of a configuration asked for and not told yet. */
    private final Map<Params, List<Candidate>> waiting = new HashMap<>();
    /** Every evaluation, by its number in the run (the order of the trace, whatever the order of the tells). */
    private final TreeMap<Long, CubeObjective.Entry> log = new TreeMap<>();
    /** New configurations the method proposed, not handed out yet. */
    private final ArrayDeque<Trial> ready = new ArrayDeque<>();
    /** Trials handed out and not told yet. */
    private int outstanding;

    TuningOptimization(Space space, Optimization optimization) {
        this.space = space;
        this.optimization = optimization;
    }

    /**
     * The tuning saved in {@code file} ({@link #save(Path)}), continued over {@code space} (the one it was started
     * with) in this JVM or another: the method and its settings come from the file, its losses are replayed and
     * nothing is trained again; trials that were out when it was saved are asked for again.
     */
    public static TuningOptimization resume(Path file, Space space) {
        if (file == null || space == null) {
            throw new IllegalArgumentException("resume(file, space): give the checkpoint TuningOptimization.save"
                    + " wrote and the space the tuning ran over" + (file == null ? " (file is null)" : " (space is null)"));
        }
        TreeMap<Long, CubeObjective.Entry> told = TrialsFile.read(TrialsFile.beside(file), space);
        TuningOptimization tuning = new TuningOptimization(space, Zo.resume(file));
        tuning.log.putAll(told);
        for (CubeObjective.Entry e : told.values()) {
            tuning.known.putIfAbsent(e.params(), e.value());
        }
        return tuning;
    }

    /** A configuration to train and tell: its evaluation number in the run and its values by name. */
    public static final class Trial {
        private final Candidate candidate;
        private final Params params;
        private final TuningOptimization owner;
        private boolean told;

        private Trial(Candidate candidate, Params params, TuningOptimization owner) {
            this.candidate = candidate;
            this.params = params;
            this.owner = owner;
        }

        public long id() {
            return candidate.id();
        }

        public Params params() {
            return params;
        }

        @Override
        public String toString() {
            return "trial " + id() + ": " + params;
        }
    }

    /** The next configuration to train. */
    public synchronized Trial ask() {
        return ask(1).get(0);
    }

    /**
     * Up to n configurations to train at once: the rest of the method's current batch (BO's batch, CBO's particles,
     * ZO's probes), so fewer when it has fewer new ones left.
     */
    public synchronized List<Trial> ask(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ask(n) needs n ≥ 1 configurations, got " + n);
        }
        refillWhenIdle();
        if (ready.isEmpty()) {
            if (optimization.isDone()) {
                throw new IllegalStateException("the tuning is done (" + optimization.stopReason().description()
                        + "): nothing left to ask; check isDone() before ask(), and run() has the result");
            }
            take(optimization.ask(n)); // the rest of a batch whose other trials are out
            if (ready.isEmpty()) {
                throw new IllegalStateException("the method needs the losses of the " + outstanding + " trials out"
                        + " before it proposes more configurations; tell them");
            }
        }
        List<Trial> out = new ArrayList<>();
        while (out.size() < n && !ready.isEmpty()) {
            out.add(ready.poll());
        }
        outstanding += out.size();
        return out;
    }

    /** The loss of {@code trial}'s configuration (finite; a failed training: a large loss). Once per trial. */
    public synchronized void tell(Trial trial, double loss) {
        if (trial == null || trial.owner != this) {
            throw new IllegalArgumentException("tell(" + trial + ", " + loss + "): tell a trial that ask() of this"
                    + " tuning gave");
        }
        if (!Double.isFinite(loss)) {
            throw new IllegalArgumentException("tell(" + trial + ", " + loss + "): the loss must be finite; nothing"
                    + " was recorded: tell a large finite loss for a failed training");
        }
        if (trial.told) {
            throw new IllegalArgumentException("tell(" + trial + ", " + loss + "): this trial was already told (loss "
                    + known.get(trial.params) + "); tell each trial once");
        }
        tellEvaluation(trial.candidate, trial.params, loss, true);
        trial.told = true;
        outstanding--;
        known.put(trial.params, loss);
        for (Candidate again : waiting.remove(trial.params)) {
            tellEvaluation(again, trial.params, loss, false);
        }
    }

    /**
     * Writes a checkpoint of the tuning as it is now to {@code file} — the method's run ({@link Optimization#save})
     * and beside it, as {@code file.trials}, each evaluation's configuration, loss and whether it was trained — so
     * that {@link #resume(Path, Space)} continues it after a crash or in another process. Trials out and not told
     * yet are not in it: the resumed tuning asks for them again.
     */
    public synchronized void save(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("save(file): file is null; give e.g. Path.of(\"tuning.ckpt\")");
        }
        // The trials first: a checkpoint is never ahead of them (after a crash in between, take() finds the
        // evaluations the trials file has and the checkpoint lacks, and tells their recorded losses again).
        TrialsFile.write(TrialsFile.beside(file), space, log);
        optimization.save(file);
    }

    /**
     * With no trial out, asks the method for its next candidates and answers those met before, until one is new or
     * the run ends: so isDone() is true once nothing is left to train.
     */
    private void refillWhenIdle() {
        while (ready.isEmpty() && outstanding == 0 && !optimization.isDone()) {
            take(optimization.ask(Integer.MAX_VALUE));
        }
    }

    /** Answers known configurations, joins repeats of one in training, and makes the rest trials. */
    private void take(List<Candidate> candidates) {
        for (Candidate c : candidates) {
            Params p = space.decode(c.toArray());
            CubeObjective.Entry saved = log.get(c.id());
            if (saved != null) { // told before a save whose checkpoint did not get written
                optimization.tell(c, saved.value());
            } else if (known.containsKey(p)) {
                tellEvaluation(c, p, known.get(p), false);
            } else if (waiting.containsKey(p)) {
                waiting.get(p).add(c);
            } else {
                waiting.put(p, new ArrayList<>());
                ready.add(new Trial(c, p, this));
            }
        }
    }

    private void tellEvaluation(Candidate c, Params p, double loss, boolean trained) {
        optimization.tell(c, loss);
        log.put(c.id(), new CubeObjective.Entry(p, loss, trained));
    }

    /** Whether the tuning has ended: nothing is left to train (budget, target, time limit or the method's end). */
    public synchronized boolean isDone() {
        refillWhenIdle();
        return ready.isEmpty() && optimization.isDone();
    }

    public synchronized StopReason stopReason() {
        return optimization.stopReason();
    }

    /** The tuning so far (stop reason RUNNING while it goes on), in the space's terms. */
    public synchronized TuningRun run() {
        return TuningRun.of(optimization.run(), space, new ArrayList<>(log.values()));
    }

    /** Ends the tuning now if it goes on; {@link #run()} keeps what it has. */
    @Override
    public synchronized void close() {
        optimization.close();
    }

    @Override
    public synchronized String toString() {
        long trained = log.values().stream().filter(CubeObjective.Entry::called).count();
        return "tuning (ask/tell) over " + space + ", " + (optimization.isDone()
                ? "done: " + optimization.stopReason().description() + ", " + trained + " configurations trained"
                : trained + " configurations trained" + (outstanding > 0 ? ", " + outstanding + " out" : ""));
    }
}
