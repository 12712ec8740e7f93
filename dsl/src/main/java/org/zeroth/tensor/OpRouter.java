package org.zeroth.tensor;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Norm2;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the ND4J ops objectives are written with by Zeroth's loops, under ND4J's own API. {@code x.addi(y)}, {@code
 * x.subi(y)}, {@code x.muli(y)}, {@code x.add(y)}, {@code x.sub(y)}, {@code x.mul(y)} on arrays of one shape and type
 * (float32 or float64, each its whole buffer in 'c' order: see {@link Tensors#isContiguous}) go to {@link
 * NativeLoops}, on all cores from 2·64 Ki elements, with the bits of ND4J's loops (one IEEE sum, difference or product
 * per element): in place at 10⁶ floats in about 0.6× their time, on one element in 1 µs against 4–5. {@code
 * x.norm2Number()} / {@code x.sumNumber()} (and {@code norm2()} / {@code sum()} over the whole array) go to {@link
 * Sums}, accumulated in double, where ND4J's float loops are off by up to 0.8 % at 10⁷ elements. Everything else
 * (broadcasting, parts of arrays, permutations, mixed types, reductions along an axis, other ops) goes to ND4J's
 * executioner unchanged (bench/README.md, "ND4J's own ops through Zeroth's loops").
 *
 * <p>ND4J reads its executioner from one static field, set from its backend's properties, with no setter: {@link
 * #install} puts a proxy of the same interface there, once, where Zeroth starts ({@link Tensors}' first use), on the
 * CPU backend only and where the loops in C are built. Opt out with {@code -Dzeroth.nd4jOps=nd4j} or {@code
 * ZEROTH_ND4J_OPS=nd4j}.
 */
public final class OpRouter {
    public static final String PROPERTY = "zeroth.nd4jOps";
    public static final String ENVIRONMENT = "ZEROTH_ND4J_OPS";
    private static final Method EXEC_CUSTOM = method("exec", CustomOp.class);
    private static final Method EXEC_REDUCE = method("exec", ReduceOp.class);
    /** The dimensions ND4J gives a reduction over the whole array. */
    private static final int WHOLE_ARRAY = Integer.MAX_VALUE;
    private static volatile String installed;

    private OpRouter() {
    }

    /** Installs the router once (later calls return at once); returns what it did. */
    public static String install() {
        String done = installed;
        if (done != null) {
            return done;
        }
        synchronized (OpRouter.class) {
            if (installed == null) {
                installed = install(choice(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT)));
            }
            return installed;
        }
    }

    /** Whether ND4J's executioner is this router now. */
    public static boolean routes() {
        OpExecutioner current = Nd4j.getExecutioner();
        return Proxy.isProxyClass(current.getClass()) && Proxy.getInvocationHandler(current) instanceof Router;
    }

    /** ND4J's own executioner, with or without the router in front of it (for tests and comparisons). */
    static OpExecutioner nd4j() {
        OpExecutioner current = Nd4j.getExecutioner();
        return routes() ? ((Router) Proxy.getInvocationHandler(current)).nd4j : current;
    }

    /** "zeroth" or "nd4j", from the property first, then the environment variable. */
    static String choice(String property, String environment) {
        String raw = property != null && !property.isBlank() ? property : environment;
        String value = raw == null || raw.isBlank() ? "zeroth" : raw.strip().toLowerCase(Locale.ROOT);
        if (value.equals("zeroth") || value.equals("nd4j")) {
            return value;
        }
        throw new IllegalArgumentException(PROPERTY + " / " + ENVIRONMENT + " is '" + raw
                + "': use 'zeroth' (ND4J's element-wise ops, norms and sums by Zeroth's loops) or 'nd4j' (ND4J's own)");
    }

    private static String install(String choice) {
        if (choice.equals("nd4j")) {
            return "ND4J's own ops (" + PROPERTY + "=nd4j)";
        }
        OpExecutioner current = Nd4j.getExecutioner();
        if (current.type() != OpExecutioner.ExecutionerType.NATIVE_CPU) {
            return "ND4J's own ops (backend " + current.type() + ")";
        }
        if (!NativeLoops.AVAILABLE) {
            return "ND4J's own ops (" + NativeLoops.WHY_UNAVAILABLE + ")";
        }
        try {
            Field field = Nd4j.class.getDeclaredField("OP_EXECUTIONER_INSTANCE");
            field.setAccessible(true);
            Class<?>[] face = {OpExecutioner.class};
            field.set(null, Proxy.newProxyInstance(OpRouter.class.getClassLoader(), face, new Router(current)));
            return "element-wise ops, norms and sums by Zeroth's loops";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "ND4J's own ops (its executioner could not be replaced: " + e + ")";
        }
    }

    /** ND4J's executioner with the ops above taken out of its hands. */
    private static final class Router implements InvocationHandler {
        private final OpExecutioner nd4j;

        Router(OpExecutioner nd4j) {
            this.nd4j = nd4j;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.equals(EXEC_CUSTOM) && args[0] instanceof CustomOp && pairwise((CustomOp) args[0])) {
                return ((CustomOp) args[0]).outputArguments().toArray(new INDArray[0]);
            }
            if (method.equals(EXEC_REDUCE) && args[0] instanceof ReduceOp) {
                INDArray result = whole((ReduceOp) args[0]);
                if (result != null) {
                    return result;
                }
            }
            try {
                return method.invoke(nd4j, args);
            } catch (InvocationTargetException e) {
                throw e.getCause(); // ND4J's own exception, as without the router
            }
        }
    }

    /** z = x op y for Add, Sub and Mul on arrays the loops take; false leaves the op to ND4J. */
    private static boolean pairwise(CustomOp op) {
        int kind = op.getClass() == AddOp.class ? NativeLoops.ADD : op.getClass() == SubOp.class ? NativeLoops.SUBTRACT
                : op.getClass() == MulOp.class ? NativeLoops.MULTIPLY : -1;
        if (kind < 0 || op.numInputArguments() != 2 || op.numOutputArguments() != 1) {
            return false;
        }
        INDArray x = op.getInputArgument(0);
        INDArray y = op.getInputArgument(1);
        INDArray z = op.getOutputArgument(0);
        if (x.isEmpty() || !inPlace(x) || !inPlace(y) || !inPlace(z) || !NativeLoops.take(x, y)
                || z.dataType() != x.dataType() || !Arrays.equals(x.shape(), y.shape())
                || !Arrays.equals(x.shape(), z.shape())) {
            return false;
        }
        long target = Blas.host(z).address();
        if (target == Blas.host(x).address()) { // x op= y: a pass over two arrays
            if (kind == NativeLoops.MULTIPLY) {
                NativeLoops.multiply(y, x);
            } else {
                NativeLoops.axpy(kind == NativeLoops.SUBTRACT ? -1 : 1, y, x);
            }
        } else {
            NativeLoops.combine(kind, x, y, z); // a new z (x.add(y)), or y itself (x.subi(y, y))
        }
        Tensors.written(z);
        return true;
    }

    /** ‖x‖ or Σx over all of x, as a new scalar of the op's result type; null leaves the op to ND4J. */
    private static INDArray whole(ReduceOp op) {
        boolean norm = op.getClass() == Norm2.class;
        if (!norm && op.getClass() != Sum.class || op.z() != null || op.y() != null || op.isKeepDims()) {
            return null;
        }
        INDArray x = op.x();
        if (x == null || x.length() > Integer.MAX_VALUE || !inPlace(x)
                || !overWhole(op.dimensions(), x)) {
            return null; // Sums takes up to 2³¹ − 1 elements
        }
        double value = norm ? Tensors.norm(x) : Tensors.sum(x);
        DataType type = op.resultType();
        INDArray result = Nd4j.scalar(type, type == DataType.DOUBLE ? value : (float) value);
        op.setZ(result);
        return result;
    }

    private static boolean overWhole(INDArray dimensions, INDArray x) {
        if (dimensions == null || dimensions.length() == 1 && dimensions.getInt(0) == WHOLE_ARRAY) {
            return true;
        }
        int[] axes = dimensions.toIntVector();
        Arrays.sort(axes);
        for (int k = 0; k < axes.length; k++) {
            if (axes[k] != k) {
                return false;
            }
        }
        return axes.length == x.rank();
    }

    /** A float32 or float64 array in 'c' order on its own memory from its start (in a workspace or not). */
    private static boolean inPlace(INDArray a) {
        return a != null && Tensors.isContiguous(a);
    }

    private static Method method(String name, Class<?>... parameters) {
        try {
            return OpExecutioner.class.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
