package org.zeroth;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A finite sum f(x) = (1/n) Σᵢ fᵢ(x), i = 0 … n − 1, e.g. a training loss over n examples:
 * {@code Objective.finiteSum(n, (i, x) -> …)}. It is a plain {@link Objective} (its value is the mean), and the
 * methods that sample components use it: {@code zo.minimize(f).miniBatch(b)} (ZO-SGD on mini-batches) and
 * {@code .svrg(m)} (ZO-SVRG, Liu et al., NeurIPS 2018).
 *
 * <p>How evaluations count (the paper's IZO, "incremental zeroth-order oracle" calls): one query of one component
 * fᵢ is one evaluation. Evaluating f itself queries all n components and counts n, whichever method does it, so
 * every run on a finite sum — full-batch, mini-batch, SVRG, or any other method — reports evaluations and obeys
 * {@code maxEvaluations} in the same unit, component queries. The {@link Oracle} does this counting.
 *
 * @param n          the number of components, ≥ 1
 * @param dimension  the dimension of x, or 0 for any
 * @param name       a short name for summaries and legends
 * @param components fᵢ(x) as a function of (i, x)
 */
public record FiniteSum(int n, int dimension, String name, Component components) implements Objective {

    /** One component fᵢ(x) of a finite sum; it must not modify x. */
    @FunctionalInterface
    public interface Component {
        double value(int i, INDArray x);
    }

    public FiniteSum {
        if (n < 1) {
            throw new IllegalArgumentException("Objective.finiteSum(n, f): n is the number of components fᵢ and must"
                    + " be ≥ 1, got " + n);
        }
        if (dimension < 0) {
            throw new IllegalArgumentException("a finite sum's dimension must be ≥ 1 (or 0 for any), got " + dimension);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a finite sum needs a short name for legends, e.g. \"least-squares\"");
        }
        if (components == null) {
            throw new IllegalArgumentException("Objective.finiteSum(n, f): f is null; pass the components as a"
                    + " function of (i, x), e.g. (i, x) -> Math.pow(a[i].dot(x) - b[i], 2)");
        }
    }

    /** fᵢ(x), not counted: methods query components through their {@link Oracle}. */
    public double component(int i, INDArray x) {
        return components.value(i, x);
    }

    /** (1/|B|) Σ_{i ∈ B} fᵢ(x), summed in the order of B (indices may repeat: a batch drawn with replacement). */
    public double mean(int[] batch, INDArray x) {
        double sum = 0;
        for (int i : batch) {
            sum += components.value(i, x);
        }
        return sum / batch.length;
    }

    /** f(x) = (1/n) Σᵢ fᵢ(x), summed in index order. */
    @Override
    public double value(INDArray x) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += components.value(i, x);
        }
        return sum / n;
    }

    /** The same sum, declared for {@code dimension} and called {@code name} ({@link Objective#of}). */
    public FiniteSum named(int dimension, String name) {
        return new FiniteSum(n, dimension, name, components);
    }
}
