package org.zeroth.space;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Objective;
import org.zeroth.tensor.Tensors;

/**
 * The user's loss seen as an objective on the unit cube: decodes the point to a valid configuration first, calls
 * the loss once per distinct configuration (a repeated one gets the value of its first call: the cache of optuna
 * #2915's fix) and logs every evaluation in the order the method's oracle made them (sequential runs) or batch by
 * batch, each batch's as they end (parallel runs: {@link TuningRun} puts them in the trace's order). Safe for parallel evaluation: two threads asking for the same new
 * configuration at once make one call, the second waits for it.
 */
final class CubeObjective implements Objective {
    /** One evaluation: the configuration, its loss, and whether the loss was computed for it (not reused). */
    record Entry(Params params, double value, boolean called) {
    }

    private final Space space;
    private final ToDoubleFunction<Params> loss;
    private final double[] start;
    private final ConcurrentHashMap<Params, CompletableFuture<Double>> known = new ConcurrentHashMap<>();
    private final List<Entry> log = new ArrayList<>();

    CubeObjective(Space space, ToDoubleFunction<Params> loss, double[] start) {
        this.space = space;
        this.loss = loss;
        this.start = start;
    }

    @Override
    public double value(INDArray x) {
        Params p = space.decode(Tensors.toArray(x));
        CompletableFuture<Double> mine = new CompletableFuture<>();
        CompletableFuture<Double> first = known.putIfAbsent(p, mine);
        if (first != null) {
            double v = join(first);
            record(new Entry(p, v, false));
            return v;
        }
        double v;
        try {
            v = loss.applyAsDouble(p);
            if (!Double.isFinite(v)) {
                throw notFinite(v, p);
            }
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            known.remove(p, mine);
            throw e;
        }
        mine.complete(v);
        record(new Entry(p, v, true));
        return v;
    }

    static IllegalArgumentException notFinite(double loss, Params p) {
        return new IllegalArgumentException("the loss returned " + loss + " for " + p + ": it must be finite for every"
                + " configuration of the space; return a large finite loss for a failed training, or narrow the space");
    }

    private static double join(CompletableFuture<Double> value) {
        try {
            return value.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private synchronized void record(Entry e) {
        log.add(e);
    }

    /** The evaluations so far, in order (a copy). */
    synchronized List<Entry> log() {
        return new ArrayList<>(log);
    }

    @Override
    public String describe(INDArray x) {
        return "configuration " + space.decode(Tensors.toArray(x));
    }

    @Override
    public int dimension() {
        return space.dimension();
    }

    @Override
    public INDArray start() {
        return Tensors.vector(start);
    }

    @Override
    public String name() {
        return "loss(" + space.names() + ")";
    }
}
