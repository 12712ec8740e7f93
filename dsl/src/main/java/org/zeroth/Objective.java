package org.zeroth;

import java.io.Serializable;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/**
 * A function that can only be evaluated: f(x) for a vector x. Write it as a lambda over an {@link INDArray},
 * {@code x -> x.norm2Number().doubleValue()}, or over a {@code double[]} with {@link #ofArray}.
 * An objective must not modify x; with {@code parallelism(k)} it is called from k threads at once. It is
 * {@link Serializable} so that a cluster backend ({@code .on(Spark.local(2))}) can ship it to other JVMs: a lambda
 * is serializable when what it captures is.
 */
@FunctionalInterface
public interface Objective extends Serializable {
    double value(INDArray x);

    /** An objective written over plain {@code double[]} vectors: {@code Objective.ofArray(x -> x[0] * x[0])}. */
    static Objective ofArray(ArrayFunction f) {
        Objects.requireNonNull(f, "the double[] objective is null: pass a function such as x -> x[0] * x[0]");
        return x -> f.applyAsDouble(Tensors.toArray(x));
    }

    /**
     * f with its dimension and name: a run checks its start against the dimension, and summaries and legends use
     * the name, e.g. {@code Objective.of(20, "my-f", x -> x.norm2Number().doubleValue())}. Dimension 0: any.
     */
    static Objective of(int dimension, String name, Objective f) {
        if (f instanceof FiniteSum sum) {
            Named.of(dimension, name, f); // the same checks and messages
            return sum.named(dimension, name);
        }
        return Named.of(dimension, name, f);
    }

    /** As {@link #of(int, String, Objective)} for f over {@code double[]}: {@code Objective.ofArray(20, "my-f", x -> …)}. */
    static Objective ofArray(int dimension, String name, ArrayFunction f) {
        return Named.of(dimension, name, ofArray(f));
    }

    /**
     * A finite sum f(x) = (1/n) Σᵢ fᵢ(x) over components i = 0 … n − 1, e.g. a loss over n examples:
     * {@code Objective.finiteSum(100, (i, x) -> Math.pow(a[i].dot(x) - b[i], 2))}. Its value is the mean; mini-batch
     * and variance-reduced descents ({@code miniBatch(b)}, {@code svrg(m)}) query single components. On a finite
     * sum one evaluation is one component query, so f(x) counts n ({@link FiniteSum}).
     */
    static FiniteSum finiteSum(int n, FiniteSum.Component f) {
        return new FiniteSum(n, 0, "finite-sum(" + n + ")", f);
    }

    /**
     * An objective with no function, measured outside the JVM (a simulator, a lab, a person): only ask/tell can
     * drive it — {@code zo.minimize(Objective.external(3)).from(x0).start()}, then {@code ask()} and
     * {@code tell(candidate, value)}. {@code steps(n)} on it is an error that says so.
     */
    static Objective external(int dimension) {
        return external(dimension, "external");
    }

    /** As {@link #external(int)}, with a name for summaries and legends. */
    static Objective external(int dimension, String name) {
        if (dimension < 1) {
            throw new IllegalArgumentException("Objective.external(dimension): dimension must be ≥ 1, got " + dimension);
        }
        return new External(dimension, name == null || name.isBlank() ? "external" : name);
    }

    /**
     * An objective computed by an external program, run once per evaluation: the point goes to its standard input
     * as {@code {"x": [1.0, 2.0]}} (and into any argument containing {@code {x}} as {@code 1.0,2.0}, or
     * {@code {json}} as {@code [1.0,2.0]}); it prints f(x) on standard output. E.g.
     * {@code zo.minimize(Objective.command("python3", "f.py").timeout(Duration.ofSeconds(30))).from(x0)...}.
     * Failures (exit code, timeout, output that is not a number) name the command and its stderr's last lines;
     * see {@link CommandObjective}.
     */
    static CommandObjective command(String... argv) {
        return CommandObjective.of(argv);
    }

    /** f over a {@code double[]}: a serializable {@link ToDoubleFunction}, so a lambda written for it ships to a cluster. */
    @FunctionalInterface
    interface ArrayFunction extends ToDoubleFunction<double[]>, Serializable {
    }

    /** The dimension f is defined for, or 0 when any dimension goes. */
    default int dimension() {
        return 0;
    }

    /** The usual start point, or null when there is none (then a run needs {@code from(x0)}). */
    default INDArray start() {
        return null;
    }

    /**
     * The box f is usually studied on, or null: where methods that sample a box (BO, CBO, random search, BOBYQA,
     * MAP-Elites) search when the run has no {@code within(lo, hi)}. A {@link org.zeroth.problems.Problem}'s domain.
     */
    default Bounds domain() {
        return null;
    }

    /** A short name for summaries and legends; "f" for an objective without one (every lambda). */
    default String name() {
        return "f";
    }

    /**
     * What one run evaluates: f itself, or, for an objective with state that its values depend on, a copy of f with
     * that state fresh (a noisy problem's count of each point's evaluations), so that a run never depends on what
     * was evaluated before it: the same seed makes the same run, cell after cell.
     */
    default Objective forRun() {
        return this;
    }

    /**
     * How messages name a point of f: "x = [...]"; an objective over encoded points names what x stands for (a
     * tuning, the configuration).
     */
    default String describe(INDArray x) {
        return "x = " + Tensors.describe(x);
    }

    /** An objective without a function ({@link #external(int)}): its values come from tell. */
    record External(int dimension, String name) implements Objective {
        @Override
        public double value(INDArray x) {
            throw new IllegalStateException(name + " has no function: only ask/tell can drive it (start(), then tell"
                    + " the values you measure)");
        }
    }

    /** An objective with a declared dimension and name ({@link #of(int, String, Objective)}). */
    record Named(int dimension, String name, Objective f) implements Objective {
        static Named of(int dimension, String name, Objective f) {
            if (dimension < 0) {
                throw new IllegalArgumentException("Objective.of(dimension, name, f): dimension must be ≥ 1 (or 0 for"
                        + " any), got " + dimension);
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("Objective.of(dimension, name, f): give a short name for legends,"
                        + " e.g. \"my-f\"");
            }
            Objects.requireNonNull(f, "Objective.of(dimension, name, f): f is null; pass a function such as"
                    + " x -> x.norm2Number().doubleValue()");
            return new Named(dimension, name, f);
        }

        @Override
        public double value(INDArray x) {
            return f.value(x);
        }

        @Override
        public INDArray start() {
            return f.start();
        }

        @Override
        public Bounds domain() {
            return f.domain();
        }

        @Override
        public Objective forRun() {
            Objective fresh = f.forRun();
            return fresh == f ? this : new Named(dimension, name, fresh);
        }

        @Override
        public String describe(INDArray x) {
            return f.describe(x);
        }
    }
}
