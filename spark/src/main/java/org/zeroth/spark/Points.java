package org.zeroth.spark;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.Bounds;
import org.zeroth.Perturbations.Perturbation;
import org.zeroth.tensor.Tensors;

/** What travels to executors and back: a point's values with its type and shape, an evaluation's outcome. */
final class Points {
    private Points() {
    }

    /** A point as plain arrays (float points stay float, so the executor evaluates the same bits). */
    record Point(int index, long[] shape, double[] doubles, float[] floats) implements Serializable {
        static Point of(int index, INDArray x) {
            INDArray c = Tensors.isContiguous(x) ? x : x.dup('c'); // its buffer is then its values in 'c' order
            return c.dataType() == DataType.FLOAT
                    ? new Point(index, c.shape(), null, c.data().asFloat())
                    : new Point(index, c.shape(), c.castTo(DataType.DOUBLE).data().asDouble(), null);
        }

        INDArray array() {
            // a new array of its own, not a reshaped view: in-place code (MeZO's replicas) needs contiguous θ
            return floats != null ? Nd4j.create(floats, shape, 'c') : Nd4j.create(doubles, shape, 'c');
        }
    }

    /** A batch's centre and the box its points are projected onto (or null), broadcast once per batch. */
    record Centre(Point point, Bounds bounds) implements Serializable {
    }

    /** Point {@code index} of a batch as its recipe around the broadcast centre. */
    record Move(int index, Perturbation move) implements Serializable {
    }

    /** f at point {@code index}, or what it threw (as thrown when it can travel, else its text and stack). */
    record Outcome(int index, double value, Throwable error) implements Serializable {
        static Outcome failed(int index, Throwable e) {
            return new Outcome(index, Double.NaN, travelling(e));
        }
    }

    /** e itself when it serializes, else a RuntimeException with its text and stack trace. */
    static Throwable travelling(Throwable e) {
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(e);
            return e;
        } catch (Exception notSerializable) {
            RuntimeException copy = new RuntimeException(e.toString());
            copy.setStackTrace(e.getStackTrace());
            return copy;
        }
    }

    /**
     * The serialized size of {@code value}, or a clear error when it cannot be shipped: what is not serializable
     * and what to do about it.
     */
    static int requireSerializable(Object value, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(what + " cannot be sent to Spark's executors: it holds an object of "
                    + e.getMessage() + through(value) + ", which is not Serializable. A lambda is serializable when"
                    + " everything it captures is: capture numbers, arrays, Strings or Serializable objects (" + (e.getMessage()
                    .startsWith("java") ? simpleName(e.getMessage()) + " is the JDK's: capture what you need of it"
                    : "make " + simpleName(e.getMessage()) + " implement java.io.Serializable")
                    + ", or create it inside the lambda), and avoid capturing 'this' of a non-serializable class", e);
        } catch (Exception e) {
            throw new IllegalArgumentException(what + " cannot be sent to Spark's executors: serializing it failed"
                    + " with " + e + "; make what it captures Serializable", e);
        }
        return bytes.size();
    }

    /** The fields that lead from {@code value} to what cannot be serialized, e.g. " (in field holder.lock)". */
    private static String through(Object value) {
        List<String> path = culprit(captured(value), new java.util.IdentityHashMap<>(), 0);
        return path == null || path.isEmpty() ? "" : " (in field " + String.join(".", path) + ")";
    }

    /** What serialization writes for a lambda: its captured values; for other objects, the object itself. */
    private static Object captured(Object value) {
        try {
            java.lang.reflect.Method replace = value.getClass().getDeclaredMethod("writeReplace");
            replace.setAccessible(true);
            if (replace.invoke(value) instanceof java.lang.invoke.SerializedLambda lambda) {
                Object[] args = new Object[lambda.getCapturedArgCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = lambda.getCapturedArg(i);
                }
                return args;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not a lambda
        }
        return value;
    }

    /** Field names from {@code value} to the first object that is not Serializable, or null if none is found. */
    private static List<String> culprit(Object value, java.util.Map<Object, Boolean> seen, int depth) {
        if (value == null || depth > 6 || seen.put(value, true) != null) {
            return null;
        }
        if (value instanceof Object[] array) {
            for (Object element : array) {
                List<String> path = culprit(element, seen, depth + 1);
                if (path != null) {
                    return path;
                }
            }
            return null;
        }
        if (!(value instanceof Serializable)) {
            return new ArrayList<>();
        }
        for (Class<?> c = value.getClass(); c != null && !c.getName().startsWith("java."); c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                int modifiers = f.getModifiers();
                if (java.lang.reflect.Modifier.isStatic(modifiers) || java.lang.reflect.Modifier.isTransient(modifiers)
                        || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    List<String> path = culprit(f.get(value), seen, depth + 1);
                    if (path != null) {
                        path.add(0, f.getName());
                        return path;
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // a field we cannot read: serialization will say what it says
                }
            }
        }
        return null;
    }

    private static String simpleName(String className) {
        String name = String.valueOf(className);
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
