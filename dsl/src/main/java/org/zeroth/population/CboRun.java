package org.zeroth.population;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Chart;
import org.zeroth.Presenter;
import org.zeroth.Run;
import org.zeroth.tensor.Tensors;

/**
 * A CBO run: the {@link Run} record plus, when kept, the swarm after every step and the consensus point of every
 * step, for pictures of the particles gathering (kept by default in dimension d ≤ 3, or with
 * {@code keepParticles(true)}).
 */
public final class CboRun extends Run {
    private final List<double[][]> particles;
    private final List<double[]> consensus;

    CboRun(Run run, List<double[][]> particles, List<double[]> consensus) {
        super(run);
        this.particles = particles;
        this.consensus = consensus;
    }

    /** Whether this run kept its particles (see {@code Cbo.keepParticles}). */
    public boolean keptParticles() {
        return particles != null;
    }

    /** The N × d particle positions after {@code step} steps (0: the initial swarm), a copy. */
    public double[][] particles(int step) {
        requireKept();
        if (step < 0 || step >= particles.size()) {
            throw new IllegalArgumentException("particles(step) needs 0 ≤ step ≤ " + (particles.size() - 1)
                    + " (the run has " + (particles.size() - 1) + " steps), got " + step);
        }
        double[][] swarm = particles.get(step);
        double[][] copy = new double[swarm.length][];
        for (int i = 0; i < swarm.length; i++) {
            copy[i] = swarm[i].clone();
        }
        return copy;
    }

    /** The consensus point computed at {@code step} (1 … steps()). */
    public INDArray consensus(int step) {
        requireKept();
        if (step < 1 || step > consensus.size()) {
            throw new IllegalArgumentException("consensus(step) needs 1 ≤ step ≤ " + consensus.size() + ", got " + step);
        }
        return Tensors.vector(consensus.get(step - 1));
    }

    /** The swarm in the plane (first two coordinates) at a few steps, from the start to the end. */
    public Chart particlesPlot() {
        requireKept();
        int last = particles.size() - 1;
        Map<String, double[][]> snapshots = new LinkedHashMap<>();
        for (int step : new int[] {0, last / 10, last / 3, last}) {
            snapshots.putIfAbsent("step " + step, particles.get(step));
        }
        return Presenter.get().particles("CBO particles on " + config().get("objective"), snapshots);
    }

    private void requireKept() {
        if (particles == null) {
            throw new IllegalStateException("this run kept no particles (by default only in dimension d ≤ 3);"
                    + " run again with keepParticles(true)");
        }
    }
}
