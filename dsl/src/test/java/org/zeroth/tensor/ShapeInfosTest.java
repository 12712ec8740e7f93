package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's shape information with {@link OpRouter} in front of its executioner: for every layout what ND4J's own
 * executioner makes, one wrapper per layout, never closed with an array, bounded.
 */
class ShapeInfosTest {
    private static final DataType[] TYPES = {DataType.FLOAT, DataType.DOUBLE, DataType.INT, DataType.LONG,
        DataType.BOOL};

    @BeforeAll
    static void zerothStarts() {
        Tensors.zeros(1); // Tensors' first use installs the router
    }

    /** One request of the executioner's createShapeInfo: the layout, and the empty flag or the extras. */
    private record Request(long[] shape, long[] stride, long elementWiseStride, char order, DataType type,
            Object flag) {
        DataBuffer of(OpExecutioner executioner) {
            return flag instanceof Boolean empty
                    ? executioner.createShapeInfo(shape, stride, elementWiseStride, order, type, empty)
                    : executioner.createShapeInfo(shape, stride, elementWiseStride, order, type, (Long) flag);
        }
    }

    private static List<Request> layouts() {
        long[][] shapes = {{}, {3}, {1, 3}, {2, 3}, {3, 2}, {2, 3, 4}, {0}, {2, 0}};
        List<Request> requests = new ArrayList<>();
        for (long[] shape : shapes) {
            boolean empty = Arrays.stream(shape).anyMatch(n -> n == 0);
            for (char order : new char[] {'c', 'f'}) {
                long[] stride = Nd4j.getStrides(shape, order);
                for (DataType type : TYPES) {
                    for (long elementWiseStride : new long[] {1, 0}) {
                        requests.add(new Request(shape, stride, elementWiseStride, order, type, empty));
                        long extras = ArrayOptionsHelper.setOptionBit(0L, type);
                        requests.add(new Request(shape, stride, elementWiseStride, order, type, extras));
                        requests.add(new Request(shape, stride, elementWiseStride, order, type,
                                extras | ArrayOptionsHelper.ATYPE_EMPTY_BIT)); // extras differ, the layout not
                        requests.add(new Request(shape, stride, elementWiseStride, order, type, 0L));
                        requests.add(new Request(shape, stride, elementWiseStride, order, type, 1L));
                        requests.add(new Request(shape, stride, elementWiseStride, order, type, true));
                    }
                }
            }
        }
        return requests;
    }

    @Test
    void everyLayoutGetsWhatNd4jsOwnExecutionerMakes() {
        OpExecutioner routed = Nd4j.getExecutioner();
        OpExecutioner nd4j = OpRouter.nd4j();
        assertTrue(OpRouter.routes());
        List<Request> requests = layouts();
        List<Request> twice = new ArrayList<>(requests);
        twice.addAll(requests);
        Collections.shuffle(twice, new Random(12)); // first and repeated requests interleaved
        for (Request request : twice) {
            assertArrayEquals(request.of(nd4j).asLong(), request.of(routed).asLong(), request.toString());
        }
        for (Request request : requests) {
            DataBuffer first = request.of(routed);
            assertSame(first, request.of(routed), "one wrapper per layout: " + request);
            assertFalse(first.closeable(), "a shared wrapper is never closed: " + request);
        }
    }

    @Test
    void arraysOfOneLayoutShareItAndOutliveEachOther() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.create(type, 4, 5);
            INDArray b = Nd4j.create(type, 4, 5);
            assertSame(a.shapeInfoDataBuffer(), b.shapeInfoDataBuffer());
            a.close();
            b.assign(2);
            assertEquals(40, b.sumNumber().doubleValue());
            assertArrayEquals(new long[] {4, 5}, b.shape());
            assertEquals(type, b.dataType());
            INDArray f = Nd4j.create(type, new long[] {4, 5}, 'f'); // another layout: its own
            assertEquals('f', f.ordering());
            assertArrayEquals(new long[] {1, 4}, f.stride());
            INDArray v = Nd4j.create(type, 5);
            INDArray w = Nd4j.create(type, new long[] {5}, 'f');
            assertEquals('c', v.ordering());
            assertEquals('f', w.ordering());
        }
    }

    @Test
    void theCacheStaysBoundedAndWhatItHandedOutStaysValid() {
        List<INDArray> arrays = new ArrayList<>();
        for (int n = 1; n <= ShapeInfos.CAPACITY + 100; n++) { // n distinct layouts: the cache starts over once
            arrays.add(Nd4j.ones(DataType.FLOAT, n));
            assertTrue(ShapeInfos.size() <= ShapeInfos.CAPACITY, "cached layouts: " + ShapeInfos.size());
        }
        for (int n = 1; n <= arrays.size(); n++) {
            INDArray x = arrays.get(n - 1);
            assertArrayEquals(new long[] {n}, x.shape());
            assertEquals(n, x.sumNumber().doubleValue());
        }
    }

    @Test
    void threadsAskingForTheSameLayoutsGetNd4jsInformation() throws Exception {
        OpExecutioner routed = Nd4j.getExecutioner();
        OpExecutioner nd4j = OpRouter.nd4j();
        List<Request> requests = layouts();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) { // each round on freshly shuffled orders, the cache cleared
                ShapeInfos.clear();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    List<Request> mine = new ArrayList<>(requests);
                    Collections.shuffle(mine, new Random(round * 2L + t));
                    done.add(threads.submit(() -> {
                        for (Request request : mine) {
                            assertArrayEquals(request.of(nd4j).asLong(), request.of(routed).asLong());
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
