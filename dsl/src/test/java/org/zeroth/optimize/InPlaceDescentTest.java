package org.zeroth.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.FiniteSum;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.RunFailedException;
import org.zeroth.StopReason;
import org.zeroth.tensor.Tensors;

/** MeZO: in-place perturbation of the caller's parameters, exact replay from (seed, projected gradient) pairs. */
class InPlaceDescentTest {
    /** A seeded start, uniform in [−½, ½)^d: the same run every time. */
    private static INDArray uniformStart(int d, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = random.nextFloat() - 0.5f;
        }
        return Nd4j.createFromArray(v);
    }

    private static final Objective SQUARED_NORM = x -> {
        double s = x.norm2Number().doubleValue();
        return s * s;
    };

    @Test
    void perturbsTheGivenParametersAndReplaysThemBitForBit() {
        INDArray theta = uniformStart(1000, 11);
        INDArray start = theta.dup();
        // In d = 1000 a step decreases ‖θ‖² by ≈ (4lr − 4lr²d)‖θ‖²: lr = 2e-4 gives ≈ 0.28× after 2000 steps.
        Run run = zo.minimize(SQUARED_NORM).from(theta).withGaussianDirections(1e-3).central().sgd(2e-4)
                .weightDecay(1e-4).inPlace().steps(2000);

        assertSame(theta, run.finalPoint(), "inPlace() works on the caller's array itself");
        assertTrue(SQUARED_NORM.value(theta) < SQUARED_NORM.value(start) / 2, run::toString);
        assertEquals(4000, run.evaluations(), "MeZO's central step costs two forward passes");
        float[] end = theta.toFloatVector();
        theta.assign(7); // the replay must rebuild the parameters from x0, not hand back the run's array
        assertArrayEquals(end, run.replay(start).toFloatVector(), 0f, "replay is exact, bit for bit");
        assertArrayEquals(end, run.replay(start.dup('f')).toFloatVector(), 0f, "x0 in another layout: the same start");
        for (INDArray wrong : new INDArray[] {null, org.nd4j.linalg.factory.Nd4j.zeros(3).castTo(start.dataType()),
                start.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)}) {
            var e = assertThrows(IllegalArgumentException.class, () -> run.replay(wrong));
            assertTrue(e.getMessage().startsWith("replay(x0) needs a copy of the run's start: " + start.length()
                    + " FLOAT numbers"), e.getMessage());
        }
    }

    @Test
    void aReshapeOfTheParametersIsTrainedInTheirOwnMemory() {
        INDArray params = uniformStart(60, 12);
        INDArray start = params.dup();
        INDArray matrix = params.reshape(6, 10); // a view in ND4J, over all of params' buffer
        Run run = zo.minimize(SQUARED_NORM).from(matrix).withGaussianDirections(1e-3).central().sgd(2e-3)
                .inPlace().steps(200);
        assertSame(matrix, run.finalPoint());
        assertTrue(SQUARED_NORM.value(params) < SQUARED_NORM.value(start) / 2, "params trained through the reshape");
        assertArrayEquals(run.replay(start.reshape(6, 10)).reshape(60).toFloatVector(), params.toFloatVector(), 0f,
                "the same bits as a replay");
    }

    @Test
    void aReplayFromAnotherStartIsRefused() {
        // A cell run twice from one array: the second run starts where the first ended, so its replay from the
        // first start would rebuild other parameters without a word.
        INDArray w = uniformStart(40, 12);
        INDArray w0 = w.dup();
        // lr 0.01: a step scales E‖w‖² by 1 − 4lr + 4lr²(d + 2) = 0.977 (0.05 gave 1.22: the run diverged from some
        // unseeded starts, and a diverged run now fails)
        UnaryOperator<Minimizer> mezo = m -> m.withGaussianDirections(1e-3).central().sgd(0.01).seed(3).inPlace();
        Run first = mezo.apply(zo.minimize(SQUARED_NORM).from(w)).progress(false).steps(50);
        INDArray afterFirst = w.dup();
        Run second = mezo.apply(zo.minimize(SQUARED_NORM).from(w)).progress(false).steps(50);
        var e = assertThrows(IllegalArgumentException.class, () -> second.replay(w0));
        assertTrue(e.getMessage().contains("x0 is not this run's start") && e.getMessage().contains("θ0 = θ.dup()"),
                e.getMessage());
        assertArrayEquals(w.toFloatVector(), second.replay(afterFirst).toFloatVector(), 0f, "from its own start");
        assertArrayEquals(afterFirst.toFloatVector(), first.replay(w0).toFloatVector(), 0f);
        INDArray oneBitOff = w0.dup();
        oneBitOff.putScalar(39, Math.nextUp(w0.getFloat(39)));
        assertThrows(IllegalArgumentException.class, () -> first.replay(oneBitOff), "one ulp in one entry");
    }

    @Test
    void aSmoothingRadiusBelowTheParametersResolutionWarns() {
        // float32 spacing at 100 is 2⁻¹⁷ ≈ 7.6e-6: with h = 1e-6, θ ± h·z rounds back to θ and nothing moves
        java.io.PrintStream err = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        INDArray big = Nd4j.valueArrayOf(new long[] {20}, 100f, DataType.FLOAT);
        Run stalled;
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            stalled = zo.minimize(SQUARED_NORM).from(big).withGaussianDirections(1e-6).central().sgd(1e-3).inPlace()
                    .progress(false).steps(5);
            zo.minimize(SQUARED_NORM).from(big).withGaussianDirections(1e-4).central().sgd(1e-3).inPlace()
                    .progress(false).steps(5);
            zo.minimize(SQUARED_NORM).from(big.castTo(DataType.DOUBLE)).withGaussianDirections(1e-6).central()
                    .sgd(1e-3).inPlace().progress(false).steps(5);
        } finally {
            System.setErr(err);
        }
        String warning = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(warning.startsWith("warning: the smoothing radius h = 1.0E-6 is below FLOAT's resolution at |θ| ="
                + " 100.0 (spacing 7.6293945E-6)") && warning.contains("use h ≥ 7.6293945E-5, or double parameters"),
                warning);
        assertEquals(1, warning.lines().filter(l -> l.contains("smoothing radius")).count(),
                "no warning for h = 1e-4, nor for doubles: " + warning);
        assertEquals(0, stalled.trace().doubleColumn("step_norm").max(), "what it warned of: nothing moved");
    }

    /** MeZO configurations and their ordinary (out-of-place, stored z) twins: the same algorithm, seed and z. */
    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("central, q = 1", (UnaryOperator<Minimizer>) m -> m.withGaussianDirections(1e-3).central()
                        .sgd(1e-2)),
                Arguments.of("forward, q = 3, 1/sqrt(t), wd", (UnaryOperator<Minimizer>) m -> m
                        .withGaussianDirections(1e-4).queries(3).sgd(2e-2).schedule(Schedule.inverseSqrt())
                        .weightDecay(0.5)),
                Arguments.of("central, q = 2, wd", (UnaryOperator<Minimizer>) m -> m.withGaussianDirections(1e-3)
                        .queries(2).central().sgd(1e-2).weightDecay(0.3)),
                Arguments.of("sparse 0.3, central, q = 1", (UnaryOperator<Minimizer>) m -> m
                        .withSparseDirections(1e-3, 0.3).central().sgd(1e-2)),
                Arguments.of("sparse 0.2, forward, q = 3, wd", (UnaryOperator<Minimizer>) m -> m
                        .withSparseDirections(1e-4, 0.2).queries(3).sgd(1e-2).weightDecay(0.3)),
                Arguments.of("masked 3 of 4, forward, q = 2, wd", (UnaryOperator<Minimizer>) m -> m
                        .withGaussianDirections(1e-4).withMask(everyFourth(50, false)).queries(2).sgd(1e-2)
                        .weightDecay(0.3)),
                // Under half masked: perturbations visit the masked coordinates only, updates with decay all of θ.
                Arguments.of("masked 1 of 4, central, q = 2, wd", (UnaryOperator<Minimizer>) m -> m
                        .withGaussianDirections(1e-3).withMask(everyFourth(50, true)).queries(2).central()
                        .sgd(1e-2).weightDecay(0.3)),
                // SPSA's ±1 directions, through the block loops of other draws.
                Arguments.of("Rademacher, central, q = 1", (UnaryOperator<Minimizer>) m -> m
                        .withRademacherDirections(1e-3).central().sgd(1e-2)),
                Arguments.of("Rademacher, forward, q = 3, wd", (UnaryOperator<Minimizer>) m -> m
                        .withRademacherDirections(1e-4).queries(3).sgd(1e-2).weightDecay(0.3)),
                Arguments.of("Rademacher masked 1 of 4, central, q = 2, wd", (UnaryOperator<Minimizer>) m -> m
                        .withRademacherDirections(1e-3).withMask(everyFourth(50, true)).queries(2).central()
                        .sgd(1e-2).weightDecay(0.3)),
                Arguments.of("Rademacher masked 3 of 4, forward, q = 2, wd", (UnaryOperator<Minimizer>) m -> m
                        .withRademacherDirections(1e-4).withMask(everyFourth(50, false)).queries(2).sgd(1e-2)
                        .weightDecay(0.3)),
                // Sphere directions: the normals over their length, the estimate scaled by the coordinates moved.
                Arguments.of("sphere, central, q = 1", (UnaryOperator<Minimizer>) m -> m
                        .withSphereDirections(1e-3).central().sgd(1e-2)),
                Arguments.of("sphere, forward, q = 3, wd", (UnaryOperator<Minimizer>) m -> m
                        .withSphereDirections(1e-4).queries(3).sgd(1e-2).weightDecay(0.3)),
                Arguments.of("sphere masked 1 of 4, central, q = 2, wd", (UnaryOperator<Minimizer>) m -> m
                        .withSphereDirections(1e-3).withMask(everyFourth(50, true)).queries(2).central()
                        .sgd(1e-2).weightDecay(0.3)));
    }

    /** A mask of d entries: coordinates 1, 5, 9, … only, or all but those. */
    private static double[] everyFourth(int d, boolean only) {
        double[] mask = new double[d];
        for (int j = 0; j < d; j++) {
            mask[j] = (j % 4 == 1) == only ? 1 : 0;
        }
        return mask;
    }

    /** −1 … 1 in d equal steps, as a double vector. */
    private static INDArray ramp(int d) {
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            x[j] = -1 + 2.0 * j / (d - 1);
        }
        return Nd4j.createFromArray(x);
    }

    /**
     * Runs {@code config} in place on a copy of start and as the ordinary descent (stored directions) and checks
     * that they agree, that the replay is exact, and that float parameters replay bit for bit; returns the in-place
     * run and leaves its end in theta.
     */
    private static Run matchesTheOrdinaryRun(INDArray start, INDArray theta, UnaryOperator<Minimizer> config) {
        Run inPlace = config.apply(zo.minimize(SQUARED_NORM).from(theta)).inPlace().steps(12);
        Run ordinary = config.apply(zo.minimize(SQUARED_NORM).from(start.dup())).steps(12);
        assertEquals(ordinary.evaluations(), inPlace.evaluations());
        // θ ± εu in place rounds unlike x ± εu on a copy; here f ≈ 2.3e4 to 6.7e4, and its differences carry that rounding
        // (÷ 2ε) into the step: agreement to 1e-10, where a wrong coordinate, normal or scale is off by ≥ 1e-6.
        assertArrayEquals(ordinary.finalPoint().toDoubleVector(), theta.toDoubleVector(), 1e-10);
        assertArrayEquals(ordinary.trace().doubleColumn("value").asDoubleArray(),
                inPlace.trace().doubleColumn("value").asDoubleArray(), 1e-9);
        assertArrayEquals(theta.toDoubleVector(), inPlace.replay(start).toDoubleVector(), 0.0, "replay");
        // Float parameters: the float loops, replayed bit for bit (in float, f's differences are rounding noise at
        // this size, so there is no double reference to compare with).
        INDArray floats = start.castTo(DataType.FLOAT);
        Run floatRun = config.apply(zo.minimize(SQUARED_NORM).from(floats)).inPlace().steps(12);
        assertArrayEquals(floats.toFloatVector(), floatRun.replay(start.castTo(DataType.FLOAT)).toFloatVector(), 0f);
        return inPlace;
    }

    @Test
    void sparseDirectionsInPlaceMatchTheOrdinaryRunAcrossBlocksAndChunks() {
        // d = 70,000 spans 35 blocks and two parallel chunks of the fused loops.
        INDArray start = ramp(70_000);
        Run inPlace = matchesTheOrdinaryRun(start, start.dup(), m -> m.withSparseDirections(1e-3, 0.05).queries(2)
                .central().sgd(1e-5).seed(9).progress(false));
        assertEquals("sparse-gaussian(0.05)", inPlace.config().get("estimator"));
    }

    @ParameterizedTest(name = "{0} of the coordinates masked")
    @ValueSource(doubles = {0.35, 0.75})
    void maskedDirectionsInPlaceMatchTheOrdinaryRunAcrossBlocksAndChunks(double fraction) {
        // d = 200,000: 98 blocks of 2,048 and four chunks of 65,536. The mask has empty blocks (4,096–10,239), a
        // full one (20,480–22,527), both ends and both sides of a chunk boundary, and the fraction elsewhere. At
        // 35% (≈ 70,000 coordinates: two chunks of them) the loops visit the masked coordinates only; at 75%, θ.
        int d = 200_000;
        double[] mask = new double[d];
        java.util.Random random = new java.util.Random(5);
        for (int j = 0; j < d; j++) {
            boolean empty = j >= 4_096 && j < 10_240;
            boolean full = j >= 20_480 && j < 22_528;
            mask[j] = full || j == 0 || j == d - 1 || j == 65_535 || j == 65_536
                    || (!empty && random.nextDouble() < fraction) ? 1 : 0;
        }
        INDArray start = ramp(d);
        INDArray theta = start.dup();
        matchesTheOrdinaryRun(start, theta, m -> m.withGaussianDirections(1e-3).withMask(mask).queries(2).central()
                .sgd(1e-6).seed(9).progress(false));
        double[] before = start.toDoubleVector();
        double[] after = theta.toDoubleVector();
        for (int j = 0; j < d; j++) {
            if (mask[j] == 0) {
                assertEquals(before[j], after[j], 0.0, "coordinate " + j + " is off the mask: it never moves");
            } else if (j >= 20_480 && j < 22_528 || j == d - 1 || j == 65_536) {
                assertTrue(after[j] != before[j], "coordinate " + j + " is on the mask: it moves");
            }
        }
    }

    @Test
    void aSparseStepMovesOnlyTheDirectionsSupport() {
        // One forward step, q = 1, no decay: θ changes exactly where the step's direction (regenerated here by the
        // ordinary estimator's SparseDirections.fill from the same stream) is non-zero.
        INDArray theta = ramp(5_000);
        double[] before = theta.toDoubleVector();
        zo.minimize(SQUARED_NORM).from(theta).withSparseDirections(1e-3, 0.1).sgd(1e-3).seed(4).inPlace()
                .progress(false).steps(1);
        INDArray u = org.zeroth.tensor.Tensors.zeros(5_000);
        new org.zeroth.estimate.SparseDirections(0.1).fill(u,
                org.zeroth.tensor.RandomStream.of(4).fork(1).fork(0));
        double[] after = theta.toDoubleVector();
        int moved = 0;
        for (int j = 0; j < after.length; j++) {
            assertEquals(u.getDouble(j) != 0, after[j] != before[j], "coordinate " + j);
            moved += after[j] != before[j] ? 1 : 0;
        }
        assertEquals(500, moved, 4 * Math.sqrt(5_000 * 0.1 * 0.9), "about p·d coordinates move");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void matchesTheOrdinaryDescentElementByElementAndReplaysExactly(String name, UnaryOperator<Minimizer> config) {
        // The ordinary descent draws the same z from the same seed and stores them: an independent reference for
        // the in-place loops (regenerated z, fused restore and update) and for the replay.
        INDArray start = ramp(50);
        INDArray theta = start.dup();
        Run inPlace = config.apply(zo.minimize(SQUARED_NORM).from(theta).seed(3)).inPlace().steps(200);
        Run ordinary = config.apply(zo.minimize(SQUARED_NORM).from(start.dup()).seed(3)).steps(200);
        assertEquals(ordinary.evaluations(), inPlace.evaluations());
        double[] reference = ordinary.finalPoint().toDoubleVector();
        double[] end = theta.toDoubleVector();
        // θ ± εz in place rounds unlike x ± εu on a copy (≈ 1e-16 per coordinate); f's differences carry that
        // (÷ ε = 1e-4 for forward) into each step: ≈ 4e-13 per step, ≤ 1e-10 over 200 steps. A wrong coordinate,
        // normal or decay is off by ≥ 1e-4.
        assertArrayEquals(reference, end, 1e-10, name + ": the final parameters, element by element");
        assertTrue(SQUARED_NORM.value(theta) < SQUARED_NORM.value(start) / 2, name + ": it descends");
        double[] value = inPlace.trace().doubleColumn("value").asDoubleArray();
        double[] ordinaryValue = ordinary.trace().doubleColumn("value").asDoubleArray();
        assertArrayEquals(ordinaryValue, value, 1e-10, name + ": the values it observed");

        theta.assign(-5); // the replay must rebuild the parameters from x0, not hand back the run's array
        assertArrayEquals(end, inPlace.replay(start).toDoubleVector(), 0.0, name + ": replay is exact, bit for bit");
        INDArray other = start.add(0.25);
        var refused = assertThrows(IllegalArgumentException.class, () -> inPlace.replay(other));
        assertTrue(refused.getMessage().contains("x0 is not this run's start"), name + ": " + refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void miniBatchesInPlaceMatchTheOrdinaryMiniBatchDescent(String name, UnaryOperator<Minimizer> config) {
        // fᵢ = wᵢ‖x‖², weights 0.5 … 1.5: a step's batch sets the size of its step, so a probe on another batch
        // than the ordinary descent's, or on the whole sum, moves θ elsewhere.
        int n = 30;
        long[] calls = {0};
        FiniteSum sum = Objective.finiteSum(n, (i, x) -> {
            calls[0]++;
            return (0.5 + i / (n - 1.0)) * SQUARED_NORM.value(x);
        });
        INDArray start = ramp(50);
        INDArray theta = start.dup();
        Run inPlace = config.apply(zo.minimize(sum).from(theta).seed(3).miniBatch(4)).inPlace().steps(200);
        long inPlaceCalls = calls[0];
        Run ordinary = config.apply(zo.minimize(sum).from(start.dup()).seed(3).miniBatch(4)).steps(200);
        assertEquals(inPlaceCalls, inPlace.evaluations(), name + ": each component query counts once");
        assertEquals(ordinary.evaluations(), inPlace.evaluations(), name);
        assertArrayEquals(ordinary.finalPoint().toDoubleVector(), theta.toDoubleVector(), 1e-10,
                name + ": the final parameters, element by element");
        assertArrayEquals(ordinary.trace().doubleColumn("value").asDoubleArray(),
                inPlace.trace().doubleColumn("value").asDoubleArray(), 1e-10, name + ": the batch values observed");
        assertTrue(sum.value(theta) < sum.value(start) / 2, name + ": f itself descends");
        double[] end = theta.toDoubleVector();
        theta.assign(-5);
        assertArrayEquals(end, inPlace.replay(start).toDoubleVector(), 0.0, name + ": replay is exact, bit for bit");
    }

    @Test
    void aWholeFiniteSumInPlaceStopsAtTheBudgetBetweenSteps() {
        // n = 10 components: a central step of q = 1 costs 20 component queries, so a budget of 45 allows 2 steps;
        // a third step started would perturb float32 θ and restore it, which rounds.
        FiniteSum sum = Objective.finiteSum(10, (i, x) -> SQUARED_NORM.value(x));
        INDArray start = Tensors.randn(11, DataType.FLOAT, 1000);
        UnaryOperator<Minimizer> mezo = m -> m.withGaussianDirections(1e-3).central().sgd(1e-3).seed(5).inPlace();
        INDArray budgeted = start.dup();
        Run run = mezo.apply(zo.minimize(sum).from(budgeted)).maxEvaluations(45).steps(100);
        INDArray twoSteps = start.dup();
        mezo.apply(zo.minimize(sum).from(twoSteps)).steps(2);
        assertEquals(StopReason.MAX_EVALUATIONS, run.stopReason());
        assertEquals(2, run.steps());
        assertEquals(40, run.evaluations());
        assertArrayEquals(twoSteps.toFloatVector(), budgeted.toFloatVector(), 0f, "no third step begun");
    }

    @Test
    void anInterruptedRunRestoresTheUnperturbedParameters() {
        INDArray theta = ramp(10);
        int[] calls = {0};
        Objective interrupting = x -> {
            if (++calls[0] == 41) {
                Thread.currentThread().interrupt();
            }
            return SQUARED_NORM.value(x);
        };
        Run run = zo.minimize(interrupting).from(theta).withGaussianDirections(1e-3).central().sgd(1e-2)
                .inPlace().steps(1000);
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertEquals(StopReason.INTERRUPTED, run.stopReason());
        assertEquals(20, run.steps(), "steps 1..20 completed; step 21 was interrupted before its second query");
        // θ is back where the 20 recorded steps put it, up to the rounding of +εz then −εz: the ordinary descent's
        // 20 steps (same seed, same z) say where that is, independently of the replay.
        double[] after20 = zo.minimize(SQUARED_NORM).from(ramp(10))
                .withGaussianDirections(1e-3).central().sgd(1e-2).steps(20).finalPoint().toDoubleVector();
        assertArrayEquals(after20, theta.toDoubleVector(), 1e-12);
        double[] end = theta.toDoubleVector();
        theta.assign(0);
        INDArray replayed = run.replay(ramp(10));
        assertArrayEquals(end, replayed.toDoubleVector(), 1e-12);
    }

    /**
     * A run stopped inside a step (an interrupt, or the objective failing, at any of its evaluations) leaves θ
     * restored from that step's perturbation, which in float32 rounds (θ + εz − εz ≠ θ): the replay from θ₀ must
     * round the same way, bit for bit, wherever the stop lands.
     */
    @ParameterizedTest
    @ValueSource(strings = {"central interrupt", "central failure", "forward interrupt", "forward failure"})
    void aRunStoppedInsideAStepReplaysToTheSameBits(String how) {
        boolean central = how.startsWith("central");
        int perStep = central ? 4 : 3; // q = 2
        for (int stopAt = 1; stopAt <= 3 * perStep; stopAt++) {
            INDArray theta = Tensors.randn(5, DataType.FLOAT, 1000);
            INDArray theta0 = theta.dup();
            int[] calls = {0};
            int at = stopAt;
            Objective stopping = x -> {
                if (++calls[0] == at) {
                    if (how.endsWith("failure")) {
                        throw new IllegalStateException("the simulator crashed");
                    }
                    Thread.currentThread().interrupt();
                }
                return SQUARED_NORM.value(x);
            };
            var inPlace = zo.minimize(stopping).from(theta).withGaussianDirections(1e-2).queries(2).sgd(1e-3).seed(7)
                    .inPlace();
            var builder = central ? inPlace.central() : inPlace.forward();
            Run run = how.endsWith("failure")
                    ? assertThrows(RunFailedException.class, () -> builder.steps(10)).run() : builder.steps(10);
            assertEquals(how.endsWith("failure") ? StopReason.FAILED : StopReason.INTERRUPTED, run.stopReason());
            Thread.interrupted();
            assertArrayEquals(theta.toFloatVector(), run.replay(theta0).toFloatVector(),
                    how + ", stopped at evaluation " + stopAt + " (" + run.steps() + " steps completed)");
        }
    }

    @Test
    void refusesWhatWouldNeedCopiesOfTheParameters() {
        INDArray theta = Nd4j.zeros(DataType.FLOAT, 4);
        var error = assertThrows(IllegalArgumentException.class,
                () -> zo.minimize(SQUARED_NORM).from(theta).adam(1e-3).inPlace().steps(1));
        assertTrue(error.getMessage().contains("sgd(lr)"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class,
                () -> zo.minimize(SQUARED_NORM).from(theta).withCoordinateDifferences(1e-3).inPlace().steps(1));
        assertTrue(error.getMessage().contains("withGaussianDirections"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> zo.minimize(SQUARED_NORM).from(theta)
                .withSphereDirections(1e-3).withMask(1, 0, 1, 1).singlePoint().inPlace().steps(1));
        assertTrue(error.getMessage().contains("central()"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class,
                () -> zo.minimize(SQUARED_NORM).from(theta).within(-1, 1).inPlace().steps(1));
        assertTrue(error.getMessage().contains("within"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> zo.minimize(SQUARED_NORM)
                .from(Nd4j.create(DataType.FLOAT, new long[] {4, 3}, 'f')).inPlace().steps(1));
        assertTrue(error.getMessage().contains("this one is in 'f' order: train x.dup('c')"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> zo.minimize(SQUARED_NORM)
                .from(Nd4j.zeros(DataType.FLOAT, 8).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6)))
                .inPlace().steps(1));
        assertTrue(error.getMessage().contains("a part of another array"), error.getMessage());
        INDArray permuted = Nd4j.zeros(DataType.FLOAT, 2, 3, 4).permute(0, 2, 1); // 'c' order, not its buffer's
        error = assertThrows(IllegalArgumentException.class,
                () -> zo.minimize(SQUARED_NORM).from(permuted).inPlace().steps(1));
        assertTrue(error.getMessage().contains("a permutation of another array"), error.getMessage());
        var notReplayable = assertThrows(IllegalStateException.class,
                () -> zo.minimize(SQUARED_NORM).from(theta).steps(1).replay(theta));
        assertTrue(notReplayable.getMessage().contains("inPlace()"), notReplayable.getMessage());
    }
}
