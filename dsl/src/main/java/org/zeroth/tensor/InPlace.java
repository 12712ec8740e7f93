package org.zeroth.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fused loops over a parameter array that is never copied (MeZO): perturb along a regenerated Gaussian
 * direction, and update from several regenerated directions in one pass. No d-sized buffer is allocated.
 */
public final class InPlace {
    private InPlace() {
    }

    /** θ += a · z with z the stream's standard normals. */
    public static void perturb(INDArray theta, RandomStream z, double a) {
        int n = (int) theta.length();
        if (theta.dataType() == DataType.FLOAT) {
            z.addGaussian(a, Tensors.readFloats(theta), 0, n);
        } else {
            z.addGaussian(a, Tensors.read(theta), 0, n);
        }
        Tensors.written(theta);
    }

    /**
     * θ ← θ − (Σᵢ cᵢ zᵢ + decay · θ) in one pass, regenerating every zᵢ; returns the norm of the change.
     */
    public static double update(INDArray theta, RandomStream[] z, double[] c, double decay) {
        int n = (int) theta.length();
        double squares = 0;
        if (theta.dataType() == DataType.FLOAT) {
            FloatBuffer t = Tensors.readFloats(theta);
            for (int j = 0; j < n; j++) {
                float before = t.get(j);
                float after = (float) (before - (combination(z, c, j) + decay * before));
                t.put(j, after);
                squares += (double) (after - before) * (after - before);
            }
        } else {
            DoubleBuffer t = Tensors.read(theta);
            for (int j = 0; j < n; j++) {
                double before = t.get(j);
                double after = before - (combination(z, c, j) + decay * before);
                t.put(j, after);
                squares += (after - before) * (after - before);
            }
        }
        Tensors.written(theta);
        return Math.sqrt(squares);
    }

    private static double combination(RandomStream[] z, double[] c, int j) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            sum += c[i] * z[i].gaussian(j);
        }
        return sum;
    }
}
