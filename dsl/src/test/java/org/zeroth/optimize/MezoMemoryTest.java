package org.zeroth.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.lang.management.ManagementFactory;
import org.bytedeco.javacpp.Pointer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.Objective;
import org.zeroth.Run;

/**
 * MeZO's claim measured on the optimizer itself: the memory a step allocates does not grow with d. Java
 * allocation is the JVM's per-thread counter summed over every live thread (the in-place loops also run on the
 * team's helper threads); native memory is the process's resident size as JavaCPP reads it (ND4J's CPU buffers
 * are not in JavaCPP's {@code totalBytes}, which counts 16 bytes per pointer). A step allocating a d-sized
 * direction, on the heap or off it, costs 4d bytes or more per step; the bounds below are d bytes per step, 1/4 of
 * that and far above the noise of the resident size (measured: under 1 MB per step, either sign).
 */
class MezoMemoryTest {
    private static final int SMALL = 1 << 17;
    private static final int LARGE = 1 << 21;
    /** The loss reads one parameter: the objective allocates nothing that grows with d. */
    private static final Objective FIRST = x -> x.getFloat(0);

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes allocated on the Java heap so far by every live thread. */
    private static long javaBytes() {
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }

    /** {Java bytes, native bytes} allocated by a MeZO run of {@code steps} steps on theta. */
    private static long[] allocated(INDArray theta, int steps, UnaryOperator<Minimizer> directions) {
        long java = javaBytes();
        long nativeBytes = Pointer.physicalBytes();
        Run run = directions.apply(zo.minimize(FIRST).from(theta)).central().sgd(1e-9).inPlace()
                .progress(false).steps(steps);
        long[] out = {javaBytes() - java, Pointer.physicalBytes() - nativeBytes};
        assertEquals(steps, run.steps());
        return out;
    }

    /** {Java, native} bytes per step at dimension d: the difference of a 20-step and a 4-step run, over 16. */
    private static double[] perStep(int d, UnaryOperator<Minimizer> directions) {
        INDArray theta = Nd4j.zeros(DataType.FLOAT, d);
        allocated(theta, 4, directions); // warm up: JIT, thread-local scratch, the team's helpers
        long[] few = allocated(theta, 4, directions);
        long[] many = allocated(theta, 20, directions);
        theta.close();
        return new double[] {(many[0] - few[0]) / 16.0, (many[1] - few[1]) / 16.0};
    }

    private static UnaryOperator<Minimizer> directions(String kind, int d) {
        return switch (kind) {
            case "sparse" -> m -> m.withSparseDirections(1e-3, 0.1);
            case "rademacher" -> m -> m.withRademacherDirections(1e-3);
            case "sphere" -> m -> m.withSphereDirections(1e-3);
            case "masked" -> {
                double[] mask = new double[d];
                for (int j = 0; j < d; j += 2) {
                    mask[j] = 1;
                }
                yield m -> m.withGaussianDirections(1e-3).withMask(mask);
            }
            default -> m -> m.withGaussianDirections(1e-3);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gaussian", "sparse", "masked", "rademacher", "sphere"})
    void aStepAllocatesNothingThatGrowsWithTheParameters(String kind) {
        double[] small = perStep(SMALL, directions(kind, SMALL));
        double[] large = perStep(LARGE, directions(kind, LARGE));
        String measured = String.format("bytes per step: Java %.0f at d = %d, %.0f at d = %d; native %.0f, %.0f",
                small[0], SMALL, large[0], LARGE, small[1], large[1]);
        assertTrue(large[0] - small[0] < LARGE - SMALL, "Java allocation grows with d: " + measured);
        assertTrue(large[0] < LARGE, "Java allocation per step: " + measured);
        assertTrue(large[1] < LARGE, "native memory per step: " + measured);
        System.out.println("MezoMemoryTest " + kind + " " + measured);
    }
}
