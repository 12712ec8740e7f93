package org.zeroth.population;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Bounds;
import org.zeroth.Config;
import org.zeroth.Objective;
import org.zeroth.Oracle;
import org.zeroth.Run;
import org.zeroth.RunBuilder;
import org.zeroth.RunContext;
import org.zeroth.RunRecorder;
import org.zeroth.StopReason;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * {@code zo.cbo(f)}: consensus-based optimization (Pinnau, Totzeck, Tse, Martin 2017; Carrillo, Choi, Totzeck,
 * Tse 2018; the anisotropic noise of Carrillo, Jin, Li, Zhu 2021). N particles X¹…Xᴺ drift towards the consensus
 * point v = Σ ωᵢ Xⁱ / Σ ωᵢ, ωᵢ = exp(−α f(Xⁱ)), and explore with noise scaled by their distance to it:
 * <pre>
 *   Xⁱ ← Xⁱ − λ dt (Xⁱ − v) + σ √dt ‖Xⁱ − v‖ ξⁱ      (isotropic)
 *   Xⁱ ← Xⁱ − λ dt (Xⁱ − v) + σ √dt (Xⁱ − v) ⊙ ξⁱ    (anisotropic: per coordinate, for high dimension)
 * </pre>
 * with ξⁱ ~ N(0, I). A step multiplies a particle's mean squared distance to v (v held fixed) by
 * (1 − λdt)² + σ²dt·d with isotropic noise and (1 − λdt)² + σ²dt with anisotropic noise: past 1 the swarm spreads
 * instead of gathering. Unless {@link #isotropic()} or {@link #anisotropic()} is chosen, the noise is isotropic
 * where it gathers the swarm (d ≤ 3 with the defaults) and anisotropic above; a chosen noise that spreads it runs,
 * with a warning. The weights are computed as exp(−α (f − min f)) so that large α does not underflow
 * (the log-sum-exp trick). Particles start uniform in the box (within(), else the problem's domain), or
 * x0 ± spread uniformly when {@link #spread(double)} is given or there is no finite box (spread 1).
 *
 * <p>One step is one iteration over all particles: N evaluations and one trace row, whose value is the least f
 * among the particles evaluated in that step and whose step_norm is the particles' mean displacement. The best
 * value is the best ever evaluated; the final point is the last consensus point. Draws come from the run's
 * random stream: same seed, same run. Defaults: N = 50, α = 100, λ = 1, σ = 0.7, dt = 0.1.
 */
public final class Cbo extends RunBuilder<Cbo> {
    private int particles = 50;
    private double alpha = 100;
    private double lambda = 1;
    private double sigma = 0.7;
    private double dt = 0.1;
    private Boolean anisotropic; // null: chosen by the dimension
    private double spread = Double.NaN;
    private Boolean keepParticles;
    private int parallelism = 1;

    public Cbo(Objective objective) {
        super(objective, false);
    }

    /** N ≥ 2 particles; each step costs N evaluations. */
    public Cbo particles(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("particles(N) needs N ≥ 2 particles for a consensus, got " + n
                    + "; a few dozen to a few hundred is usual");
        }
        return with(b -> b.particles = n);
    }

    /** α > 0, the Laplace weight: large α puts the consensus at the best particle (α → ∞: the argmin). */
    public Cbo alpha(double a) {
        Baseline.requirePositive("alpha(α), the Laplace weight,", a, "alpha(100)");
        return with(b -> b.alpha = a);
    }

    /** λ > 0, the drift rate towards the consensus point. */
    public Cbo lambda(double l) {
        Baseline.requirePositive("lambda(λ), the drift rate,", l, "lambda(1)");
        return with(b -> b.lambda = l);
    }

    /** σ ≥ 0, the noise scale (σ = 0: pure drift, no exploration). */
    public Cbo sigma(double s) {
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("sigma(σ), the noise scale, must be a number ≥ 0, got " + s + "; e.g. sigma(0.7)");
        }
        return with(b -> b.sigma = s);
    }

    /** dt > 0, the time step of the discretised dynamics. */
    public Cbo dt(double step) {
        Baseline.requirePositive("dt(step), the time step,", step, "dt(0.1)");
        return with(b -> b.dt = step);
    }

    /** Coordinate-wise noise σ √dt (Xⁱ − v) ⊙ ξ (Carrillo et al. 2021): scales to high dimension. */
    public Cbo anisotropic() {
        return with(b -> b.anisotropic = true);
    }

    /** Isotropic noise σ √dt ‖Xⁱ − v‖ ξ (the default in low dimension, where it gathers the swarm). */
    public Cbo isotropic() {
        return with(b -> b.anisotropic = false);
    }

    /** Starts the particles uniformly in x0 ± s (per coordinate) instead of uniformly in the box. */
    public Cbo spread(double s) {
        Baseline.requirePositive("spread(s)", s, "spread(2)");
        return with(b -> b.spread = s);
    }

    /** Keep the swarm of every step in the run (default: only in dimension d ≤ 3, to keep memory small). */
    public Cbo keepParticles(boolean keep) {
        return with(b -> b.keepParticles = keep);
    }

    /** Evaluates a step's particles on k threads; the run is identical to the sequential one. */
    public Cbo parallelism(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("parallelism(k) needs k ≥ 1 threads, got " + k);
        }
        return with(b -> b.parallelism = k);
    }

    private Config swarmSettings(Integer d) {
        String noise = d == null && anisotropic == null ? "by dimension"
                : (anisotropicIn(d) ? "anisotropic" : "isotropic")
                + (anisotropic == null ? " (for d = " + d + ")" : "");
        return Config.of("particles", particles, "alpha", alpha, "lambda", lambda, "sigma", sigma, "dt", dt,
                "noise", noise);
    }

    /** The chosen noise, else isotropic where it gathers the swarm in dimension d. */
    private boolean anisotropicIn(int d) {
        return anisotropic != null ? anisotropic : spreadFactor(false, d) >= 1;
    }

    /** The factor of a particle's mean squared distance to a fixed v per step: past 1 the swarm spreads. */
    private double spreadFactor(boolean coordinateWise, int d) {
        double drift = 1 - lambda * dt;
        return drift * drift + sigma * sigma * dt * (coordinateWise ? 1 : d);
    }

    /** Says so before the run when the chosen noise and rates spread the swarm instead of gathering it. */
    private void warnIfSpreading(boolean coordinateWise, int d) {
        double factor = spreadFactor(coordinateWise, d);
        if (factor >= 1) {
            double drift = 1 - lambda * dt;
            double largest = Math.sqrt(Math.max(0, 1 - drift * drift) / (dt * (coordinateWise ? 1 : d)));
            String advice = largest == 0
                    ? String.format(Locale.ROOT, "take dt below %.3g so that |1 − λdt| < 1", 2 / lambda)
                    : (coordinateWise ? "" : "use anisotropic(), or ")
                    + String.format(Locale.ROOT, "take sigma(σ) below %.3g", largest);
            System.err.printf(Locale.ROOT, "warning: with %s noise in d = %d each step multiplies the swarm's spread"
                    + " by (1 − λdt)² + σ²dt%s = %.3g ≥ 1, so the particles drift apart: %s%n",
                    coordinateWise ? "anisotropic" : "isotropic", d, coordinateWise ? "" : "·d", factor, advice);
        }
    }

    @Override
    protected String plannedMethod() {
        return "cbo";
    }

    @Override
    protected Config plannedSettings(Integer d) {
        return swarmSettings(d).with("parallelism", parallelism == 1 ? null : parallelism);
    }

    @Override
    protected Run runSteps(long n) {
        return steps(n);
    }

    /** At most n iterations of the swarm (n × N evaluations), fewer if a budget, target or time limit ends it. */
    public CboRun steps(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("steps(n) needs n ≥ 0, got " + n);
        }
        RunContext context = context("cbo");
        int d = context.dimension();
        Oracle oracle = context.oracle().parallelism(parallelism).build();
        Bounds box = Double.isNaN(spread) ? SearchBox.of(oracle.bounds(), domain(), d) : null;
        boolean uniformInBox = box != null && SearchBox.isFinite(box);
        double initialSpread = Double.isNaN(spread) ? 1 : spread;
        boolean coordinateWise = anisotropicIn(d);
        warnIfSpreading(coordinateWise, d);
        Config config = context.config().with(swarmSettings(d)).with(
                "init", uniformInBox ? "uniform in " + box : "start ± " + initialSpread,
                "parallelism", parallelism == 1 ? null : parallelism,
                "step", "1 iteration of the swarm: " + particles + " evaluations");
        RunRecorder recorder = new RunRecorder(config, oracle, n, context.observers());
        boolean keep = keepParticles != null ? keepParticles : d <= 3;
        List<double[][]> swarms = keep ? new ArrayList<>() : null;
        List<double[]> consensusPoints = keep ? new ArrayList<>() : null;
        RandomStream stream = RandomStream.of(context.seed());
        double[] x0 = Tensors.toArray(context.start());
        double[][] x = initialSwarm(stream.fork(0), x0, uniformInBox ? box : null, initialSpread);
        project(x, oracle.bounds());
        keep(swarms, x);
        double[] v = x0;
        try (oracle) {
            for (long t = 1; t <= n; t++) {
                StopReason stop = RunBuilder.stopBefore(oracle, particles * oracle.evaluationsPerPoint());
                if (stop != null) {
                    return finish(recorder, stop, v, swarms, consensusPoints);
                }
                double[] f = oracle.values(points(x));
                v = consensus(x, f);
                double moved = move(x, v, stream.fork(t), coordinateWise);
                project(x, oracle.bounds());
                keep(swarms, x);
                if (consensusPoints != null) {
                    consensusPoints.add(v.clone());
                }
                recorder.step(min(f), moved);
                if (context.target() != null && oracle.targetReached()) {
                    return finish(recorder, StopReason.TARGET_REACHED, v, swarms, consensusPoints);
                }
            }
            return finish(recorder, StopReason.STEPS, v, swarms, consensusPoints);
        } catch (RuntimeException | Error e) {
            double[] at = v;
            Run run = recorder.end(e, reason -> finish(recorder, reason, at, swarms, consensusPoints));
            return (CboRun) run;
        }
    }

    private double[][] initialSwarm(RandomStream draws, double[] x0, Bounds box, double s) {
        double[][] x = new double[particles][x0.length];
        for (int i = 0; i < particles; i++) {
            RandomStream particle = draws.fork(i);
            for (int j = 0; j < x0.length; j++) {
                double u = particle.uniform(j);
                x[i][j] = box != null ? box.lower()[j] + u * box.width(j) : x0[j] + s * (2 * u - 1);
            }
        }
        return x;
    }

    /** v = Σ ωᵢ xᵢ / Σ ωᵢ with ωᵢ = exp(−α (fᵢ − min f)): the best particle has weight 1, nothing underflows to 0/0. */
    private double[] consensus(double[][] x, double[] f) {
        double fmin = min(f);
        double[] v = new double[x[0].length];
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            double w = Math.exp(-alpha * (f[i] - fmin));
            total += w;
            for (int j = 0; j < v.length; j++) {
                v[j] += w * x[i][j];
            }
        }
        for (int j = 0; j < v.length; j++) {
            v[j] /= total;
        }
        return v;
    }

    /** One Euler–Maruyama step of every particle; returns the mean distance the particles moved. */
    private double move(double[][] x, double[] v, RandomStream draws, boolean coordinateWise) {
        double noise = sigma * Math.sqrt(dt);
        double moved = 0;
        for (int i = 0; i < x.length; i++) {
            RandomStream xi = draws.fork(i);
            double[] p = x[i];
            double distance = 0;
            for (int j = 0; j < p.length; j++) {
                distance += (p[j] - v[j]) * (p[j] - v[j]);
            }
            distance = Math.sqrt(distance);
            double squared = 0;
            for (int j = 0; j < p.length; j++) {
                double gap = p[j] - v[j];
                double scale = coordinateWise ? gap : distance;
                double step = -lambda * dt * gap + noise * scale * xi.gaussian(j);
                p[j] += step;
                squared += step * step;
            }
            moved += Math.sqrt(squared);
        }
        return moved / x.length;
    }

    private static List<INDArray> points(double[][] x) {
        List<INDArray> points = new ArrayList<>(x.length);
        for (double[] p : x) {
            points.add(Tensors.vector(p));
        }
        return points;
    }

    private static void project(double[][] x, Bounds bounds) {
        if (bounds == null) {
            return;
        }
        for (double[] p : x) {
            for (int j = 0; j < p.length; j++) {
                p[j] = Math.min(bounds.upper()[j], Math.max(bounds.lower()[j], p[j]));
            }
        }
    }

    private static void keep(List<double[][]> swarms, double[][] x) {
        if (swarms != null) {
            double[][] copy = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                copy[i] = x[i].clone();
            }
            swarms.add(copy);
        }
    }

    private static double min(double[] f) {
        double m = Double.POSITIVE_INFINITY;
        for (double value : f) {
            m = Math.min(m, value);
        }
        return m;
    }

    private static CboRun finish(RunRecorder recorder, StopReason reason, double[] v, List<double[][]> swarms,
                                 List<double[]> consensus) {
        CboRun run = new CboRun(recorder.finish(reason, Tensors.vector(v)), swarms, consensus);
        RunRecorder.keep(run);
        return run;
    }
}
