package org.zeroth.problems;

import java.nio.DoubleBuffer;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Bounds;
import org.zeroth.Objective;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * A benchmark function with what tests and notebooks check against: its gradient, optimum, optimal value,
 * usual start and domain. Evaluation reads the vector in place (no copy).
 */
public final class Problem implements Objective {

    /** f and ∇f over a host view of x of dimension d. */
    interface Formula extends java.io.Serializable {
        double value(DoubleBuffer x, int d);

        void gradient(DoubleBuffer x, int d, double[] out);
    }

    private final String name;
    private final int dimension;
    private final Formula formula;
    private final double[] optimum;
    private final double optimalValue;
    private final double[] start;
    private final Bounds domain;
    private final double noise;
    private final RandomStream noiseStream;
    /** How often each point (by its hash) was evaluated: the noise of a point's n-th evaluation is draw n. */
    private final ConcurrentHashMap<Long, Long> seen = new ConcurrentHashMap<>();

    Problem(String name, int dimension, Formula formula, double[] optimum, double optimalValue, double[] start,
            Bounds domain, double noise, RandomStream noiseStream) {
        this.name = name;
        this.dimension = dimension;
        this.formula = formula;
        this.optimum = optimum;
        this.optimalValue = optimalValue;
        this.start = start;
        this.domain = domain;
        this.noise = noise;
        this.noiseStream = noiseStream;
    }

    @Override
    public double value(INDArray x) {
        requireDimension(x);
        DoubleBuffer values = Tensors.readAsDoubles(x);
        double v = formula.value(values, dimension);
        if (noise == 0) {
            return v;
        }
        long key = hash(values);
        long n = seen.merge(key, 1L, Long::sum) - 1;
        return v + noise * noiseStream.fork(key).gaussian(n);
    }

    /** A 64-bit hash of x's exact values (SplitMix64 finalizer over the bits). */
    private long hash(DoubleBuffer x) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < dimension; i++) {
            h = mix(h ^ Double.doubleToLongBits(x.get(i) + 0.0)); // +0.0: −0 and 0 are the same point
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The exact gradient ∇f(x) (of the noiseless function). */
    public INDArray gradient(INDArray x) {
        requireDimension(x);
        double[] g = new double[dimension];
        formula.gradient(Tensors.readAsDoubles(x), dimension, g);
        return Tensors.vector(g);
    }

    /** A global minimizer, or null when f has none (e.g. a linear function). */
    public INDArray optimum() {
        return optimum == null ? null : Tensors.vector(optimum);
    }

    public double optimalValue() {
        return optimalValue;
    }

    @Override
    public INDArray start() {
        return Tensors.vector(start);
    }

    /** The box the function is usually studied on. */
    @Override
    public Bounds domain() {
        return domain;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The same function observed with additive N(0, σ²) noise, drawn from a counter-based stream seeded by
     * {@code seed}: the n-th evaluation of a point x gets draw n of the stream forked at x's hash. So the noise does
     * not depend on the order of evaluations, and a run with {@code parallelism(k)} is the same as with one thread;
     * evaluating a point again gives fresh noise. Each run starts the count afresh ({@link #forRun()}), so two runs
     * with the same seed on this problem are the same run, whatever ran before them; direct calls of
     * {@code value(x)} share one count (one map entry per point).
     */
    public Problem noisy(double sigma, long seed) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noisy(sigma, seed) needs sigma ≥ 0, got " + sigma);
        }
        return new Problem(name + "+N(0," + sigma + "²)", dimension, formula, optimum, optimalValue, start, domain,
                sigma, RandomStream.of(seed).fork(0x6E6F697365L));
    }

    /** Each run draws this problem's noise afresh: a copy that has seen no point yet. */
    @Override
    public Problem forRun() {
        return noise == 0 ? this
                : new Problem(name, dimension, formula, optimum, optimalValue, start, domain, noise, noiseStream);
    }

    /** The noise's standard deviation (0 for exact values). */
    public double noise() {
        return noise;
    }

    @Override
    public String toString() {
        return name;
    }

    private void requireDimension(INDArray x) {
        if (x.length() != dimension) {
            throw new IllegalArgumentException(name + " is defined in dimension " + dimension + " but x has "
                    + x.length() + " entries; pass a vector of dimension " + dimension);
        }
    }
}
