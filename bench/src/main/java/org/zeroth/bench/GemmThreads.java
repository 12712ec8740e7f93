package org.zeroth.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.tensor.Tensors;

/**
 * The measurement behind Tensors.mmul's blocks (org.zeroth.tensor.Gemm.SPLIT_FROM): one float32 row-major
 * {@code cblas_sgemm} ({@code sgemv} for n = 1) on the arrays' memory with OpenBLAS on 1 thread, {@code Tensors.mmul}
 * (blocks of rows on the pool's threads, OpenBLAS on 1) and one call with OpenBLAS's count held at all cores, by
 * m·n·k, quiet and with a busy loop on the last core; best of 3 interleaved rounds of medians. Section {@code gemm}, or alone:
 * {@code java -cp … org.zeroth.bench.GemmThreads}.
 */
final class GemmThreads {
    /** {m, n, k}: squares across the threshold, and matrix–vector products (n = 1: gemv, what objectives do). */
    static final int[][] SHAPES = {{64, 64, 64}, {96, 96, 96}, {128, 128, 128}, {160, 160, 160}, {192, 192, 192},
        {224, 224, 224}, {256, 256, 256}, {320, 320, 320}, {384, 384, 384}, {512, 512, 512}, {1000, 1000, 1000},
        {1000, 1, 1000}, {2000, 1, 2000}, {4000, 1, 4000}, {1000, 100, 1000}};

    private GemmThreads() {
    }

    static String measure() {
        Tensors.warmUp();
        int cores = Runtime.getRuntime().availableProcessors();
        int before = openblas_nolapack.blas_get_num_threads();
        StringBuilder out = new StringBuilder(String.format("OpenBLAS sgemm, sgemv for n = 1 (float32, median ms): one call"
                + " on 1 thread, Tensors.mmul's blocks on %d cores, one call held at %d; quiet and with a busy loop on"
                + " core %d:%n"
                + "    %5s %5s %5s %9s %8s %8s %8s %6s %6s %8s %8s %8s %6s %6s", cores, cores, cores - 1, "m", "n", "k",
                "m·n·k", "q 1", "q blocks", "q held", "blocks", "held", "l 1", "l blocks", "l held", "blocks", "held"));
        double[][][] t = new double[2][SHAPES.length][];
        for (int load = 0; load < 2; load++) {
            int l = load;
            NdOps.under(load == 1, () -> {
                for (int i = 0; i < SHAPES.length; i++) {
                    t[l][i] = oneAndAll(SHAPES[i], cores);
                }
                return null;
            });
        }
        openblas_nolapack.blas_set_num_threads(before);
        for (int i = 0; i < SHAPES.length; i++) {
            int[] s = SHAPES[i];
            double[] q = t[0][i];
            double[] l = t[1][i];
            out.append(String.format("%n    %5d %5d %5d %9.2e %8.3f %8.3f %8.3f %6.2f %6.2f %8.3f %8.3f %8.3f %6.2f %6.2f",
                    s[0], s[1], s[2], (double) s[0] * s[1] * s[2], q[0] * 1e3, q[1] * 1e3, q[2] * 1e3, q[1] / q[0],
                    q[2] / q[0], l[0] * 1e3, l[1] * 1e3, l[2] * 1e3, l[1] / l[0], l[2] / l[0]));
        }
        return out.toString();
    }

    /** Best-of-3 medians (seconds) of one sgemm on 1 thread, of Tensors.mmul, of one sgemm held at {@code cores}. */
    private static double[] oneAndAll(int[] shape, int cores) {
        int m = shape[0];
        int n = shape[1];
        int k = shape[2];
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        FloatPointer pa = (FloatPointer) a.data().addressPointer();
        FloatPointer pb = (FloatPointer) b.data().addressPointer();
        FloatPointer pc = (FloatPointer) c.data().addressPointer();
        Runnable gemm = n == 1 // as Tensors.mmul: a matrix times a vector is a gemv
                ? () -> openblas_nolapack.cblas_sgemv(CblasRowMajor, CblasNoTrans, m, k, 1f, pa, k, pb, 1, 0f, pc, 1)
                : () -> openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1f, pa, k,
                        pb, n, 0f, pc, n);
        int repeats = (int) Math.max(21, Math.min(2001, 3e9 / ((double) m * n * k)));
        Runnable blocks = () -> Tensors.mmul(a, b, c);
        double[] best = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        for (int round = 0; round < 3; round++) {
            openblas_nolapack.blas_set_num_threads(1);
            best[0] = Math.min(best[0], Timing.median(3, repeats, gemm));
            best[1] = Math.min(best[1], Timing.median(3, repeats, blocks));
            openblas_nolapack.blas_set_num_threads(cores);
            best[2] = Math.min(best[2], Timing.median(3, repeats, gemm));
        }
        openblas_nolapack.blas_set_num_threads(1);
        a.close();
        b.close();
        c.close();
        return best;
    }

    public static void main(String[] args) {
        System.out.println(measure());
        System.exit(0);
    }
}
