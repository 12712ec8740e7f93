package org.zeroth.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.Run;
import org.zeroth.tensor.RandomStream;
import org.zeroth.tensor.Tensors;

/** What the tests compare and run: the same-run check, objectives and a small sharded regression. */
final class Runs {
    private Runs() {
    }

    /** Same seed, same run: every trace column but time, the counts, best value and final point, bit for bit. */
    static void assertSameRun(Run expected, Run actual) {
        assertEquals(expected.steps(), actual.steps(), "steps");
        assertEquals(expected.evaluations(), actual.evaluations(), "evaluations");
        assertEquals(expected.bestValue(), actual.bestValue(), "best value");
        for (String c : new String[] {"step", "evaluations", "value", "best", "step_norm"}) {
            assertArrayEquals(column(expected, c), column(actual, c), c);
        }
        assertArrayEquals(Tensors.toArray(expected.finalPoint()), Tensors.toArray(actual.finalPoint()), "final point");
    }

    static double[] column(Run run, String name) {
        return run.trace().numberColumn(name).asDoubleArray();
    }

    /** Rastrigin: many local minima, so a population's points differ from step to step. */
    static double rastrigin(INDArray x) {
        double[] v = Tensors.toArray(x);
        double f = 10 * v.length;
        for (double xi : v) {
            f += xi * xi - 10 * Math.cos(2 * Math.PI * xi);
        }
        return f;
    }

    /** One shard of a linear regression: rows x, targets y. */
    record Batch(double[][] x, double[] y) implements Serializable {
    }

    /** Mean squared error of θ (float or double) on a batch. */
    static double mse(Batch b, INDArray theta) {
        double[] w = Tensors.toArray(theta);
        double sum = 0;
        for (int r = 0; r < b.y.length; r++) {
            double p = 0;
            for (int j = 0; j < w.length; j++) {
                p += b.x[r][j] * w[j];
            }
            sum += (p - b.y[r]) * (p - b.y[r]);
        }
        return sum / b.y.length;
    }

    /** k shards of n rows in dimension d, drawn from a fixed seed (non-iid: shard i's rows are shifted by i). */
    static List<Batch> shards(int k, int n, int d) {
        RandomStream r = RandomStream.of(11);
        List<Batch> out = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            double[][] x = new double[n][d];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] = r.fork(s).fork(i).gaussian(j) + 0.1 * s;
                    y[i] += x[i][j] * (j % 3 - 1);
                }
            }
            out.add(new Batch(x, y));
        }
        return out;
    }
}
