package org.zeroth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.population.Traces;

/** zo.minimizeSharded over local shards: the mean of the shards' losses, every minimizer option, MeZO included. */
class ShardsTest {
    private static final List<double[]> SHARDS = List.of(new double[] {1, 2, 3}, new double[] {-1, 0, 4},
            new double[] {0.5, 0.5, 0.5}, new double[] {2, -3, 1});

    private static double loss(double[] target, INDArray theta) {
        double sum = 0;
        for (int i = 0; i < target.length; i++) {
            double r = theta.getDouble(i) - target[i];
            sum += r * r;
        }
        return sum;
    }

    @Test
    void theObjectiveIsTheMeanOfTheShardsLossesInShardOrder() {
        long[] calls = {0};
        ShardLoss<double[]> counted = (s, theta) -> {
            calls[0]++;
            return loss(s, theta);
        };
        Objective mean = theta -> (((loss(SHARDS.get(0), theta) + loss(SHARDS.get(1), theta)) + loss(SHARDS.get(2),
                theta)) + loss(SHARDS.get(3), theta)) / 4;
        for (boolean inPlace : new boolean[] {false, true}) {
            calls[0] = 0;
            INDArray a = Nd4j.createFromArray(new float[3]);
            INDArray b = Nd4j.createFromArray(new float[3]);
            var sharded = zo.minimizeSharded(Shards.local(SHARDS), counted).from(a).withGaussianDirections(1e-3)
                    .central().queries(2).sgd(1e-2).seed(3).progress(false);
            var whole = zo.minimize(mean).from(b).withGaussianDirections(1e-3).central().queries(2).sgd(1e-2).seed(3)
                    .progress(false);
            Run r = (inPlace ? sharded.inPlace() : sharded).steps(10);
            Traces.assertSameRun((inPlace ? whole.inPlace() : whole).steps(10), r);
            assertEquals(4 * r.evaluations(), calls[0], "each evaluation asks every shard once");
            assertArrayEquals(b.toFloatVector(), a.toFloatVector());
            assertEquals(4, r.config().get("shards"));
            assertEquals("mean loss over 4 shards", r.config().get("objective"), "named by its data, not its layout");
        }
    }

    @Test
    void badShardsSayWhatToGive() {
        var e = assertThrows(IllegalArgumentException.class, () -> Shards.local(List.of()));
        assertTrue(e.getMessage().contains("at least one shard"), e.getMessage());
        var n = assertThrows(IllegalArgumentException.class, () -> zo.minimizeSharded(null, ShardsTest::loss));
        assertTrue(n.getMessage().contains("Shards.local(list)"), n.getMessage());
    }
}
