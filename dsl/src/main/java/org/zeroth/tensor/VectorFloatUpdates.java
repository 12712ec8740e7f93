package org.zeroth.tensor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatUpdates} on the Vector API: four floats at a time widened to a 256-bit double vector, computed there
 * and narrowed back. Loaded by name from {@link FloatUpdates#FASTEST} only when the incubator module is there. Each
 * loop is reached through a method handle in a non-final field, so that C2 compiles it on its own (see
 * {@link VectorBlockSums}: inlined into a larger caller, the vectors were boxed and a loop ran several times slower).
 */
final class VectorFloatUpdates implements FloatUpdates {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;
    private static final int STEP = 4;
    // Not final, never reassigned: a final handle is a constant to C2, which would inline the loop again.
    private static MethodHandle axpy = loop("axpy", double.class, float[].class, float[].class, int.class);
    private static MethodHandle scale = loop("scale", float[].class, double.class, int.class);

    VectorFloatUpdates() {
        VectorBlockSums.requireWideVectors();
    }

    private static MethodHandle loop(String name, Class<?>... parameters) {
        try {
            return MethodHandles.lookup().findStatic(VectorFloatUpdates.class, name + "Loop",
                    MethodType.methodType(void.class, parameters));
        } catch (ReflectiveOperationException e) {
            throw new LinkageError(name, e);
        }
    }

    @Override
    public void axpy(double a, float[] x, float[] y, int count) {
        try {
            axpy.invokeExact(a, x, y, count);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void scale(float[] y, double factor, int count) {
        try {
            scale.invokeExact(y, factor, count);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static DoubleVector widened(float[] u, int k) {
        return (DoubleVector) FloatVector.fromArray(FLOATS, u, k).convertShape(VectorOperators.F2D, DOUBLES, 0);
    }

    private static void narrowed(DoubleVector v, float[] u, int k) {
        ((FloatVector) v.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(u, k);
    }

    private static void axpyLoop(double a, float[] x, float[] y, int count) {
        int k = 0;
        for (; k + STEP <= count; k += STEP) {
            narrowed(widened(y, k).add(widened(x, k).mul(a)), y, k);
        }
        for (; k < count; k++) {
            y[k] = (float) (y[k] + a * x[k]);
        }
    }

    private static void scaleLoop(float[] y, double factor, int count) {
        int k = 0;
        for (; k + STEP <= count; k += STEP) {
            narrowed(widened(y, k).mul(factor), y, k);
        }
        for (; k < count; k++) {
            y[k] = (float) (y[k] * factor);
        }
    }
}
