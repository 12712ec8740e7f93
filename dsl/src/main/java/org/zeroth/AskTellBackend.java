package org.zeroth;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The backend of an ask/tell run ({@link Optimization}): it publishes each batch as candidates and waits until all
 * are told. Its monitor guards the batch; the method's thread never holds it while computing. A resumed run that
 * evaluates its own objective keeps its end here too ({@code askTell} false).
 */
final class AskTellBackend implements Backend {
    final boolean askTell;
    final Journal journal;
    Thread worker;
    Candidate[] batch;
    double[] values;
    boolean[] told;
    int next;
    int toldCount;
    INDArray lastPoint;
    /** The method is between batches: callers wait until it publishes one or ends. */
    boolean computing = true;
    boolean done;
    Run result;
    Throwable error;

    AskTellBackend(boolean askTell, Journal journal) {
        this.askTell = askTell;
        this.journal = journal;
    }

    void work(RunBuilder<?> run, long steps) {
        Run r = null;
        Throwable e = null;
        try {
            r = run.runSteps(steps);
        } catch (RunFailedException failed) {
            r = failed.run();
            e = failed;
        } catch (RuntimeException | Error t) {
            e = t;
        }
        synchronized (this) {
            result = r;
            error = e;
            done = true;
            computing = false;
            batch = null;
            notifyAll();
        }
    }

    @Override
    public synchronized double[] evaluate(Objective objective, List<INDArray> points) throws InterruptedException {
        long first = journal.size() + 1;
        int n = points.size();
        batch = new Candidate[n];
        values = new double[n];
        told = new boolean[n];
        next = 0;
        toldCount = 0;
        for (int i = 0; i < n; i++) {
            batch[i] = new Candidate(first + i, points.get(i).dup(), this);
            Double saved = journal.pending().get(first + i);
            if (saved != null) {
                values[i] = saved;
                told[i] = true;
                toldCount++;
            }
        }
        lastPoint = batch[n - 1].point();
        try {
            computing = toldCount == n;
            notifyAll();
            while (toldCount < n) {
                wait();
            }
            return values.clone();
        } catch (InterruptedException e) { // close(): the values told so far are part of the run
            int made = 0;
            while (made < n && told[made]) {
                made++;
            }
            Map<Long, Double> later = new LinkedHashMap<>(); // past an untold one: kept for the checkpoint
            Map<Integer, Double> counted = new HashMap<>(); // and counted in the run
            for (int i = made; i < n; i++) {
                if (told[i]) {
                    later.put(batch[i].id(), values[i]);
                    counted.put(i, values[i]);
                }
            }
            journal.keepTold(later);
            throw new Backend.Interrupted(Arrays.copyOf(values, made), counted);
        } finally {
            batch = null;
            computing = true;
        }
    }

    /** Waits (holding the monitor) until the method has published a batch or ended. */
    void settle() {
        while (computing) {
            try {
                wait();
            } catch (InterruptedException e) {
                Interrupts.interrupt(worker);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the method computed its next points: the run"
                        + " is stopped (stop reason INTERRUPTED) and run() has it");
            }
        }
    }

    /** Whether some candidate of the current batch was told (its value is not in the journal yet). */
    synchronized boolean toldAny() {
        return batch != null && toldCount > 0;
    }

    void requireAskTell(String call) {
        if (!askTell) {
            throw new IllegalStateException(call + ": this run evaluates its own objective (it was resumed with"
                    + " one); call finish() for its result, or resume with Zo.resume(file) to ask and tell");
        }
    }

    int indexOf(Candidate c) {
        if (batch == null || c.id() < batch[0].id() || c.id() >= batch[0].id() + batch.length) {
            return -1;
        }
        return (int) (c.id() - batch[0].id());
    }

    int untold() {
        return batch.length - toldCount;
    }

    /** Values told so far, the current batch's included (the journal takes a batch once it is complete). */
    String progress() {
        int out = 0;
        for (int i = 0; i < next; i++) {
            out += told[i] ? 0 : 1;
        }
        return (journal.size() + toldCount) + " values told" + (out > 0 ? ", " + out + " out" : "");
    }

    @Override
    public String toString() {
        return "ask/tell";
    }
}
