package org.zeroth;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/**
 * A run driven by its caller (ask/tell): {@code builder.start()}, then {@code ask()} for a point, evaluate it
 * anywhere, {@code tell(candidate, value)}. The method runs its own closed-loop code on a daemon thread whose
 * evaluations wait for the values told, so a run driven this way is bit for bit the run {@code steps(n)} makes
 * with an objective giving those values — for every method.
 *
 * <p><b>Batches.</b> The method asks for points one batch at a time: a ZO step's q + 1 queries, a CBO or random
 * search population, one point of a Hipparchus method. {@link #ask(int) ask(n)} hands out up to n points of the
 * current batch (they can be evaluated in parallel); the next batch exists only once every point of this one is
 * told. Within a batch, tell in any order: the run takes the values in the points' order. A candidate is told
 * once; a NaN or infinite value is refused and nothing is recorded (tell a finite one, e.g. a penalty).
 *
 * <p><b>Ending.</b> The run ends as {@code steps(n)} would (budget, target, time limit, convergence, n steps), or
 * with {@link #close()} (stop reason INTERRUPTED). The thread never outlives the run: it ends with it, on close(),
 * on an interrupt while a call here waits, or when this object is garbage collected.
 * {@link #save(Path)} writes a checkpoint that {@link Zo#resume(Path)} continues exactly.
 */
public final class Optimization implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private final AskTellBackend channel;
    private final Cleaner.Cleanable cleanable;

    private Optimization(AskTellBackend channel) {
        this.channel = channel;
        Thread worker = channel.worker;
        this.cleanable = CLEANER.register(this, () -> {
            if (worker.isAlive()) {
                RunRecorder.keepNothingFrom(worker); // unreachable: not zo.lastRun() either
                Interrupts.interrupt(worker);
            }
        });
    }

    /**
     * Runs {@code builder} for at most {@code steps} on a daemon thread; with {@code askTell} its evaluations wait
     * for tell, else it evaluates its own objective (a resumed closed-loop run: {@link #finish()}).
     */
    static Optimization start(RunBuilder<?> builder, long steps, Journal journal, boolean askTell) {
        Journal runJournal = journal != null ? journal : new Journal();
        AskTellBackend channel = new AskTellBackend(askTell, runJournal);
        RunBuilder<?> run = builder.forRun(runJournal, askTell ? channel : builder.backend, null);
        Thread worker = new Thread(() -> channel.work(run, steps), "zeroth-ask-tell " + builder.plannedMethod());
        worker.setDaemon(true);
        channel.worker = worker;
        Optimization optimization = new Optimization(channel);
        worker.start();
        if (askTell) {
            Throwable failedToStart;
            synchronized (channel) {
                channel.settle();
                failedToStart = channel.done && channel.result == null ? channel.error : null;
            }
            if (failedToStart != null) { // e.g. an option that does not fit the start: say so at start()
                optimization.close();
                // thrown here, with the caller's frames: the method thread's would hide the line that called start()
                throw failedToStart instanceof RuntimeException e ? (RuntimeException) e.fillInStackTrace()
                        : new IllegalStateException(failedToStart);
            }
        }
        return optimization;
    }

    /** The next point to evaluate. */
    public Candidate ask() {
        return ask(1).get(0);
    }

    /**
     * Up to n points to evaluate, in parallel if you like: the rest of the current batch (a ZO step's queries, a
     * population), so fewer than n when the batch has fewer left — the points after it depend on their values.
     */
    public List<Candidate> ask(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ask(n) needs n ≥ 1 candidates, got " + n);
        }
        channel.requireAskTell("ask()");
        synchronized (channel) {
            channel.settle();
            if (channel.done) {
                throw new IllegalStateException("the run is done (" + reason() + "): nothing left to ask; check"
                        + " isDone() before ask(), and run() has the result");
            }
            List<Candidate> out = new ArrayList<>();
            while (out.size() < n && channel.next < channel.batch.length) {
                int i = channel.next++;
                if (!channel.told[i]) {
                    out.add(channel.batch[i]);
                }
            }
            if (out.isEmpty()) {
                throw new IllegalStateException((channel.batch.length == 1 ? "the one candidate of the current batch"
                        + " is out and not told yet: the method needs its value" : "all " + channel.batch.length
                        + " candidates of the current batch are out and " + channel.untold() + " of them are not told"
                        + " yet: the method needs their values") + " before it can propose more; tell "
                        + (channel.untold() == 1 ? "it (pending() gives it again)"
                        : "them (pending() gives them again)"));
            }
            return out;
        }
    }

    /**
     * The candidates asked and not told yet, in the batch's order: to tell one whose evaluation was lost (a crash
     * between ask and tell) without asking anew — the method needs their values before it proposes more.
     */
    public List<Candidate> pending() {
        channel.requireAskTell("pending()");
        synchronized (channel) {
            channel.settle();
            List<Candidate> out = new ArrayList<>();
            for (int i = 0; !channel.done && i < channel.next; i++) { // done: no batch is out
                if (!channel.told[i]) {
                    out.add(channel.batch[i]);
                }
            }
            return out;
        }
    }

    /**
     * The value of {@code candidate}'s point, in the objective's own sense (larger is better for maximize). Any
     * order within a batch; once per candidate; finite values only. The method goes on once the batch is told.
     */
    public void tell(Candidate candidate, double value) {
        if (candidate == null) {
            throw new IllegalArgumentException("tell(candidate, value): candidate is null; tell one that ask() gave");
        }
        channel.requireAskTell("tell()");
        synchronized (channel) {
            if (candidate.owner != channel) {
                throw new IllegalArgumentException("tell(" + candidate + "): this candidate was asked from another"
                        + " optimization; tell it to the one that gave it");
            }
            channel.settle();
            if (channel.done) {
                throw new IllegalStateException("tell(" + candidate + ", " + value + "): the run is done (" + reason()
                        + "); nothing more can be told, and run() has the result");
            }
            int i = channel.indexOf(candidate);
            if (i < 0 || channel.told[i]) {
                throw new IllegalArgumentException("tell(" + candidate + ", " + value + "): candidate "
                        + candidate.id() + " was already told" + (i >= 0 ? " (" + channel.values[i] + ")" : "")
                        + "; each candidate is told once");
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("tell(" + candidate + ", " + value + "): the value must be finite;"
                        + " nothing was recorded, so tell this candidate a finite value (e.g. a large penalty"
                        + " where the point is infeasible)");
            }
            channel.values[i] = value;
            channel.told[i] = true;
            if (++channel.toldCount == channel.batch.length) {
                channel.computing = true;
                channel.notifyAll();
            }
        }
    }

    /** Whether the run has ended (waits while the method computes its next points). */
    public boolean isDone() {
        synchronized (channel) {
            if (channel.askTell) {
                channel.settle();
            }
            return channel.done;
        }
    }

    /** The run so far (stop reason RUNNING while it goes on), or the finished run. */
    public Run run() {
        synchronized (channel) {
            channel.settle();
            if (channel.done) {
                return channel.result;
            }
            return channel.journal.recorder().snapshot(channel.lastPoint);
        }
    }

    /** Why the run ended, or RUNNING while it goes on (FAILED when it failed: run().failure() says why). */
    public StopReason stopReason() {
        synchronized (channel) {
            channel.settle();
            return channel.done ? channel.result.stopReason() : StopReason.RUNNING;
        }
    }

    /**
     * Writes a checkpoint of the run as it is now — told values of the current batch included — atomically to
     * {@code file} (an in-place run also writes θ0 once beside it, as {@code file.x0}). {@link Zo#resume(Path)}
     * continues it bit for bit, in this JVM or another. An interrupt pending when it is called does not stop it
     * (saving is what an interrupted caller does last); it stays pending.
     */
    public void save(Path file) {
        AtomicFile.requireWritable(file);
        Interrupts.holdingBack(() -> {
            synchronized (channel) {
                channel.settle(); // the method may still be taking the last batch told
                Map<Long, Double> told = new LinkedHashMap<>(channel.journal.toldNotRecorded());
                if (!channel.done && channel.batch != null) {
                    for (int i = 0; i < channel.batch.length; i++) {
                        if (channel.told[i]) {
                            told.put(channel.batch[i].id(), channel.values[i]);
                        }
                    }
                }
                channel.journal.save(file, told);
            }
        });
    }

    /**
     * Waits for the end of a run that evaluates its own objective (resumed with one, {@link Zo#resume(Path,
     * Objective)}) and returns it; throws its RunFailedException if it failed. For an ask/tell run: its result
     * once done.
     */
    public Run finish() {
        if (channel.askTell && !isDone()) {
            throw new IllegalStateException("this ask/tell run is not done: tell the candidates ask() gives until"
                    + " isDone(), or close() it; to let Zeroth evaluate, resume it with Zo.resume(file, objective)");
        }
        try {
            channel.worker.join();
        } catch (InterruptedException e) {
            Interrupts.interrupt(channel.worker);
            joinUninterruptibly();
            Thread.currentThread().interrupt();
        } finally {
            // Zo.resume(file, f).finish(): nothing else holds this object while it waits, and its Cleaner would
            // stop the run it waits for
            Reference.reachabilityFence(this);
        }
        synchronized (channel) {
            if (channel.error != null) {
                throw channel.error instanceof RuntimeException e ? e : new IllegalStateException(channel.error);
            }
            return channel.result;
        }
    }

    /** Ends the run now if it goes on (stop reason INTERRUPTED) and its thread with it; run() keeps what it has. */
    @Override
    public void close() {
        if (channel.worker.isAlive()) {
            Interrupts.interrupt(channel.worker);
            joinUninterruptibly();
        }
        cleanable.clean();
    }

    private void joinUninterruptibly() {
        boolean interrupted = false;
        while (channel.worker.isAlive()) {
            try {
                channel.worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private String reason() {
        return channel.result == null ? "failed: " + channel.error : channel.result.stopReason().description();
    }

    /** The worker thread, for tests that check it ends. */
    Thread worker() {
        return channel.worker;
    }

    @Override
    public String toString() {
        synchronized (channel) {
            return "optimization (ask/tell), " + (channel.done ? "done: " + reason()
                    : channel.computing ? "computing" : channel.progress());
        }
    }

    /**
     * The run in {@code file}, replayed from its values (no objective call) and continued: under ask/tell when
     * {@code f} is null or external, else evaluating f. {@code given}: the builder to use instead of the file's
     * (it must plan the same run), for runs whose options hold code.
     */
    static Optimization resume(Path file, Objective f, RunBuilder<?> given) {
        Checkpoint c = Checkpoint.read(file);
        AtomicFile.deleteLeftovers(file);
        RunBuilder<?> builder = given != null ? given : BuilderCodec.read(c.builder(), file, f);
        if (given == null && builder.observersNotSaved != null && !builder.observersNotSaved.isEmpty()) {
            System.err.println("warning: the run in " + file + " had observers a checkpoint cannot hold ("
                    + String.join(", ", builder.observersNotSaved) + "); it goes on without them. To attach them"
                    + " again, resume with the builder that observed them: Zo.resume(file, builder)");
        }
        if (given == null && builder.backendNotSaved != null) {
            System.err.println("warning: the run in " + file + " evaluated on " + builder.backendNotSaved + ", which a"
                    + " checkpoint cannot hold; it goes on in this JVM. To keep it there, resume with the builder"
                    + " on it: Zo.resume(file, builder.on(backend))");
        }
        Journal.Policy saved = builder.checkpoints;
        if (given != null) {
            RunBuilder<?> original = BuilderCodec.readSettings(c.builder(), file, given.objective());
            samePlan(file, c, original, given);
            if (c.x0() == null) { // an in-place run's θ0 is the file beside, whatever the builder holds
                sameStart(file, original, given);
            }
            saved = original.checkpoints;
        }
        if (saved != null && (given == null || given.checkpoints == null)) {
            // the file resumed from goes on: not the path the run began with, which may be another run's now
            builder = builder.withCheckpoints(saved.to(file));
        }
        Checkpoint.Start x0 = null;
        if (c.x0() != null) {
            x0 = Checkpoint.Start.readBeside(file, c.x0());
            INDArray theta0 = x0.load();
            INDArray own = given == null ? null : given.start; // inPlace() trains the array given to from(θ)
            if (own != null && Arrays.equals(own.shape(), theta0.shape()) && own.dataType() == theta0.dataType()
                    && Tensors.isContiguous(own)) {
                own.assign(theta0);
            } else {
                builder = builder.withStart(theta0);
            }
        }
        boolean askTell = builder.objective() instanceof Objective.External;
        Journal journal = new Journal(c, x0);
        return start(builder, c.totalSteps(), journal, askTell);
    }

    /** A builder that plans another run (a setting, the budget) would go on otherwise than the run began. */
    private static void samePlan(Path file, Checkpoint c, RunBuilder<?> original, RunBuilder<?> given) {
        Config planned = given.forCheckpoint(false).plan();
        if (planned.toString().equals(c.plan())) {
            return;
        }
        boolean onlyBudget = given.withBudgetOf(original).forCheckpoint(false).plan().toString().equals(c.plan());
        throw new IllegalArgumentException("resume(" + file + ", builder): the builder plans another run than the"
                + " checkpoint's.\n  checkpoint: " + c.plan() + "\n  builder:    " + planned + "\n"
                + (onlyBudget ? "only the budget differs, but a checkpoint continues the run it planned, to the end"
                + " it planned: resume with the builder the run was started with, and to go further start a new run"
                + " where it ended, from(resumed.finish().finalPoint())" : "give the builder the run was started with"));
    }

    /** A builder from another start would mix two runs: the file's values replayed as if taken on its path. */
    private static void sameStart(Path file, RunBuilder<?> original, RunBuilder<?> given) {
        INDArray was = original.chosenStart();
        INDArray is = given.chosenStart();
        if (!Arrays.equals(was == null ? null : Tensors.toArray(was), is == null ? null : Tensors.toArray(is))) {
            throw new IllegalArgumentException("resume(" + file + ", builder): the builder starts at "
                    + describe(is) + ", but the run in the file started at " + describe(was)
                    + "; give the builder the run was started with" + (was == null ? "" : " (from(x0) with that point)"));
        }
    }

    private static String describe(INDArray x) {
        return x == null ? "no point of its own (the method's default)" : Tensors.describe(x);
    }
}
