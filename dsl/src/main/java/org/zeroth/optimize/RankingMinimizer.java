package org.zeroth.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Config;
import org.zeroth.Objective;
import org.zeroth.Oracle;
import org.zeroth.Run;
import org.zeroth.RunBuilder;
import org.zeroth.RunContext;
import org.zeroth.RunRecorder;
import org.zeroth.estimate.ComparisonGraph;
import org.zeroth.estimate.ObjectiveRanking;
import org.zeroth.estimate.RankingOracle;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/**
 * {@code zo.minimizeByRanking(oracle)}: ZO-RankSGD (Tang, Rybin, Chang, "Zeroth-Order Optimization Meets Human
 * Feedback: Provable Learning via Ranking Oracles", ICLR 2024). At x it draws m Gaussian directions ξᵢ, asks the
 * oracle for the top k of the points x + μξᵢ, and steps against the mean of (ξⱼ − ξᵢ) over the edges i ≻ j of the
 * answer's {@link ComparisonGraph}: x ← x − lr·ĝ (or any {@link UpdateRule}). Defaults: m = 10 directions,
 * every index the oracle gives, μ = 0.01, SGD with lr = 0.01, constant schedule.
 *
 * <p><b>Counting and trace.</b> Every point shown to the oracle is one query, counted as one evaluation against
 * {@code maxEvaluations}: a step costs m. For an oracle that ranks by an objective ({@link RankingOracle#of},
 * {@link RankingOracle#noisy}) the m points are evaluated through the run's counted oracle, and nothing else is
 * evaluated: bestValue is the best f among them, and the value column is their mean (≈ f at the iterate plus
 * μ²·tr(∇²f)/2, the smoothed f the method descends). For any other oracle the run knows no values: value, best
 * and bestValue are NaN, no bestPoint is kept, and {@code stopAt} is rejected.
 */
public final class RankingMinimizer extends RunBuilder<RankingMinimizer> implements UpdateOptions<RankingMinimizer> {
    private final RankingOracle ranking;
    private int directions = 10;
    private int topK;
    private double smoothing = 1e-2;
    private UpdateRule rule = new Sgd(1e-2);
    private Schedule schedule = Schedule.constant();

    public RankingMinimizer(RankingOracle ranking) {
        super(objectiveOf(ranking), false);
        this.ranking = ranking;
    }

    /** m ≥ 2 directions, i.e. points shown to the oracle, per step. */
    public RankingMinimizer directions(int m) {
        if (m < 2) {
            throw new IllegalArgumentException("directions(m) needs m ≥ 2 points to rank per step, got " + m);
        }
        return with(b -> b.directions = m);
    }

    /** Uses only the first k ≥ 1 indices of each answer (k ≤ m). Default: all the oracle gives. */
    public RankingMinimizer topK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("topK(k) needs k ≥ 1 ranked points, got " + k);
        }
        return with(b -> b.topK = k);
    }

    /** μ > 0, how far from x the ranked points lie: x + μξ. */
    public RankingMinimizer smoothing(double mu) {
        if (!(mu > 0) || Double.isInfinite(mu)) {
            throw new IllegalArgumentException("smoothing(mu) must be a positive number, got " + mu + "; e.g. smoothing(1e-2)");
        }
        return with(b -> b.smoothing = mu);
    }

    /** Any update rule, e.g. {@code adam(1e-2)}: it receives the rank direction as its gradient estimate. */
    @Override
    public RankingMinimizer rule(UpdateRule updateRule) {
        Objects.requireNonNull(updateRule, "rule(r): r is null");
        return with(b -> b.rule = updateRule);
    }

    @Override
    public RankingMinimizer schedule(Schedule learningRateSchedule) {
        Objects.requireNonNull(learningRateSchedule, "schedule(s): s is null; use Schedule.constant() for none");
        return with(b -> b.schedule = learningRateSchedule);
    }

    @Override
    protected String plannedMethod() {
        return "zo-ranksgd";
    }

    @Override
    protected Config plannedSettings(Integer d) {
        return Config.of("oracle", ranking instanceof ObjectiveRanking || !ranking.getClass().isSynthetic()
                && !ranking.getClass().getName().contains("$$Lambda") ? ranking.toString() : "a function",
                "m", directions, "k", topK == 0 ? null : topK,
                "mu", smoothing, "step", "1 iteration: " + directions + " points ranked (" + directions
                        + " evaluations), then the update").with(rule.describe()).with(
                "schedule", schedule.toString().equals("constant") ? null : schedule);
    }

    /** Ask/tell tells values: the oracle must rank by them, e.g. {@code RankingOracle.of(Objective.external(d), k)}. */
    @Override
    protected void checkAskTell() {
        if (!(ranking instanceof ObjectiveRanking)) {
            throw new IllegalArgumentException("start(): ask/tell tells values, and this ranking oracle (" + ranking
                    + ") answers with orders only; rank told values with RankingOracle.of(Objective.external(d), k)"
                    + " (any score works: only the order of the values counts)");
        }
    }

    @Override
    protected Run runSteps(long n) {
        return steps(n);
    }

    /** At most n steps of m queries each; fewer if a budget, target, time limit or interrupt ends the run. */
    public Run steps(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("steps(n) needs n ≥ 0, got " + n);
        }
        if (topK > directions) {
            throw new IllegalArgumentException("topK(" + topK + ") exceeds directions(" + directions
                    + "): the oracle can rank at most the m points it is shown; ask for k ≤ m");
        }
        ObjectiveRanking byObjective = ranking instanceof ObjectiveRanking r ? r : null;
        if (byObjective != null && byObjective.k() > directions) {
            throw new IllegalArgumentException("the oracle ranks the best " + byObjective.k() + " of the points shown,"
                    + " but a step shows directions(" + directions + "); give k ≤ " + directions
                    + " in RankingOracle.of(f, k), or show more points");
        }
        if (byObjective == null && target != null) {
            throw new IllegalArgumentException("stopAt(target) needs objective values, and this ranking oracle gives"
                    + " none; use maxEvaluations or steps, or rank with RankingOracle.of(f, k)");
        }
        if (byObjective == null && (resample > 1 || reevaluateSamples > 0)) {
            throw new IllegalArgumentException("resample(k) and reevaluate(m, r) need objective values, and this"
                    + " ranking oracle gives none; drop them, or rank with RankingOracle.of(f, k)");
        }
        RunContext context = context("zo-ranksgd");
        int d = context.dimension();
        Oracle oracle = context.oracle().keepBestPoint(byObjective != null).build();
        RunRecorder recorder = new RunRecorder(context.config().with(plannedSettings(d)), oracle, n,
                context.observers());
        INDArray x = context.start();
        INDArray g = Tensors.zeros(d);
        DescentStep descent = new DescentStep(rule, schedule, d, oracle, recorder, Double.NaN);
        RandomStream stream = RandomStream.of(context.seed());
        return new DescentLoop(oracle, recorder, x, context.target() != null).run(n, directions, t -> {
            RandomStream step = stream.fork(t);
            List<INDArray> points = new ArrayList<>(directions);
            for (int i = 0; i < directions; i++) {
                INDArray p = Tensors.doubleCopy(x);
                Tensors.axpy(smoothing, direction(step.fork(i), d), p);
                if (oracle.bounds() != null) {
                    oracle.bounds().project(p);
                }
                points.add(p);
            }
            double observed = Double.NaN;
            int[] answer;
            if (byObjective != null) {
                double[] values = oracle.values(points);
                observed = Arrays.stream(values).sum() / directions;
                answer = byObjective.topK(values, t);
            } else {
                oracle.countQueries(directions);
                answer = ranking.rank(Collections.unmodifiableList(points));
            }
            if (topK > 0 && answer.length > topK) {
                answer = Arrays.copyOf(answer, topK);
            }
            double[] c = ComparisonGraph.weights(directions, answer);
            Tensors.fill(g, 0);
            for (int i = 0; i < directions; i++) {
                Tensors.axpy(c[i], direction(step.fork(i), d), g);
            }
            descent.take(x, g, t, observed);
        });
    }

    /** ξ ~ N(0, I), regenerated from its stream rather than stored. */
    private static INDArray direction(RandomStream draws, int d) {
        double[] xi = new double[d];
        for (int j = 0; j < d; j++) {
            xi[j] = draws.gaussian(j);
        }
        return Tensors.vector(xi);
    }

    private static Objective objectiveOf(RankingOracle ranking) {
        if (ranking == null) {
            throw new IllegalArgumentException("the ranking oracle is null: pass RankingOracle.of(f, k), or a function"
                    + " of the points shown that returns the indices of the best ones, best first");
        }
        if (ranking instanceof ObjectiveRanking r) {
            return r.objective();
        }
        return new Objective() {
            @Override
            public double value(INDArray x) {
                throw new IllegalStateException("a ranking run has no objective values");
            }

            @Override
            public String name() {
                return "ranking oracle";
            }
        };
    }
}
