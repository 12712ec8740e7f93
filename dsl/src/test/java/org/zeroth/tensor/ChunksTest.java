package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Chunks' gathered update touches exactly the given positions, in position order, across blocks and chunks. */
class ChunksTest {
    // 3 chunks and a half of positions (each chunk 32 blocks), spread over 4× as many elements
    private static final int POSITIONS = 3 * Chunks.CHUNK + Chunks.CHUNK / 2 + 17;
    private static final int N = 4 * POSITIONS;

    /** Sorted distinct positions in [0, N): every fourth element, shifted at random within its four. */
    private static int[] positions() {
        Random random = new Random(3);
        return IntStream.range(0, POSITIONS).map(j -> 4 * j + random.nextInt(4)).toArray();
    }

    @Test
    void aGatheredFloatUpdateWritesBackToItsPositionsOnly() {
        int[] at = positions();
        FloatBuffer buffer = FloatBuffer.allocate(N);
        for (int i = 0; i < N; i++) {
            buffer.put(i, i);
        }
        // the body sees position p's element at values[p − first] and adds p + 0.5 to it; it returns their count
        double visited = Chunks.update(buffer, at, (values, first, count) -> {
            for (int k = 0; k < count; k++) {
                values[k] += first + k + 0.5f;
            }
            return count;
        });
        assertEquals(POSITIONS, visited, 0);
        boolean[] touched = new boolean[N];
        for (int p = 0; p < at.length; p++) {
            touched[at[p]] = true;
            assertEquals((float) at[p] + (p + 0.5f), buffer.get(at[p]), 0f, "position " + p);
        }
        for (int i = 0; i < N; i++) {
            if (!touched[i]) {
                assertEquals(i, buffer.get(i), 0f, "element " + i + " is no position: unchanged");
            }
        }
    }

    @Test
    void aGatheredDoubleUpdateWritesBackToItsPositionsOnly() {
        int[] at = positions();
        DoubleBuffer buffer = DoubleBuffer.allocate(N);
        for (int i = 0; i < N; i++) {
            buffer.put(i, -i);
        }
        double visited = Chunks.update(buffer, at, (values, first, count) -> {
            for (int k = 0; k < count; k++) {
                values[k] = 2 * values[k] + first + k;
            }
            return count;
        });
        assertEquals(POSITIONS, visited, 0);
        boolean[] touched = new boolean[N];
        for (int p = 0; p < at.length; p++) {
            touched[at[p]] = true;
            assertEquals(-2.0 * at[p] + p, buffer.get(at[p]), 0.0, "position " + p);
        }
        for (int i = 0; i < N; i++) {
            if (!touched[i]) {
                assertEquals(-i, buffer.get(i), 0.0, "element " + i + " is no position: unchanged");
            }
        }
    }
}
