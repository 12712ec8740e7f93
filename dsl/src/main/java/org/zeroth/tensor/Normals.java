package org.zeroth.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Standard-normal vectors from a {@link RandomStream}: element i is the stream's {@code gaussian(i)} (Ziggurat,
 * rounded once to float for float32), filled in {@link Chunks}' fixed chunks on all cores, so the values do not depend
 * on the thread count and can be regenerated from the stream's key. Replaces {@code Nd4j.randn}, ND4J's generator on
 * one thread (1.3–1.7× numpy's {@code standard_normal} here).
 */
final class Normals {
    private Normals() {
    }

    /** A new vector of n standard normals of this type (FLOAT or DOUBLE). */
    static INDArray of(RandomStream z, DataType type, long n) {
        if (z == null) {
            throw new IllegalArgumentException(
                    "Tensors.randn: pass a RandomStream (e.g. RandomStream.of(seed)), not null");
        }
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException(
                    "Tensors.randn: type " + type + "; use DataType.FLOAT or DataType.DOUBLE");
        }
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Tensors.randn: length " + n + "; use 0 ≤ n ≤ 2³¹ − 1");
        }
        return fill(Nd4j.createUninitialized(type, n), z);
    }

    /** Fills x (a float or double array, any shape) with the stream's normals in x's 'c' order; returns x. */
    static INDArray fill(INDArray x, RandomStream z) {
        if (z == null || x == null) {
            throw new IllegalArgumentException("Tensors.randn: pass an array and a RandomStream, not null");
        }
        if (!Tensors.isContiguous(x)) { // a view or another type: fill a contiguous copy, then assign it
            if (x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException(
                        "Tensors.randn: x is " + x.dataType() + "; pass a FLOAT or DOUBLE array");
            }
            INDArray fresh = of(z, x.dataType(), x.length());
            x.assign(fresh.reshape('c', x.shape()));
            fresh.close();
            return x;
        }
        int n = (int) x.length();
        if (n == 0) {
            return x;
        }
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer out = Tensors.readFloats(x);
            Chunks.sum(n, (from, to) -> {
                float[] values = Chunks.floats();
                for (int first = from; first < to; first += Chunks.BLOCK) {
                    int count = Math.min(Chunks.BLOCK, to - first);
                    long[] words = z.words(first, count);
                    for (int k = 0; k < count; k++) {
                        values[k] = (float) Ziggurat.normal(words[k]);
                    }
                    out.put(first, values, 0, count);
                }
                return 0;
            });
        } else {
            DoubleBuffer out = Tensors.read(x);
            Chunks.sum(n, (from, to) -> {
                z.fillGaussian(out, from, to);
                return 0;
            });
        }
        Tensors.written(x);
        return x;
    }
}
