package org.zeroth.tensor;

/**
 * Standard normals by the ziggurat method (Marsaglia and Tsang, J. Stat. Softw. 5(8), 2000; 256 layers, with
 * Doornik's fix of drawing the layer and the abscissa from disjoint bits). The method is exact: the density is
 * covered by 256 layers of equal area; a point in a layer's inner part (≈ 99% of draws) is accepted with one
 * multiply and one compare; the rest go through the wedge or tail test. The layer, sign and abscissa all come
 * from one 64-bit word, so a counter-based stream gets each normal from the bits of its own counter.
 */
final class Ziggurat {
    private static final int LAYERS = 256;
    /** Where the tail begins: with it the recurrence below closes (the top layer ends at x = 0). */
    private static final double R = 3.6541528853610088;
    /** Each layer's area: R·f(R) + ∫_R^∞ f = R·e^{−R²/2} + √(π/2)·erfc(R/√2). */
    private static final double AREA = 4.928673233974658e-3;
    private static final double UNIT = 0x1.0p-53;

    /** X[i]: the right edge of layer i (X[0] = AREA/f(R), the base strip's width; X[1] = R; X[256] = 0). */
    static final double[] X = new double[LAYERS + 1];
    /** F[i] = f(X[i]) with f(x) = e^{−x²/2}: the heights between which layer i lies. */
    private static final double[] F = new double[LAYERS + 1];

    static {
        X[0] = AREA / density(R);
        X[1] = R;
        for (int i = 2; i < LAYERS; i++) {
            X[i] = Math.sqrt(-2 * Math.log(AREA / X[i - 1] + density(X[i - 1])));
        }
        X[LAYERS] = 0;
        for (int i = 0; i <= LAYERS; i++) {
            F[i] = density(X[i]);
        }
    }

    private Ziggurat() {
    }

    /**
     * A normal from the word {@code bits}: bits 0–7 pick the layer, bits 12–63 a signed abscissa in [−1, 1)
     * scaled to the layer's width; accepted at once when it falls in the layer's inner part, else decided by
     * {@link #rare}, kept out of line so that this stays a few instructions.
     */
    static double normal(long bits) {
        int layer = (int) bits & 0xFF;
        double x = signedUnit(bits) * X[layer];
        return Math.abs(x) < X[layer + 1] ? x : rare(bits, x);
    }

    /**
     * The wedge and tail tests (≈ 1% of draws). Further randomness comes from a SplitMix64 sequence seeded by
     * the first word, so the result stays a pure function of that word.
     */
    static double rare(long bits, double x) {
        long state = bits;
        while (true) {
            int layer = (int) bits & 0xFF;
            if (layer == 0) {
                // Tail beyond R (Marsaglia 1964): t = −ln(u₁)/R, accept when −2 ln(u₂) > t².
                double t;
                double y;
                do {
                    state += RandomStream.GOLDEN;
                    t = -Math.log(open(RandomStream.mix(state))) / R;
                    state += RandomStream.GOLDEN;
                    y = -Math.log(open(RandomStream.mix(state)));
                } while (y + y <= t * t);
                return x < 0 ? -(R + t) : R + t;
            }
            state += RandomStream.GOLDEN;
            double height = F[layer] + open(RandomStream.mix(state)) * (F[layer + 1] - F[layer]);
            if (height < density(x)) {
                return x;
            }
            state += RandomStream.GOLDEN;
            bits = RandomStream.mix(state);
            x = signedUnit(bits) * X[(int) bits & 0xFF];
            if (Math.abs(x) < X[((int) bits & 0xFF) + 1]) {
                return x;
            }
        }
    }

    /** Bits 12–63 as a double in [−1, 1): exponent bits make [2, 4), no integer conversion (a slow instruction). */
    private static double signedUnit(long bits) {
        return Double.longBitsToDouble(0x4000000000000000L | (bits >>> 12)) - 3.0;
    }

    /** Uniform in (0, 1), never 0. */
    private static double open(long bits) {
        return ((bits >>> 11) + 0.5) * UNIT;
    }

    private static double density(double x) {
        return Math.exp(-0.5 * x * x);
    }
}
