package org.zeroth.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A matrix copied from 'f' order into 'c' order, in square blocks that keep both sides' cache lines in use. ND4J's
 * {@code assign} walks it one element at a time: 2.0–2.4 ms for 1000² float32 in a probe, against 0.9–1.1 here
 * (bench/README.md). ND4J's {@code a.mmul(b)} ends with that copy ({@link OpRouter}); {@link Tensors#copy} takes it too.
 */
final class Transposes {
    /** Elements per side of a block: 64 was faster than 16 and 32 in the probe. */
    private static final int BLOCK = 64;

    private Transposes() {
    }

    /**
     * target = source for a whole 'f'-ordered source and a whole 'c'-ordered target (each its own buffer) of one shape
     * and type, float32 or float64; false, and nothing written, for any other pair.
     */
    static boolean copy(INDArray source, INDArray target) {
        if (source == null || target == null || source.rank() != 2 || target.rank() != 2 || source.isEmpty()
                || source.dataType() != target.dataType() || !Arrays.equals(source.shape(), target.shape())
                || source.length() > Integer.MAX_VALUE || !Tensors.isContiguous(target)
                || !Tensors.isContiguous(source.transpose()) // an 'f' matrix is a 'c' one transposed
                || Blas.host(source).address() == Blas.host(target).address()) {
            return false;
        }
        int m = (int) source.size(0);
        int n = (int) source.size(1);
        if (target.dataType() == DataType.FLOAT) {
            FloatBuffer from = Tensors.readFloats(source.transpose());
            FloatBuffer to = Tensors.readFloats(target);
            inBlocks(m, n, (i, j) -> to.put(i * n + j, from.get(j * m + i)));
        } else {
            DoubleBuffer from = Tensors.read(source.transpose());
            DoubleBuffer to = Tensors.read(target);
            inBlocks(m, n, (i, j) -> to.put(i * n + j, from.get(j * m + i)));
        }
        Tensors.written(target);
        return true;
    }

    private interface Element {
        void copy(int row, int column);
    }

    private static void inBlocks(int m, int n, Element element) {
        for (int rows = 0; rows < m; rows += BLOCK) {
            for (int columns = 0; columns < n; columns += BLOCK) {
                int lastRow = Math.min(m, rows + BLOCK);
                int lastColumn = Math.min(n, columns + BLOCK);
                for (int i = rows; i < lastRow; i++) {
                    for (int j = columns; j < lastColumn; j++) {
                        element.copy(i, j);
                    }
                }
            }
        }
    }
}
