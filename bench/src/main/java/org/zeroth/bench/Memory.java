package org.zeroth.bench;

import static org.zeroth.Zo.zo;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.optimize.Minimizer;

/**
 * Peak memory of a run beyond its parameters, in a fresh JVM whose heap is fixed and pre-touched
 * (bench/run.sh starts one per method with -Xms = -Xmx and -XX:+AlwaysPreTouch, so heap pages are resident
 * from the start and the resident set grows only with native memory):
 * <ul>
 * <li>native: the resident set's peak growth (Pointer.physicalBytes = VmRSS, sampled every millisecond) during
 * a run that follows a warm-up run of the same method and size (so compiled code and threads already exist);
 * it holds every off-heap buffer ND4J allocates (its own counter stays 0 on the CPU backend);</li>
 * <li>heap: the live heap after a full GC at the end of every step (an observer of the run), against the live
 * heap after the warm-up's GC: what a run keeps. What the library keeps from its first run on (per-thread
 * scratch, a table) is already there; {@link #SCRATCH_BOUND} bounds it and the bench adds it.</li>
 * </ul>
 * Also reported: the bytes allocated per step (garbage a GC reclaims).
 */
final class Memory {
    /**
     * What the tensor loops keep once they have run, per thread that ran them (the caller and one helper per other
     * core): four scratch arrays of Chunks.BLOCK = 2048 elements (float, double, long, double: 28 B each), plus the
     * 2048-entry stride table (16 KB). An upper bound: a float loop touches three of the four arrays.
     */
    static final long SCRATCH_BOUND = (long) Runtime.getRuntime().availableProcessors() * 2048 * 28 + 2048 * 8;

    private Memory() {
    }

    static Minimizer configure(String method, INDArray theta) {
        Minimizer m = zo.minimize(new SquaredNorm()).from(theta).withGaussianDirections(1e-3).central()
                .progress(false).seed(1);
        return switch (method) {
            case "mezo" -> m.sgd(1e-6).inPlace();
            case "adam" -> m.adam(1e-3);
            default -> throw new IllegalArgumentException(method);
        };
    }

    /**
     * Runs in the child JVM: a warm-up run of {@code warmUp} steps (long enough for the JIT to settle: compiling
     * takes native memory that is not the run's), then the measured runs of {@code steps} steps, at dimension d.
     */
    static Map<String, Object> measure(String method, int d, int steps, int warmUp) throws InterruptedException {
        INDArray theta = Nd4j.valueArrayOf(new long[] {d}, 0.01f);
        configure(method, theta).observe(progress -> System.gc()).steps(warmUp);
        System.gc();
        Thread.sleep(500);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // Native: a run with no GC in it (the heap is pre-touched and large: its garbage touches no new pages).
        Sampler sampler = new Sampler();
        long resident0 = Pointer.physicalBytes();
        sampler.start();
        long allocated0 = allocated(threads, sampler);
        configure(method, theta).steps(steps);
        long allocated = allocated(threads, sampler) - allocated0;
        sampler.stop = true;
        sampler.join();
        // Live heap: another run, with a full GC after every step (GCs use native memory: not sampled here).
        System.gc();
        long heap0 = heapUsed();
        long[] liveHeap = {Long.MIN_VALUE};
        configure(method, theta).observe(progress -> {
            System.gc();
            liveHeap[0] = Math.max(liveHeap[0], heapUsed() - heap0);
        }).steps(steps);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", method);
        out.put("parameters_bytes", 4L * d);
        out.put("live_heap_peak_bytes", liveHeap[0]);
        out.put("native_peak_bytes", sampler.resident - resident0);
        out.put("heap_allocated_per_step_bytes", allocated / steps);
        out.put("scratch_bound_bytes", SCRATCH_BOUND);
        theta.close();
        return out;
    }


    private static long allocated(com.sun.management.ThreadMXBean threads, Sampler sampler) {
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            if (id != sampler.getId()) {
                sum += Math.max(0, threads.getThreadAllocatedBytes(id));
            }
        }
        return sum;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Samples the resident set (a native call); its own allocations are left out of the counts. */
    private static final class Sampler extends Thread {
        volatile boolean stop;
        long resident = Pointer.physicalBytes();

        Sampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stop) {
                resident = Math.max(resident, Pointer.physicalBytes());
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
