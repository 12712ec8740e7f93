package org.zeroth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.ndarray.INDArray;

/** k daemon threads of this JVM; joined in index order, so a failure names the first failing point. */
final class ThreadBackend implements Backend {
    private final int threads;
    private ExecutorService pool;

    ThreadBackend(int threads) {
        this.threads = threads;
    }

    @Override
    public double[] evaluate(Objective objective, List<INDArray> points) throws InterruptedException {
        List<Future<Double>> futures = new ArrayList<>(points.size());
        for (INDArray p : points) {
            futures.add(pool().submit(() -> objective.value(p)));
        }
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = futures.get(i).get();
            } catch (ExecutionException e) {
                throw new PointFailed(i, Arrays.copyOf(out, i), e.getCause());
            } catch (InterruptedException e) {
                Map<Integer, Double> later = new HashMap<>(); // made past point i, which was not
                for (int j = i + 1; j < out.length; j++) {
                    Future<Double> f = futures.get(j);
                    if (f.isDone() && !f.isCancelled()) {
                        try {
                            later.put(j, f.get());
                        } catch (ExecutionException failed) {
                            // it made no value
                        }
                    }
                }
                futures.forEach(f -> f.cancel(true));
                throw new Interrupted(Arrays.copyOf(out, i), later);
            }
        }
        return out;
    }

    @Override
    public synchronized void release() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "zeroth-evaluation");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    @Override
    public String toString() {
        return threads + " threads";
    }
}
