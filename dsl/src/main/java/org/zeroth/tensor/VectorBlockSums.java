package org.zeroth.tensor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockSums} on the Vector API: four 256-bit double vectors hold the sixteen lanes, each fed by four floats
 * widened to double. Loaded by name from {@link BlockSums#FASTEST} only when the incubator module is there.
 *
 * <p>Each loop is reached through a method handle in a non-final field, which C2 cannot inline: so it compiles each
 * loop on its own. Inlined together into one caller, the loops' Vector API calls ran past C2's node budget
 * ({@code NodeCountInliningCutoff}), the vectors were boxed and a loop ran 7–15× slower (seen here: Σxy at 10⁶
 * 195 µs, then 1,384 µs once Σx and Σ(x − y)² had been used too).
 */
final class VectorBlockSums implements BlockSums {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;
    private static final MethodType LOOP = MethodType.methodType(void.class, float[].class, float[].class, int.class,
            double[].class);
    // Not final, never reassigned: a final handle is a constant to C2, which would inline the loop again.
    private static MethodHandle terms = loop("terms");
    private static MethodHandle products = loop("products");
    private static MethodHandle squaredDifferences = loop("squaredDifferences");

    VectorBlockSums() {
        requireWideVectors();
    }

    /** Below 256-bit vectors the API falls back to Java code far slower than the scalar loops. */
    static void requireWideVectors() {
        if (DoubleVector.SPECIES_PREFERRED.vectorBitSize() < DOUBLES.vectorBitSize()) {
            throw new UnsupportedOperationException("no 256-bit vectors on this CPU");
        }
    }

    private static DoubleVector widened(float[] u, int k) {
        return (DoubleVector) FloatVector.fromArray(FLOATS, u, k).convertShape(VectorOperators.F2D, DOUBLES, 0);
    }

    private static MethodHandle loop(String name) {
        try {
            return MethodHandles.lookup().findStatic(VectorBlockSums.class, name, LOOP);
        } catch (ReflectiveOperationException e) {
            throw new LinkageError(name, e);
        }
    }

    @Override
    public void addTerms(float[] u, int count, double[] lanes) {
        run(terms, u, null, count, lanes);
    }

    @Override
    public void addProducts(float[] u, float[] v, int count, double[] lanes) {
        run(products, u, v, count, lanes);
    }

    @Override
    public void addSquaredDifferences(float[] u, float[] v, int count, double[] lanes) {
        run(squaredDifferences, u, v, count, lanes);
    }

    private static void run(MethodHandle loop, float[] u, float[] v, int count, double[] lanes) {
        try {
            loop.invokeExact(u, v, count, lanes);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void terms(float[] u, float[] unused, int count, double[] lanes) {
        DoubleVector a0 = DoubleVector.fromArray(DOUBLES, lanes, 0);
        DoubleVector a1 = DoubleVector.fromArray(DOUBLES, lanes, 4);
        DoubleVector a2 = DoubleVector.fromArray(DOUBLES, lanes, 8);
        DoubleVector a3 = DoubleVector.fromArray(DOUBLES, lanes, 12);
        int k = 0;
        for (; k + LANES <= count; k += LANES) {
            a0 = a0.add(widened(u, k));
            a1 = a1.add(widened(u, k + 4));
            a2 = a2.add(widened(u, k + 8));
            a3 = a3.add(widened(u, k + 12));
        }
        store(a0, a1, a2, a3, lanes);
        for (; k < count; k++) {
            lanes[k % LANES] += u[k];
        }
    }

    private static void products(float[] u, float[] v, int count, double[] lanes) {
        DoubleVector a0 = DoubleVector.fromArray(DOUBLES, lanes, 0);
        DoubleVector a1 = DoubleVector.fromArray(DOUBLES, lanes, 4);
        DoubleVector a2 = DoubleVector.fromArray(DOUBLES, lanes, 8);
        DoubleVector a3 = DoubleVector.fromArray(DOUBLES, lanes, 12);
        int k = 0;
        for (; k + LANES <= count; k += LANES) {
            a0 = a0.add(widened(u, k).mul(widened(v, k)));
            a1 = a1.add(widened(u, k + 4).mul(widened(v, k + 4)));
            a2 = a2.add(widened(u, k + 8).mul(widened(v, k + 8)));
            a3 = a3.add(widened(u, k + 12).mul(widened(v, k + 12)));
        }
        store(a0, a1, a2, a3, lanes);
        for (; k < count; k++) {
            lanes[k % LANES] += (double) u[k] * v[k];
        }
    }

    private static void squaredDifferences(float[] u, float[] v, int count, double[] lanes) {
        DoubleVector a0 = DoubleVector.fromArray(DOUBLES, lanes, 0);
        DoubleVector a1 = DoubleVector.fromArray(DOUBLES, lanes, 4);
        DoubleVector a2 = DoubleVector.fromArray(DOUBLES, lanes, 8);
        DoubleVector a3 = DoubleVector.fromArray(DOUBLES, lanes, 12);
        int k = 0;
        for (; k + LANES <= count; k += LANES) {
            DoubleVector e0 = widened(u, k).sub(widened(v, k));
            DoubleVector e1 = widened(u, k + 4).sub(widened(v, k + 4));
            DoubleVector e2 = widened(u, k + 8).sub(widened(v, k + 8));
            DoubleVector e3 = widened(u, k + 12).sub(widened(v, k + 12));
            a0 = a0.add(e0.mul(e0));
            a1 = a1.add(e1.mul(e1));
            a2 = a2.add(e2.mul(e2));
            a3 = a3.add(e3.mul(e3));
        }
        store(a0, a1, a2, a3, lanes);
        for (; k < count; k++) {
            double e = (double) u[k] - v[k];
            lanes[k % LANES] += e * e;
        }
    }

    private static void store(DoubleVector a0, DoubleVector a1, DoubleVector a2, DoubleVector a3, double[] lanes) {
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, 4);
        a2.intoArray(lanes, 8);
        a3.intoArray(lanes, 12);
    }
}
