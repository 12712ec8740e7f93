package org.zeroth.tensor;

/**
 * What a random direction's coordinate is, as a pure function of its counter's 64 bits ({@link RandomStream#bits}):
 * a direction drawn into a buffer and one regenerated in place take the same values from the same stream.
 */
public enum Draw {
    /** A standard normal (the ziggurat method). */
    GAUSSIAN {
        @Override
        double of(long bits) {
            return Ziggurat.normal(bits);
        }

        @Override
        void block(RandomStream z, long first, double[] out, int count) {
            z.gaussians(first, out, count);
        }
    },
    /** ±1 with equal probability: the sign bit. */
    RADEMACHER {
        @Override
        double of(long bits) {
            return (bits >> 63) | 1; // -1 or 1 without a branch: the signs are coin flips, a branch mispredicts half
        }

        @Override
        void block(RandomStream z, long first, double[] out, int count) {
            long[] words = z.words(first, count);
            for (int k = 0; k < count; k++) {
                out[k] = (words[k] >> 63) | 1;
            }
        }
    };

    abstract double of(long bits);

    /**
     * {@code out[k]} = the value of counter {@code first + k} of z, for k in [0, count): each draw its own loop, as
     * a call of {@link #of} per element (two receivers at one call site) costs more than the draw itself.
     */
    abstract void block(RandomStream z, long first, double[] out, int count);
}
