package org.zeroth.optimize;

import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Oracle;
import org.zeroth.Replicas;
import org.zeroth.Run;
import org.zeroth.RunContext;
import org.zeroth.RunRecorder;
import org.zeroth.StopReason;
import org.zeroth.estimate.DirectionFamily;
import org.zeroth.estimate.Directions;
import org.zeroth.estimate.FiniteSumEstimation;
import org.zeroth.estimate.MaskedDirections;
import org.zeroth.estimate.RandomDirectionEstimator;
import org.zeroth.estimate.Scheme;
import org.zeroth.estimate.SparseDirections;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * MeZO (Malladi et al., NeurIPS 2023): θ += εz, ℓ₊; θ −= 2εz, ℓ₋; θ += εz; g = (ℓ₊ − ℓ₋)/2ε;
 * θ −= lr·(g·z + wd·θ) with z regenerated from the step's seed. Works on the caller's array itself and records
 * one (seed, projected gradient) pair per query, from which {@link Run#replay} rebuilds the parameters exactly.
 * With sharded data on a cluster ({@code zo.minimizeSharded}), replicas of θ next to the shards evaluate a step
 * from its seeds and this θ follows them through the same operations (the step's arithmetic: {@link MezoStep}).
 */
final class InPlaceDescent {
    private final Minimizer settings;
    private final long steps;
    private final RandomDirectionEstimator estimator;
    private final MezoStep mezo;
    private final int queries;
    private final boolean central;
    private final double weightDecay;

    InPlaceDescent(Minimizer settings, long steps) {
        this.settings = settings;
        this.steps = steps;
        requireSupported(settings);
        RandomDirectionEstimator estimator = (RandomDirectionEstimator) settings.estimator();
        this.estimator = estimator;
        this.queries = estimator.queries();
        this.central = estimator.scheme() == Scheme.CENTRAL;
        this.weightDecay = settings.weightDecay;
        DirectionFamily family = estimator.directions();
        this.mezo = new MezoStep(estimator.h(), queries, central, family instanceof MaskedDirections masked
                ? masked.base() : family instanceof Directions d ? d : Directions.GAUSSIAN, // sparse: Gaussian
                family instanceof SparseDirections sparse ? sparse.density() : 1,
                family instanceof MaskedDirections masked ? masked.coordinates() : null);
    }

    private static void requireSupported(Minimizer m) {
        String change = null;
        if (!m.isMezoEstimator()) {
            change = "use withGaussianDirections(eps), withRademacherDirections(eps) or withSphereDirections(eps)"
                    + " (optionally with withMask(mask)), or withSparseDirections(eps, density), with central() (MeZO)"
                    + " or forward(): MeZO regenerates these directions from their seeds";
        } else if (!(m.rule instanceof Sgd)) {
            int vectors = m.rule.stateVectors();
            change = "use sgd(lr): MeZO's update keeps no state beyond the parameters, and "
                    + m.rule.describe().get("rule") + (vectors == 0 ? " is not fused into its loop"
                    : " keeps " + vectors + " vector" + (vectors == 1 ? "" : "s") + " of d doubles (" + 8 * vectors
                    + "·d bytes, more than θ itself)");
        } else if (m.parallelism != 1) {
            change = "drop parallelism(k): in-place perturbation evaluates one parameter array at a time";
        } else if (m.epochLength > 0) {
            change = "drop svrg(m): its snapshot and full estimate are d-sized vectors beyond θ";
        } else if (m.hasBounds()) {
            change = "drop within(lo, hi): projecting the perturbed parameters would break the exact restore";
        }
        if (change != null) {
            throw new IllegalArgumentException("inPlace() (MeZO) cannot run this configuration: " + change);
        }
    }

    Run run() {
        RunContext context = settings.runContext("mezo");
        INDArray theta = context.given() != null && Tensors.isContiguous(context.given()) ? context.given() : null;
        if (theta == null) {
            INDArray given = context.given();
            throw new IllegalArgumentException("inPlace() perturbs the parameter array given to from(x0) itself:"
                    + " pass a float or double INDArray whose elements in 'c' order are its whole buffer (e.g."
                    + " Nd4j.createFromArray(values), model.params() or a reshape of it)" + (given == null ? ""
                    : given.dataType() != DataType.FLOAT && given.dataType() != DataType.DOUBLE
                    ? "; this one holds " + given.dataType()
                    : given.offset() != 0 || given.length() < given.data().length() ? "; this one is a part of"
                    + " another array (take the whole array and withMask(mask) for its part, or train x.dup('c') and"
                    + " assign it back)"
                    : given.ordering() != 'c' ? "; this one is in 'f' order: train x.dup('c') and assign it back"
                    : "; this one is a permutation of another array: train x.dup('c') and assign it back"));
        }
        long start = Tensors.checksum(theta);
        boolean resolvedAtStart = !warnBelowResolution(theta);
        if (estimator.directions() instanceof MaskedDirections masked) {
            masked.requireDimension((int) theta.length());
        }
        Oracle oracle = context.oracle().keepBestPoint(false).build();
        int batchSize = settings.samplesComponents() ? settings.miniBatchSize() : 0;
        int components = batchSize > 0 ? settings.finiteSum().n() : 0;
        long cost = mezo.evaluations() * (batchSize > 0 ? batchSize : oracle.evaluationsPerPoint());
        RunRecorder recorder = new RunRecorder(settings.config(context.config(), estimator).with("step",
                "1 iteration: " + mezo.evaluations() + " evaluations of the perturbed parameters" + (batchSize > 0
                        ? " on a mini-batch of " + batchSize + " components (" + cost + " component queries)" : "")
                        + ", then the update"), oracle, steps, context.observers());
        RandomStream stream = RandomStream.of(context.seed());
        double baseRate = settings.rule.learningRate();
        Log log = new Log();
        Replicas replicas = settings.replicas(theta, mezo);
        Replicas.Update[] previous = {null};
        boolean[] asked = {false};
        try (replicas) {
            return new DescentLoop(oracle, recorder, theta, context.target() != null).run(steps, cost, t -> {
                // A mini-batch step draws its batch and directions as ZO-SGD's miniBatch(b) does: same seed, same run.
                RandomStream step = stream.fork(t);
                int[] batch = batchSize > 0 ? FiniteSumEstimation.batch(step, components, batchSize) : null;
                RandomStream directions = batch == null ? step : FiniteSumEstimation.directions(step);
                RandomStream[] z = new RandomStream[queries];
                long[] keys = new long[queries];
                for (int i = 0; i < queries; i++) {
                    z[i] = directions.fork(i);
                    keys[i] = z[i].key();
                }
                double lr = baseRate * settings.schedule.checkedFactor(t);
                double[] projected = new double[queries];
                double observed = 0;
                double base;
                if (replicas == null) {
                    oracle.restrictTo(batch);
                    base = central ? 0 : oracle.value(theta);
                    int[] started = {0};
                    double[][] values;
                    try {
                        values = probes(theta, z, x -> {
                            started[0]++;
                            return oracle.value(x);
                        });
                    } catch (RuntimeException | Error stopped) {
                        log.abort(keys, started[0]); // so that replay(θ₀) rounds as θ did: +εz then −εz
                        throw stopped;
                    } finally {
                        oracle.restrictTo(null);
                    }
                    for (int i = 0; i < queries; i++) {
                        projected[i] = mezo.projected(values[i], base);
                        observed += central ? (values[i][0] + values[i][1]) / 2 : 0;
                    }
                } else {
                    // Seeds out, losses back; this θ goes through the replicas' perturbations without evaluating.
                    // A resumed run's saved step comes from the journal: the replicas then take only its update.
                    asked[0] = false;
                    double[] made = oracle.valuesMadeElsewhere((int) cost, () -> {
                        asked[0] = true;
                        return replicas.step(t, keys, previous[0]);
                    }, theta, i -> probed(theta, z, i));
                    base = central ? 0 : made[0];
                    probes(theta, z, null);
                    for (int i = 0, at = central ? 0 : 1; i < queries; i++, at += central ? 2 : 1) {
                        double[] values = {made[at], central ? made[at + 1] : 0};
                        projected[i] = mezo.projected(values, base);
                        observed += central ? (values[0] + values[1]) / 2 : 0;
                    }
                }
                double[] c = mezo.coefficients(projected, lr, theta.length());
                double norm = mezo.update(theta, z, c, lr * weightDecay, true);
                previous[0] = new Replicas.Update(t, keys, c, lr * weightDecay);
                if (replicas != null && !asked[0]) {
                    replicas.replayed(previous[0]);
                }
                log.add(z, projected);
                if (norm == 0 && resolvedAtStart) { // else it was said at the start: not a divergence
                    DescentStep.requireResolution(theta, t, estimator.h());
                }
                recorder.step(central ? observed / queries : base, norm);
            }, reason -> finish(recorder, reason, theta, start, log, baseRate));
        }
    }

    /**
     * θ ± h·z in θ's own precision rounds back to θ where h is below the spacing of θ's numbers (float32: ~1.2e-7
     * of |θ|): those coordinates' differences read 0 and they never move, silently. Said once, at the start;
     * returns whether it was said.
     */
    private boolean warnBelowResolution(INDArray theta) {
        double largest = theta.length() == 0 ? 0 : theta.amaxNumber().doubleValue();
        boolean floats = theta.dataType() == DataType.FLOAT;
        double spacing = DescentStep.spacing(theta, largest);
        if (estimator.h() < spacing) {
            System.err.println("warning: the smoothing radius h = " + estimator.h() + " is below "
                    + theta.dataType() + "'s resolution at |θ| = " + (float) largest + " (spacing " + (float) spacing
                    + "): θ ± h·z rounds back to θ there, so those coordinates read no difference and do not move;"
                    + " use h ≥ " + (float) (10 * spacing) + (floats ? ", or double parameters" : ""));
            return true;
        }
        return false;
    }

    /** The point of a step's value i (forward: f(θ) first), made by the same operations on a copy of θ. */
    private INDArray probed(INDArray theta, RandomStream[] z, int i) {
        INDArray copy = theta.dup();
        INDArray[] point = {copy};
        int[] at = {central ? 0 : 1};
        probes(copy, z, x -> {
            if (at[0]++ == i) {
                point[0] = x.dup();
            }
            return 0;
        });
        return point[0];
    }

    /**
     * The probes of one step's queries from θ, each query's values; f (null in a replay) measures each perturbed θ.
     * θ is left at the last perturbation for the update to restore, or restored by the probe that f stopped.
     */
    private double[][] probes(INDArray theta, RandomStream[] z, ToDoubleFunction<INDArray> f) {
        double[][] values = new double[queries][];
        for (int i = 0; i < queries; i++) {
            values[i] = mezo.probe(theta, z[i], f, i == queries - 1);
        }
        return values;
    }

    private Run finish(RunRecorder recorder, StopReason reason, INDArray theta, long start, Log log, double baseRate) {
        long[] keys = log.keys.toLongArray();
        double[] gradients = log.gradients.toDoubleArray();
        long[] abortedKeys = log.abortedKeys;
        int abortedAfter = log.abortedAfter;
        return recorder.finish(reason, theta, x0 -> {
            if (Tensors.checksum(Tensors.isContiguous(x0) ? x0 : x0.dup('c')) != start) {
                throw new IllegalArgumentException("replay(x0): x0 is not this run's start (its values differ from"
                        + " those θ held when the run began); pass the copy made just before the run, θ0 = θ.dup()."
                        + " A run made again from the same array starts where the one before it ended");
            }
            return replay(x0, keys, gradients, baseRate, abortedKeys, abortedAfter);
        });
    }

    /**
     * Applies the recorded steps to a copy of x0: the same perturbations and updates, no evaluations; then, for a
     * run stopped inside a step, that step's probes up to the evaluation that stopped it, restored as θ was.
     */
    private INDArray replay(INDArray x0, long[] keys, double[] gradients, double baseRate, long[] abortedKeys,
                            int abortedAfter) {
        INDArray theta = x0.dup('c');
        for (int s = 0; s * queries < keys.length; s++) {
            RandomStream[] z = new RandomStream[queries];
            double[] projected = new double[queries];
            for (int i = 0; i < queries; i++) {
                z[i] = RandomStream.ofKey(keys[s * queries + i]);
                projected[i] = gradients[s * queries + i];
            }
            probes(theta, z, null);
            double lr = baseRate * settings.schedule.checkedFactor(s + 1L);
            mezo.update(theta, z, mezo.coefficients(projected, lr, theta.length()), lr * weightDecay, true);
        }
        if (abortedAfter > 0) {
            RandomStream[] z = new RandomStream[queries];
            for (int i = 0; i < queries; i++) {
                z[i] = RandomStream.ofKey(abortedKeys[i]);
            }
            int[] made = {0};
            try {
                probes(theta, z, x -> {
                    if (++made[0] == abortedAfter) {
                        throw new Stopped();
                    }
                    return 0;
                });
            } catch (Stopped expected) {
                // θ is where the stopped run left it
            }
        }
        return theta;
    }

    /** Where a replay stops the probes of the step the run was stopped in. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /**
     * The (seed, projected gradient) pairs of the completed steps, 16 bytes per query, nothing d-sized; and for a
     * step stopped during its probes, its seeds and how many evaluations it had started.
     */
    private static final class Log {
        final LongArrayList keys = new LongArrayList();
        final DoubleArrayList gradients = new DoubleArrayList();
        long[] abortedKeys;
        int abortedAfter;

        void add(RandomStream[] z, double[] projected) {
            for (int i = 0; i < z.length; i++) {
                keys.add(z[i].key());
                gradients.add(projected[i]);
            }
        }

        void abort(long[] keys, int evaluationsStarted) {
            abortedKeys = keys;
            abortedAfter = evaluationsStarted;
        }
    }
}
