package org.zeroth.tensor;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.blas.Level3;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Norm2;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.transforms.any.Assign;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.BlasWrapper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the ND4J ops objectives are written with by Zeroth's loops, under ND4J's own API. {@code x.addi(y)}, {@code
 * x.subi(y)}, {@code x.muli(y)}, {@code x.add(y)}, {@code x.sub(y)}, {@code x.mul(y)} on arrays of one shape and type
 * (float32 or float64, each its whole buffer in 'c' order: see {@link Tensors#isContiguous}) go to {@link NativeLoops},
 * on all cores from 2·64 Ki elements, with the bits of ND4J's loops (one IEEE sum, difference or product per element):
 * in place at 10⁶ floats in about 0.6× their time, on one element in 1 µs against 4–5. {@code x.norm2Number()} / {@code
 * x.sumNumber()} (and {@code norm2()} / {@code sum()} over the whole array) go to {@link Sums}, accumulated in double,
 * where ND4J's float loops are off by up to 0.8 % at 10⁷ elements. Products of two matrices ({@code a.mmul(b)}, {@code
 * Nd4j.gemm}) go to {@link Gemm}, on all cores; a copy of a whole 'f' matrix into a whole 'c' one ({@code c.assign(f)},
 * the end of {@code a.mmul(b)}) to {@link Transposes}, after which {@code a.mmul(b)}'s temporary is closed. {@code
 * Nd4j.randn} fills by {@link Normals}, keyed by one draw of ND4J's generator (seeded as before, but not ND4J's
 * sequence). Each array's shape information is wrapped once per layout ({@link ShapeInfos}). Everything else
 * (broadcasting, parts of arrays, permutations, mixed types, reductions along an axis, other ops) goes to ND4J's
 * executioner unchanged (bench/README.md, "ND4J's own ops through Zeroth's loops").
 *
 * <p>ND4J reads its executioner and its BLAS wrapper from static fields, set from its backend's properties, with no
 * setters: {@link #install} puts a proxy of the same interface in each, once, where Zeroth starts ({@link Tensors}'
 * first use), on the CPU backend only and where the loops in C are built. Opt out with {@code -Dzeroth.nd4jOps=nd4j}
 * or {@code ZEROTH_ND4J_OPS=nd4j}.
 */
public final class OpRouter {
    public static final String PROPERTY = "zeroth.nd4jOps";
    public static final String ENVIRONMENT = "ZEROTH_ND4J_OPS";
    private static final Method EXEC_CUSTOM = method(OpExecutioner.class, "exec", CustomOp.class);
    private static final Method EXEC_OP = method(OpExecutioner.class, "exec", Op.class);
    private static final Method EXEC_REDUCE = method(OpExecutioner.class, "exec", ReduceOp.class);
    private static final Method EXEC_RANDOM = method(OpExecutioner.class, "exec", RandomOp.class);
    private static final Method EXEC_RANDOM_WITH = method(OpExecutioner.class, "exec", RandomOp.class, Random.class);
    private static final Method SHAPE_INFO = method(OpExecutioner.class, "createShapeInfo", long[].class, long[].class,
            long.class, char.class, DataType.class, boolean.class);
    private static final Method SHAPE_INFO_WITH_EXTRAS = method(OpExecutioner.class, "createShapeInfo", long[].class,
            long[].class, long.class, char.class, DataType.class, long.class);
    private static final Method LEVEL3 = method(BlasWrapper.class, "level3");
    private static final Method GEMM = method(Level3.class, "gemm", char.class, char.class, char.class, double.class,
            INDArray.class, INDArray.class, double.class, INDArray.class);
    private static final Method GEMM_TRANSPOSED = method(Level3.class, "gemm", INDArray.class, INDArray.class,
            INDArray.class, boolean.class, boolean.class, double.class, double.class);
    /** The dimensions ND4J gives a reduction over the whole array. */
    private static final int WHOLE_ARRAY = Integer.MAX_VALUE;
    private static final String ND4J_ARRAY = "org.nd4j.linalg.api.ndarray.BaseNDArray";
    private static final StackWalker STACK = StackWalker.getInstance();
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

    /** Whether ND4J's executioner and BLAS wrapper are this router's now. */
    public static boolean routes() {
        return handler(Nd4j.getExecutioner()) instanceof Router && handler(Nd4j.getBlasWrapper()) instanceof Blas3;
    }

    private static InvocationHandler handler(Object proxy) {
        return Proxy.isProxyClass(proxy.getClass()) ? Proxy.getInvocationHandler(proxy) : null;
    }

    /** ND4J's own executioner, with or without the router in front of it (for tests and comparisons). */
    static OpExecutioner nd4j() {
        OpExecutioner current = Nd4j.getExecutioner();
        return handler(current) instanceof Router router ? router.nd4j : current;
    }

    /** "zeroth" or "nd4j", from the property first, then the environment variable. */
    static String choice(String property, String environment) {
        String raw = property != null && !property.isBlank() ? property : environment;
        String value = raw == null || raw.isBlank() ? "zeroth" : raw.strip().toLowerCase(Locale.ROOT);
        if (value.equals("zeroth") || value.equals("nd4j")) {
            return value;
        }
        throw new IllegalArgumentException(PROPERTY + " / " + ENVIRONMENT + " is '" + raw
                + "': use 'zeroth' (ND4J's element-wise ops, norms, sums, matrix products and normals by Zeroth's"
                + " loops) or 'nd4j' (ND4J's own)");
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
            BlasWrapper blas = Nd4j.getBlasWrapper();
            Level3 products = proxy(Level3.class, new Products(blas.level3()));
            replace("BLAS_WRAPPER_INSTANCE", proxy(BlasWrapper.class, new Blas3(blas, products)));
            replace("OP_EXECUTIONER_INSTANCE", proxy(OpExecutioner.class, new Router(current)));
            return "element-wise ops, norms, sums, matrix products and normals by Zeroth's loops";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "ND4J's own ops (its executioner or BLAS wrapper could not be replaced: " + e + ")";
        }
    }

    private static void replace(String field, Object value) throws ReflectiveOperationException {
        Field f = Nd4j.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(null, value);
    }

    private static <T> T proxy(Class<T> face, InvocationHandler handler) {
        return face.cast(Proxy.newProxyInstance(OpRouter.class.getClassLoader(), new Class<?>[] {face}, handler));
    }

    /** The call on ND4J's own object, throwing what it throws (not the reflection's wrapper). */
    private static Object delegate(Object nd4j, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(nd4j, args);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // ND4J's own exception, as without the router
        }
    }

    /** ND4J's BLAS wrapper, whose level 3 is {@link Products}. */
    private static final class Blas3 implements InvocationHandler {
        private final BlasWrapper nd4j;
        private final Level3 products;

        Blas3(BlasWrapper nd4j, Level3 products) {
            this.nd4j = nd4j;
            this.products = products;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return method.equals(LEVEL3) ? products : delegate(nd4j, method, args);
        }
    }

    /**
     * ND4J's level 3 BLAS with its matrix products taken: {@code a.mmul(b)} and {@code Nd4j.gemm} come here, where
     * ND4J would copy 'c' operands to 'f' order (and drop the copies: its matmul op reads the originals).
     */
    private static final class Products implements InvocationHandler {
        private final Level3 nd4j;

        Products(Level3 nd4j) {
            this.nd4j = nd4j;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            boolean ordered = method.equals(GEMM); // (order, transA, transB, α, a, b, β, c): ND4J reads no flags
            boolean transposed = method.equals(GEMM_TRANSPOSED); // (a, b, c, transA, transB, α, β)
            if (ordered && product((INDArray) args[4], (INDArray) args[5], (INDArray) args[7], false, false,
                    (double) args[3], (double) args[6])
                    || transposed && product((INDArray) args[0], (INDArray) args[1], (INDArray) args[2],
                    (boolean) args[3], (boolean) args[4], (double) args[5], (double) args[6])) {
                return null;
            }
            return delegate(nd4j, method, args);
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
            if ((method.equals(SHAPE_INFO) || method.equals(SHAPE_INFO_WITH_EXTRAS)) && ShapeInfos.caching()) {
                DataBuffer known = ShapeInfos.known(args);
                return known != null ? known : ShapeInfos.keep(args, (DataBuffer) delegate(nd4j, method, args));
            }
            if (method.equals(EXEC_CUSTOM) && args[0] instanceof CustomOp
                    && (pairwise((CustomOp) args[0]) || product((CustomOp) args[0]))) {
                return ((CustomOp) args[0]).outputArguments().toArray(new INDArray[0]);
            }
            if (method.equals(EXEC_OP) && args[0] instanceof Assign copy) {
                boolean temporary = ofProductsTemporary(copy);
                Object result = copy.y() == null && Transposes.copy(copy.x(), copy.z()) ? copy.z()
                        : delegate(nd4j, method, args);
                if (temporary) {
                    copy.x().close();
                }
                return result;
            }
            if ((method.equals(EXEC_RANDOM) || method.equals(EXEC_RANDOM_WITH)) && args[0] instanceof RandomOp op
                    && normals(op, args.length > 1 ? (Random) args[1] : Nd4j.getRandom())) {
                return op.z();
            }
            if (method.equals(EXEC_REDUCE) && args[0] instanceof ReduceOp) {
                INDArray result = whole((ReduceOp) args[0]);
                if (result != null) {
                    return result;
                }
            }
            return delegate(nd4j, method, args);
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

    /** ND4J's matmul op ({@code Nd4j.gemm}, {@code Nd4j.exec(new Mmul(a, b, c, transposes))}): see the next. */
    private static boolean product(CustomOp op) {
        if (op.getClass() != Mmul.class || op.numInputArguments() != 2 || op.numOutputArguments() != 1) {
            return false;
        }
        long[] transposed = op.iArgs(); // a, b, the result
        double[] scale = op.tArgs(); // α, β where given
        return (transposed.length < 3 || transposed[2] == 0) && product(op.getInputArgument(0),
                op.getInputArgument(1), op.getOutputArgument(0), transposed.length > 0 && transposed[0] != 0,
                transposed.length > 1 && transposed[1] != 0, scale.length > 0 ? scale[0] : 1,
                scale.length > 1 ? scale[1] : 0);
    }

    /**
     * c = op(a)·op(b) (each transposed or not) by {@link Gemm}, on Zeroth's threads where ND4J's product runs on one,
     * for matrices of one type (float32 or float64) and a scale of 1·a·b + 0·c; false leaves it to ND4J (vectors,
     * batches, mixed types, another scale, shapes that do not chain: ND4J's own message).
     */
    private static boolean product(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha,
                                   double beta) {
        if (alpha != 1 || beta != 0 || !Blas.AVAILABLE || a == null || b == null || c == null) {
            return false;
        }
        DataType type = c.dataType();
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2 || a.isEmpty() || b.isEmpty() || c.isEmpty()
                || type != DataType.FLOAT && type != DataType.DOUBLE || a.dataType() != type || b.dataType() != type) {
            return false;
        }
        INDArray x = ta ? a.transpose() : a;
        INDArray y = tb ? b.transpose() : b;
        if (x.size(1) != y.size(0) || c.size(0) != x.size(0) || c.size(1) != y.size(1)) {
            return false;
        }
        Gemm.product(x, y, c);
        return true;
    }

    /**
     * Whether this copy is ND4J's {@code mmuli} moving its product from an 'f' temporary into the result ('c', a
     * view, or an operand), which it then drops: left to the garbage collector, every temporary is fresh memory, whose
     * page faults cost more than the product (a 1000² float32 {@code a.mmul(b)}: 24 ms against 12.6 with the
     * temporary closed, in a VM where touching new memory takes 2–3 ms per MB). Its only copies are of its own
     * temporaries, so the router closes the source after the copy when {@code assign}'s caller is {@code mmuli} (the
     * stack is read only for a closeable 'f' matrix: other copies pay nothing).
     */
    private static boolean ofProductsTemporary(Op copy) {
        INDArray temporary = copy.x();
        return copy.getClass() == Assign.class && temporary != null && temporary != copy.z() && temporary.rank() == 2
                && temporary.ordering() == 'f' && temporary.closeable()
                && STACK.walk(frames -> frames.dropWhile(f -> !nd4jArrays(f, "assign")).skip(1).findFirst()
                .filter(f -> nd4jArrays(f, "mmuli")).isPresent());
    }

    private static boolean nd4jArrays(StackWalker.StackFrame frame, String method) {
        return frame.getMethodName().equals(method) && frame.getClassName().equals(ND4J_ARRAY);
    }

    /**
     * {@code Nd4j.randn}: z = mean + σ·N(0, 1) by {@link Normals} (Zeroth's Ziggurat on all cores, where ND4J's
     * generator runs on one), keyed by one draw of ND4J's generator: the same values after the same {@code
     * Nd4j.getRandom().setSeed(s)}, new ones on every call, but not ND4J's own sequence. False leaves the op to ND4J
     * (another distribution, an array the loops do not take).
     */
    private static boolean normals(RandomOp op, Random generator) {
        INDArray z = op.z();
        Object[] scale = op.extraArgs(); // mean, σ
        if (op.getClass() != GaussianDistribution.class || generator == null || !inPlace(z) || z.isEmpty()
                || z.length() > Integer.MAX_VALUE || op.x() != null && op.x() != z || scale == null
                || scale.length != 2 || !(scale[0] instanceof Number mean) || !(scale[1] instanceof Number sigma)) {
            return false;
        }
        Normals.fill(z, RandomStream.of(generator.nextLong()));
        if (sigma.doubleValue() != 1) {
            z.muli(sigma);
        }
        if (mean.doubleValue() != 0) {
            z.addi(mean);
        }
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

    /** An array the loops take in place ({@link Tensors#isContiguous}), in a workspace or not; not a missing one. */
    private static boolean inPlace(INDArray a) {
        return a != null && Tensors.isContiguous(a);
    }

    private static Method method(Class<?> face, String name, Class<?>... parameters) {
        try {
            return face.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
