package org.zeroth.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.zeroth.tensor.RandomStream;

class SpaceTest {
    private static final Space MIXED = Space.of(Param.real("lr", 1e-4, 1).log(), Param.real("momentum", 0, 0.99),
            Param.integer("hidden", 3, 10), Param.integer("layers", 1, 64).log(),
            Param.choice("rule", "sgd", "momentum", "adam"));

    @Test
    void dimensionIsOnePerNumberAndOnePerChoice() {
        assertEquals(4 + 3, MIXED.dimension());
    }

    @Test
    void realEndsAndMiddleLinearAndLog() {
        Space s = Space.of(Param.real("m", -2, 6), Param.real("lr", 1e-4, 1).log());
        assertEquals(-2, s.decode(new double[] {0, 0}).real("m"), 0);
        assertEquals(6, s.decode(new double[] {1, 0}).real("m"), 0);
        assertEquals(2, s.decode(new double[] {0.5, 0}).real("m"), 1e-15);
        assertEquals(1e-4, s.decode(new double[] {0, 0}).real("lr"), 1e-19);
        assertEquals(1, s.decode(new double[] {0, 1}).real("lr"), 1e-15);
        // a log scale puts the geometric mean, not the arithmetic one, at the middle: 1e-2; each decade a quarter
        assertEquals(1e-2, s.decode(new double[] {0, 0.5}).real("lr"), 1e-16);
        assertEquals(1e-3, s.decode(new double[] {0, 0.25}).real("lr"), 1e-17);
        for (double lr : new double[] {1e-4, 3.7e-4, 0.01, 0.5, 1}) {
            for (double m : new double[] {-2, 0.1, 6}) {
                Params p = s.configuration("m", m, "lr", lr);
                Params back = s.decode(s.encode(p));
                assertEquals(lr, back.real("lr"), lr * 1e-14);
                assertEquals(m, back.real("m"), 1e-14);
            }
        }
    }

    @Test
    void aConfigurationAsTypedComesBackExactly() {
        // The round trip through the cube's logarithms was a few ulps off: 1e-3 came back 0.0010000000000000002.
        Space s = Space.of(Param.real("lr", 1e-4, 1).log(), Param.real("wd", 1e-6, 1e-1).log(),
                Param.real("dropout", 0, 0.9), Param.real("t", -273.15, 1000));
        double[][] typed = {{1e-3, 1e-4, 0.3, 21.5}, {3e-4, 5e-6, 0.1, -40}, {0.07, 0.0123, 0.45, 999.99},
                {1e-4, 1e-6, 0, -273.15}, {1, 0.1, 0.9, 1000}, {2.5e-3, 3.3e-5, 0.33, 36.6}};
        for (double[] v : typed) {
            Params p = s.configuration("lr", v[0], "wd", v[1], "dropout", v[2], "t", v[3]);
            assertEquals(p, s.decode(s.encode(p)), java.util.Arrays.toString(v));
        }
        List<Params> trained = new ArrayList<>();
        Params given = s.configuration("lr", 1e-3, "wd", 1e-4, "dropout", 0.3, "t", 21.5);
        zo.tune(s, p -> {
            trained.add(p);
            return 0;
        }).cmaes().from(given).maxEvaluations(1).progress(false).steps(1);
        assertEquals(List.of(given), trained, "the start is trained as given");
    }

    @Test
    void everyIntegerHasAnEqualCellAndRoundTrips() {
        Param hidden = Param.integer("hidden", 3, 10); // 8 values: cells of 1/8
        Space s = Space.of(hidden);
        for (int v = 3; v <= 10; v++) {
            assertEquals(v, s.decode(s.encode(s.configuration("hidden", v))).integer("hidden"));
            int k = v - 3;
            assertEquals(v, s.decode(new double[] {k / 8.0}).integer("hidden"), "the cell of " + v + " starts at k/8");
            assertEquals(v, s.decode(new double[] {Math.nextDown((k + 1) / 8.0)}).integer("hidden"), "…ends before (k+1)/8");
        }
        assertEquals(3, s.decode(new double[] {0}).integer("hidden"));
        assertEquals(10, s.decode(new double[] {1}).integer("hidden"), "u = 1 belongs to the last cell");
        // 8000 cell midpoints of a fine grid: exactly 1000 per value (rounding a real in [3, 10] would halve the ends)
        Map<Integer, Integer> share = new HashMap<>();
        for (int i = 0; i < 8000; i++) {
            share.merge(s.decode(new double[] {(i + 0.5) / 8000}).integer("hidden"), 1, Integer::sum);
        }
        for (int v = 3; v <= 10; v++) {
            assertEquals(1000, share.get(v), "share of " + v + ": " + share);
        }
    }

    @Test
    void logIntegersRoundTripReachBothEndsAndFavourSmallValues() {
        Space s = Space.of(Param.integer("layers", 1, 64).log());
        for (int v = 1; v <= 64; v++) {
            assertEquals(v, s.decode(s.encode(s.configuration("layers", v))).integer("layers"));
        }
        assertEquals(1, s.decode(new double[] {0}).integer("layers"));
        assertEquals(64, s.decode(new double[] {1}).integer("layers"));
        // the cell of v spans ln(v − ½) … ln(v + ½) of ln(0.5) … ln(64.5): 1 gets ln 3 / ln 129 ≈ 22.6%, 64 gets 0.32%
        Map<Integer, Integer> share = new HashMap<>();
        int previous = 0;
        for (int i = 0; i < 100_000; i++) {
            int v = s.decode(new double[] {(i + 0.5) / 100_000}).integer("layers");
            assertTrue(v >= previous, "monotone");
            previous = v;
            share.merge(v, 1, Integer::sum);
        }
        assertEquals(Math.log(3) / Math.log(129), share.get(1) / 1e5, 2e-5);
        assertEquals(Math.log(64.5 / 63.5) / Math.log(129), share.get(64) / 1e5, 2e-5);
        assertEquals(64, share.size(), "every value is reachable");
    }

    @Test
    void everyChoiceRoundTripsAndGetsAnEqualShareOfTheCube() {
        Space s = Space.of(Param.choice("rule", "sgd", "momentum", "adam"));
        for (String c : List.of("sgd", "momentum", "adam")) {
            double[] u = s.encode(s.configuration("rule", c));
            assertEquals(c, s.decode(u).choice("rule"));
        }
        assertArrayEquals(new double[] {0, 0, 1}, s.encode(s.configuration("rule", "adam")));
        // 30,000 uniform points: each share 1/3 ± 5σ, σ = √(2/9/30000) = 0.0027
        RandomStream random = RandomStream.of(11);
        int n = 30_000;
        Map<String, Integer> share = new HashMap<>();
        for (int i = 0; i < n; i++) {
            RandomStream draw = random.fork(i);
            share.merge(s.decode(new double[] {draw.uniform(0), draw.uniform(1), draw.uniform(2)}).choice("rule"), 1,
                    Integer::sum);
        }
        for (String c : List.of("sgd", "momentum", "adam")) {
            assertEquals(1 / 3.0, share.get(c) / (double) n, 5 * Math.sqrt(2.0 / 9 / n), share.toString());
        }
    }

    @Test
    void pointsOutsideTheCubeDecodeToValidConfigurations() {
        Params low = MIXED.decode(new double[] {-3, -1, -0.5, -9, -1, -2, -3});
        Params high = MIXED.decode(new double[] {4, 2, 1.5, 9, 5, 5, 5});
        Params nan = MIXED.decode(new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0});
        assertEquals("{lr=0.0001, momentum=0, hidden=3, layers=1, rule=sgd}", low.toString());
        assertEquals("{lr=1, momentum=0.99, hidden=10, layers=64, rule=sgd}", high.toString());
        assertEquals(0.01, nan.real("lr"), 1e-16);
    }

    @Test
    void mixedConfigurationsRoundTripAndAreReadByName() {
        RandomStream random = RandomStream.of(5);
        for (int i = 0; i < 500; i++) {
            RandomStream draw = random.fork(i);
            double[] u = new double[MIXED.dimension()];
            for (int j = 0; j < u.length; j++) {
                u[j] = draw.uniform(j);
            }
            Params p = MIXED.decode(u);
            assertEquals(p, MIXED.decode(MIXED.encode(p)));
            assertEquals(p.hashCode(), MIXED.decode(MIXED.encode(p)).hashCode());
        }
        Params p = MIXED.configuration("rule", "adam", "lr", 3e-3, "momentum", 0.9, "hidden", 7, "layers", 16);
        assertEquals(3e-3, p.real("lr"));
        assertEquals(7, p.integer("hidden"));
        assertEquals("adam", p.choice("rule"));
        assertEquals(List.of("lr", "momentum", "hidden", "layers", "rule"), List.copyOf(p.asMap().keySet()));
    }

    @Test
    void badSpacesSayWhatToChange() {
        expect(() -> Param.real("lr", 1, 1e-4), "needs lo < hi, got lo = 1, hi = 0.0001; swap them");
        expect(() -> Param.real("lr", 1, 1), "a fixed value is not a hyperparameter");
        expect(() -> Param.choice("rule", "adam"), "choice(\"rule\", \"adam\") has one choice; a fixed value is not a"
                + " hyperparameter");
        expect(() -> Param.integer("hidden", 8, 8), "integer(\"hidden\", lo, hi) needs lo < hi");
        expect(() -> Param.real("lr", Double.NEGATIVE_INFINITY, 1), "needs finite bounds");
        expect(() -> Param.real("wd", 0, 1).log(), "\"wd\" cannot be on a log scale with lower bound 0: log needs lo > 0;"
                + " give a positive lower bound, e.g. real(\"wd\", 1e-5, 1).log()");
        expect(() -> Param.integer("n", -4, 10).log(), "integer(\"n\", 1, 10).log()");
        expect(() -> Param.choice("rule").log(), "no choices: list at least two");
        expect(() -> Param.real("x", -1e308, 1e308), "hi − lo overflows a double");
        Param wide = Param.real("x", -1e307, 1e307); // the widest kind accepted decodes everywhere
        for (double u : new double[] {0, 0.25, 0.5, 1}) {
            assertTrue(Double.isFinite(Space.of(wide).decode(new double[] {u}).real("x")), "u = " + u);
        }
        expect(() -> Param.choice("rule", "sgd", "adam").log(), "\"rule\" is a choice: remove .log()");
        expect(() -> Param.choice("rule", "sgd", "adam", "sgd"), "lists \"sgd\" twice: list each choice once");
        expect(() -> Param.choice("rule", "sgd", null), "contains null");
        expect(() -> Param.real(" ", 0, 1), "a parameter needs a name");
        expect(() -> Space.of(Param.real("lr", 1e-4, 1), Param.integer("lr", 1, 5)),
                "two parameters are named \"lr\"");
        expect(() -> Space.of(), "needs at least one parameter");
    }

    @Test
    void badReadsSayWhatToChange() {
        Params p = MIXED.decode(new double[7]);
        expect(() -> p.real("learning_rate"), "no parameter named \"learning_rate\" in this space; its parameters are"
                + " [lr, momentum, hidden, layers, rule]: check the spelling");
        expect(() -> p.real("hidden"), "\"hidden\" is an integer parameter (hidden ∈ {3 … 10}), not a real: read it"
                + " with p.integer(\"hidden\")");
        expect(() -> p.integer("lr"), "read it with p.real(\"lr\")");
        expect(() -> p.choice("lr"), "read it with p.real(\"lr\")");
        expect(() -> p.real("rule"), "read it with p.choice(\"rule\")");
        expect(() -> MIXED.configuration("lr", 2.0, "momentum", 0, "hidden", 3, "layers", 1, "rule", "sgd"),
                "\"lr\" = 2.0 is not in lr ∈ [0.0001, 1] log: give a number in [0.0001, 1]");
        expect(() -> MIXED.configuration("lr", "0.01", "momentum", 0, "hidden", 3, "layers", 1, "rule", "sgd"),
                "\"lr\" = \"0.01\" (a string) is not in lr ∈ [0.0001, 1] log: give a number in [0.0001, 1]");
        expect(() -> MIXED.configuration("lr", 0.1, "momentum", 0, "hidden", 3, "layers", 1, "rule", 2),
                "\"rule\" = 2 (a number) is not in rule ∈ {sgd, momentum, adam}: give one of [sgd, momentum, adam]");
        expect(() -> MIXED.configuration("lr", 0.1, "momentum", 0, "hidden", 3.5, "layers", 1, "rule", "sgd"),
                "give an integer in [3, 10]");
        expect(() -> MIXED.configuration("lr", 0.1, "momentum", 0, "hidden", 3, "layers", 1, "rule", "lion"),
                "give one of [sgd, momentum, adam]");
        expect(() -> MIXED.configuration("lr", 0.1), "gives no value for \"momentum\"");
        expect(() -> MIXED.decode(new double[3]), "decode(u) needs a point of the 7-dimensional cube, got 3");
    }

    static void expect(Executable bad, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
        assertTrue(e.getMessage().contains(message), () -> "message: " + e.getMessage() + "\nexpected: " + message);
    }
}
