package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.blas.Level3;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.BlasWrapper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's matrix products with {@link OpRouter} in front of its BLAS wrapper and executioner: every layout, transpose
 * and scale within GEMM's error bound (against {@link GemmTest}'s loop in double), and the temporary ND4J's
 * {@code mmuli} writes its product into closed after ND4J's copy, no other array.
 */
class OpRouterProductsTest {
    private static final DataType[] TYPES = {DataType.FLOAT, DataType.DOUBLE};

    @BeforeAll
    static void zerothStarts() {
        Tensors.zeros(1); // Tensors' first use installs the router
    }

    @Test
    void nd4jsMatrixProductsAreRightInEveryLayout() {
        for (DataType type : TYPES) {
            for (char oa : new char[] {'c', 'f'}) {
                for (char ob : new char[] {'c', 'f'}) {
                    INDArray a = GemmTest.matrix(type, oa, 70, 50, 1);
                    INDArray b = GemmTest.matrix(type, ob, 50, 30, 2);
                    INDArray product = a.mmul(b);
                    assertEquals(type, product.dataType());
                    GemmTest.check(a, b, product);
                }
            }
            INDArray a = GemmTest.matrix(type, 'c', 300, 200, 3); // in blocks on the team
            INDArray b = GemmTest.matrix(type, 'c', 200, 250, 4);
            GemmTest.check(a, b, a.mmul(b));
            INDArray s = GemmTest.matrix(type, 'c', 200, 200, 5); // square: a transpose on the wrong side still chains
            INDArray t = GemmTest.matrix(type, 'c', 200, 200, 6);
            INDArray c = Nd4j.create(type, 200, 200);
            Nd4j.gemm(s, t, c, true, false, 1, 0);
            GemmTest.check(s.transpose(), t, c);
            INDArray d = Nd4j.create(type, new long[] {200, 200}, 'f');
            Nd4j.gemm(s, t, d, false, true, 1, 0);
            GemmTest.check(s, t.transpose(), d);
            INDArray e = Nd4j.create(type, 200, 200);
            Nd4j.exec(new Mmul(s, t, e, MMulTranspose.builder().transposeA(true).build()));
            GemmTest.check(s.transpose(), t, e);
            INDArray f = Nd4j.create(type, 200, 200);
            Nd4j.getBlasWrapper().level3().gemm(s, t, f, false, true, 1, 0);
            GemmTest.check(s, t.transpose(), f);
            INDArray scaled = Nd4j.create(type, 200, 200); // α = 2: ND4J's own product
            Nd4j.getBlasWrapper().level3().gemm(s, t, scaled, true, false, 2, 0);
            GemmTest.check(s.transpose().mul(2), t, scaled);
            Nd4j.gemm(s, t, scaled, false, false, 2, 0);
            GemmTest.check(s.mul(2), t, scaled);
            INDArray row = a.getRow(7, true); // a 1 × 200 view
            GemmTest.check(row, b, row.mmul(b));
        }
    }

    @Test
    void theTemporaryOfNd4jsProductIsClosedAfterItsCopyAndNoOtherArrayIs() throws Exception {
        List<INDArray> written = new ArrayList<>(); // what ND4J's level 3 gemm writes: a.mmul(b)'s temporary
        BlasWrapper routed = Nd4j.getBlasWrapper();
        Level3 products = routed.level3();
        Level3 seen = spy(Level3.class, products, (method, args) -> {
            if (method.getName().equals("gemm") && args.length == 8) {
                written.add((INDArray) args[7]);
            }
        });
        BlasWrapper wrapper = (BlasWrapper) Proxy.newProxyInstance(BlasWrapper.class.getClassLoader(),
                new Class<?>[] {BlasWrapper.class}, (proxy, method, args) -> method.getName().equals("level3")
                        ? seen : call(method, routed, args));
        Field field = Nd4j.class.getDeclaredField("BLAS_WRAPPER_INSTANCE");
        field.setAccessible(true);
        field.set(null, wrapper);
        try {
            for (DataType type : TYPES) {
                INDArray a = GemmTest.matrix(type, 'c', 70, 50, 7);
                INDArray b = GemmTest.matrix(type, 'c', 50, 30, 8);
                written.clear();
                INDArray product = a.mmul(b); // into a 'c' result through an 'f' temporary
                GemmTest.check(a, b, product);
                assertEquals(1, written.size());
                assertTrue(written.get(0) != product && written.get(0).ordering() == 'f', "a temporary");
                assertTrue(written.get(0).wasClosed(), "mmul's temporary closed after the copy");
                INDArray square = GemmTest.matrix(type, 'c', 50, 50, 9);
                INDArray before = square.dup();
                square.mmuli(square.dup()); // the result is an operand: a temporary too
                GemmTest.check(before, before, square);
                assertTrue(written.get(1).wasClosed(), "mmuli's temporary closed");
                INDArray fortran = Nd4j.create(type, new long[] {70, 30}, 'f'); // written as it is, no temporary
                a.mmuli(b, fortran);
                assertTrue(written.get(2) == fortran && !fortran.wasClosed(), "the caller's result stays open");
                INDArray copy = Nd4j.create(type, 70, 30);
                copy.assign(fortran); // the caller's own copy of an 'f' matrix
                assertTrue(!fortran.wasClosed() && copy.equalsWithEps(product, 1e-4), "a copy outside mmuli");
            }
        } finally {
            field.set(null, routed);
        }
        assertTrue(OpRouter.routes(), "the router's BLAS wrapper back");
    }

    /** A proxy of {@code face} that shows each call to {@code look} and then makes it on {@code target}. */
    private static <T> T spy(Class<T> face, T target, BiConsumer<Method, Object[]> look) {
        return face.cast(Proxy.newProxyInstance(face.getClassLoader(), new Class<?>[] {face}, (proxy, method, args) -> {
            look.accept(method, args);
            return call(method, target, args);
        }));
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
