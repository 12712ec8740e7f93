package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.any.Assign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A matrix copied from 'f' into 'c' order — by {@code Tensors.copy}, and by ND4J's {@code assign} through the router —
 * holds every element where ND4J's own copy puts it (against reads by index), in blocks and at their edges.
 */
class TransposesTest {
    private static final int[][] SHAPES = {{1, 1}, {1, 7}, {7, 1}, {64, 64}, {65, 130}, {300, 200}};

    @BeforeAll
    static void zerothStarts() {
        Tensors.zeros(1); // Tensors' first use installs the router
    }

    @Test
    void aMatrixInFOrderLandsInCOrderElementByElement() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int[] shape : SHAPES) {
                INDArray source = GemmTest.matrix(type, 'f', shape[0], shape[1], shape[0] * 31 + shape[1]);
                INDArray copied = Nd4j.create(type, shape[0], shape[1]);
                Tensors.copy(source, copied);
                INDArray assigned = Nd4j.create(type, shape[0], shape[1]);
                assigned.assign(source); // through the router
                INDArray own = Nd4j.create(type, shape[0], shape[1]);
                OpRouter.nd4j().exec(new Assign(source, own)); // ND4J's own copy
                for (int i = 0; i < shape[0]; i++) {
                    for (int j = 0; j < shape[1]; j++) {
                        String at = type + " " + shape[0] + "×" + shape[1] + " at " + i + ", " + j;
                        assertEquals(source.getDouble(i, j), copied.getDouble(i, j), "Tensors.copy, " + at);
                        assertEquals(source.getDouble(i, j), assigned.getDouble(i, j), "assign, " + at);
                        assertEquals(own.getDouble(i, j), assigned.getDouble(i, j), "ND4J's own, " + at);
                    }
                }
            }
        }
    }

    @Test
    void otherPairsAreNotTaken() {
        INDArray fortran = GemmTest.matrix(DataType.FLOAT, 'f', 4, 3, 1);
        assertFalse(Transposes.copy(fortran, Nd4j.create(DataType.FLOAT, 3, 4)), "another shape");
        assertFalse(Transposes.copy(fortran, Nd4j.create(DataType.DOUBLE, 4, 3)), "another type");
        assertFalse(Transposes.copy(GemmTest.matrix(DataType.FLOAT, 'c', 4, 3, 2), Nd4j.create(DataType.FLOAT, 4, 3)),
                "a 'c' source (one bulk copy elsewhere)");
        assertFalse(Transposes.copy(fortran, Nd4j.create(DataType.FLOAT, new long[] {4, 3}, 'f')), "an 'f' target");
        INDArray wide = GemmTest.matrix(DataType.FLOAT, 'f', 4, 6, 3);
        assertFalse(Transposes.copy(wide.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)),
                Nd4j.create(DataType.FLOAT, 4, 3)), "a part of an 'f' matrix");
    }
}
