package org.zeroth.tensor;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J access in one place. The optimizer's vectors are contiguous ND4J arrays; hot loops read and write
 * them through host buffers (direct memory on the CPU backend: no copies, no temporaries). On a GPU backend
 * the same calls first bring the data to the host and mark the host copy as the newest.
 */
public final class Tensors {
    static {
        // The DSL's first use of ND4J: the thread policy and the op router go in before any op runs, and the memory
        // guard starts.
        try {
            NativeThreads.apply();
        } catch (IllegalArgumentException e) {
            System.err.println("zeroth: " + e.getMessage() + " (ND4J's thread counts are left as they are)");
        }
        try {
            OpRouter.install();
        } catch (IllegalArgumentException e) {
            System.err.println("zeroth: " + e.getMessage() + " (ND4J's own ops are used)");
        }
        try {
            MemoryGuard.start();
        } catch (IllegalArgumentException e) {
            System.err.println("zeroth: " + e.getMessage() + " (no memory guard)");
        }
    }

    private Tensors() {
    }

    /**
     * Applies {@link NativeThreads}' policy and {@link OpRouter} (returns what they did), runs each op an objective
     * typically uses once on tiny arrays, so that the first evaluation does not pay for loading and linking them, and
     * has the JIT compile Zeroth's vector loops ({@link VectorLoops#compile}: about 0.6 s of one core). The kernel
     * calls this at start-up, off the requests' path.
     */
    public static String warmUp() {
        String setUp = NativeThreads.apply() + "; ND4J's ops: " + OpRouter.install();
        try (INDArray x = Nd4j.ones(DataType.FLOAT, 4); INDArray y = Nd4j.rand(DataType.FLOAT, 4);
             INDArray m = Nd4j.rand(DataType.FLOAT, 4, 4); INDArray d = Nd4j.ones(DataType.DOUBLE, 4)) {
            x.addi(y).muli(0.5f).subi(y);
            x.mul(y).close();
            x.norm2Number();
            x.sumNumber();
            m.mmul(m).close();
            mmul(m, m).close();
            Nd4j.randn(DataType.FLOAT, 4).close();
            randn(0, DataType.FLOAT, 4).close();
            Nd4j.getBlasWrapper().dot(x, y);
            Nd4j.getBlasWrapper().level1().axpy(4, 0.5, y, x);
            squaredNorm(x);
            sum(x); // loads the float loops (VectorBlockSums where the JVM has the Vector API)
            axpy(1, y, x);
            scale(x, 0.5);
            dot(d, d);
            toArray(d);
        }
        VectorLoops.compile();
        return setUp;
    }

    /** A new double vector holding {@code values}. */
    public static INDArray vector(double... values) {
        return Nd4j.createFromArray(values.clone()).castTo(DataType.DOUBLE);
    }

    /** A new double vector of zeros. */
    public static INDArray zeros(int dimension) {
        return Nd4j.zeros(DataType.DOUBLE, dimension);
    }

    /**
     * A contiguous double copy of any vector-shaped array, detached from workspaces. A float or double array is
     * copied into one new array: a cast and then a copy would hold two (1.6 GB for a float θ of 10⁸).
     */
    public static INDArray doubleCopy(INDArray x) {
        if ((x.dataType() == DataType.FLOAT || x.dataType() == DataType.DOUBLE) && x.length() > 0
                && x.length() <= Integer.MAX_VALUE) {
            INDArray copy = Nd4j.createUninitializedDetached(DataType.DOUBLE, x.length());
            ElementWise.copy(x, copy);
            return copy;
        }
        INDArray flat = x.castTo(DataType.DOUBLE).reshape(new long[] {x.length()}).dup('c');
        return flat.isAttached() ? flat.detach() : flat;
    }

    /**
     * True if {@code x} can be used in place by the hot loops: a float or double array whose elements, in 'c' order,
     * are its whole buffer from its start — an array with its own memory, or a reshape of one ({@code
     * x.reshape(r, c)}, a view in ND4J). Not a part of an array, a transpose or a permutation (whose 'c' order may
     * not be the buffer's: ND4J then gives it an element-wise stride other than 1).
     */
    public static boolean isContiguous(INDArray x) {
        return (x.dataType() == DataType.DOUBLE || x.dataType() == DataType.FLOAT) && x.ordering() == 'c'
                && x.offset() == 0 && (x.isEmpty() || x.elementWiseStride() == 1 && x.length() == x.data().length());
    }

    /** The host view of a contiguous double array (see {@link #isContiguous}) for reading. */
    public static DoubleBuffer read(INDArray x) {
        hostView(x, DataType.DOUBLE, "read");
        if (x.length() == 0) {
            return DoubleBuffer.allocate(0); // ND4J gives an empty array no buffer
        }
        Nd4j.getAffinityManager().ensureLocation(x, AffinityManager.Location.HOST);
        return x.data().asNioDouble();
    }

    /** A host view of x's values as doubles: x's own memory when it is a contiguous double vector, else a copy. */
    public static DoubleBuffer readAsDoubles(INDArray x) {
        return read(x.dataType() == DataType.DOUBLE && isContiguous(x) ? x : doubleCopy(x));
    }

    /** The host view of a double array for writing; call {@link #written} when done. */
    public static DoubleBuffer write(INDArray x) {
        return read(x);
    }

    /** The host view of a contiguous float array (see {@link #isContiguous}). */
    public static FloatBuffer readFloats(INDArray x) {
        hostView(x, DataType.FLOAT, "readFloats");
        if (x.length() == 0) {
            return FloatBuffer.allocate(0);
        }
        Nd4j.getAffinityManager().ensureLocation(x, AffinityManager.Location.HOST);
        return x.data().asNioFloat();
    }

    // A host view is the array's buffer from element 0: of another type or layout it would be other values.
    private static void hostView(INDArray x, DataType type, String call) {
        if (x.dataType() != type || !isContiguous(x)) {
            throw new IllegalArgumentException("Tensors." + call + " needs a contiguous " + type + " array (its"
                    + " whole buffer in 'c' order); got " + x.dataType() + " of shape " + Arrays.toString(x.shape())
                    + (x.dataType() == type ? ", a part, a permutation or 'f'-ordered" : "")
                    + ": use Tensors.readAsDoubles(x) for a copy as doubles, or x.dup('c')");
        }
    }

    /**
     * A CRC-32C of a contiguous float or double array's values (the JDK's intrinsic: 1.2–1.5 ms for 10⁷ floats on
     * a Zen 5), which tells one start from another: {@code Run.replay(x0)} checks x0 by it.
     */
    public static long checksum(INDArray x) {
        hostView(x, x.dataType(), "checksum");
        CRC32C crc = new CRC32C();
        if (x.length() > 0) {
            Nd4j.getAffinityManager().ensureLocation(x, AffinityManager.Location.HOST);
            ByteBuffer bytes = x.data().asNio().duplicate();
            crc.update(bytes.limit((int) (x.length() * x.dataType().width())));
        }
        return crc.getValue();
    }

    /** Marks the host copy of {@code x} as the newest after writes through a host view. */
    public static void written(INDArray x) {
        Nd4j.getAffinityManager().tagLocation(x, AffinityManager.Location.HOST);
    }

    /** The index of x's first NaN or infinite entry, or −1; reads float and double vectors in place (no copy). */
    public static long firstNonFinite(INDArray x) {
        if (isContiguous(x) && x.dataType() == DataType.FLOAT) {
            FloatBuffer xs = readFloats(x);
            for (int i = 0, n = (int) x.length(); i < n; i++) {
                if (!Float.isFinite(xs.get(i))) {
                    return i;
                }
            }
            return -1;
        }
        DoubleBuffer xs = readAsDoubles(x);
        for (int i = 0, n = (int) x.length(); i < n; i++) {
            if (!Double.isFinite(xs.get(i))) {
                return i;
            }
        }
        return -1;
    }

    public static double[] toArray(INDArray x) {
        // a double array's buffer is its values only when it is contiguous (a column's runs on past its end)
        return (x.dataType() == DataType.DOUBLE && isContiguous(x) ? x : doubleCopy(x)).data().asDouble();
    }

    /**
     * {@code y += a·x} in place, element by element in row-major order (float32 or float64, same length, any
     * layout), computed in double and rounded once to y's type; contiguous arrays without temporaries.
     * y ± x (a = ±1) is one BLAS call (the same bits): ≈ 0.3 µs on 1 element, where ND4J's {@code y.addi(x)} has
     * 6–8 µs of fixed cost per call and {@code y.addi(x.mul(a))} allocates a temporary too.
     */
    public static void axpy(double a, INDArray x, INDArray y) {
        ElementWise.axpy(a, x, y);
    }

    /**
     * x·y = Σ xᵢyᵢ in one call, accumulated in double (float32 or float64 vectors of the same type are read in place,
     * in fixed chunks on all cores: the result does not depend on the thread count). Accurate to ~1e-12 relative
     * where ND4J's float reductions lose 3–4 digits at d = 10⁷.
     */
    public static double dot(INDArray x, INDArray y) {
        return Sums.of(Sums.Kind.DOT, x, y);
    }

    /** ‖x‖² = Σ xᵢ², accumulated in double (see {@link #dot}). */
    public static double squaredNorm(INDArray x) {
        return Sums.of(Sums.Kind.SQUARES, x, null);
    }

    /** ‖x‖, accumulated in double (see {@link #dot}): use it for {@code x.norm2Number()}. */
    public static double norm(INDArray x) {
        return Math.sqrt(squaredNorm(x));
    }

    /** Σ xᵢ, accumulated in double (see {@link #dot}): use it for {@code x.sumNumber()}. */
    public static double sum(INDArray x) {
        return Sums.of(Sums.Kind.SUM, x, null);
    }

    /** Euclidean distance ‖x − y‖, accumulated in double. */
    public static double distance(INDArray x, INDArray y) {
        double squared = Sums.of(Sums.Kind.SQUARED_DISTANCE, x, y);
        if (squared != Double.POSITIVE_INFINITY) {
            return Math.sqrt(squared);
        }
        // differences past 1e154 overflow when squared: scale by the largest (points far apart in a huge box)
        double[] a = toArray(x);
        double[] b = toArray(y);
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i] - b[i]));
        }
        if (!Double.isFinite(scale)) {
            return scale;
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double r = (a[i] - b[i]) / scale;
            sum += r * r;
        }
        return scale * Math.sqrt(sum);
    }

    /**
     * The matrix product a·b by OpenBLAS GEMM on the arrays' own memory, float32 or float64 ('c', 'f', transposes
     * and row/column ranges read in place; mixed types give float64). ND4J's {@code a.mmul(b)} copies 'c'-ordered
     * operands to 'f' order first: 2–3× slower at 1000². Products from 512³'s order are cut into a few blocks of
     * rows or columns, one-thread calls shared among Zeroth's threads; the blocks depend on the shape only, so
     * the result is the same on any number of threads. A 1-D a or b is a row or a column vector and gives a 1-D
     * result, as numpy's {@code a @ b}.
     */
    public static INDArray mmul(INDArray a, INDArray b) {
        return Gemm.product(a, b);
    }

    /** a·b written into {@code into} (shape m×n, or the vector's length; float32 or float64); returns {@code into}. */
    public static INDArray mmul(INDArray a, INDArray b, INDArray into) {
        return Gemm.product(a, b, into);
    }

    /**
     * A new vector of n standard normals (FLOAT or DOUBLE): element i is {@code z.gaussian(i)}, filled on all cores
     * in fixed chunks (the same values whatever the thread count; regenerate them from {@code z.key()}). Use it
     * for {@code Nd4j.randn}, which runs ND4J's generator on one thread (1.3–1.7× numpy's time).
     */
    public static INDArray randn(RandomStream z, DataType type, long n) {
        return Normals.of(z, type, n);
    }

    /** {@link #randn(RandomStream, DataType, long)} with {@code RandomStream.of(seed)}. */
    public static INDArray randn(long seed, DataType type, long n) {
        return Normals.of(RandomStream.of(seed), type, n);
    }

    /** Fills x (float or double, any shape; 'c' order) with z's standard normals, in place; returns x. */
    public static INDArray randn(INDArray x, RandomStream z) {
        return Normals.fill(x, z);
    }

    /**
     * {@code y *= x} in place, element by element in row-major order (float32 or float64, same length, any layout),
     * rounded once to y's type. Below 2·64 Ki elements a Java loop (≈ 0.6–0.9 µs on 1 element, where ND4J's
     * {@code y.muli(x)} costs 7–22 µs), from there ND4J's {@code muli} on arrays of one type (the same bits).
     */
    public static void multiply(INDArray x, INDArray y) {
        ElementWise.multiply(x, y);
    }

    /** {@code target = source} element by element in row-major order (float32 or float64, same length). */
    public static void copy(INDArray source, INDArray target) {
        ElementWise.copy(source, target);
    }

    /** Every element of x (float32 or float64) set to {@code value}. */
    public static void fill(INDArray x, double value) {
        ElementWise.fill(x, value);
    }

    /** {@code x *= factor} in place (float32 or float64), in double and rounded once to x's type. */
    public static void scale(INDArray x, double factor) {
        ElementWise.scale(x, factor);
    }

    /** Short human-readable form of a vector: all entries when few, else the first ones and the dimension. */
    public static String describe(INDArray x) {
        long d = x.length();
        int shown = d <= 6 ? (int) d : 4; // read one by one: a copy of a large x may not fit where a message is made
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shown; i++) {
            s.append(i == 0 ? "" : ", ").append(x.getDouble(i));
        }
        return s.append(d <= 6 ? "]" : ", … (d = " + d + ")]").toString();
    }
}
