package org.zeroth;

import static org.zeroth.Zo.zo;

import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.tensor.Tensors;

/**
 * A child JVM for {@link CheckpointKillTest}: {@code run DIR} starts the four checkpointed runs at once (one
 * thread each, checkpoint DIR/METHOD.ckpt), {@code resume DIR} resumes them with their objective; each prints
 * "calls METHOD N" as it evaluates (slowed down, about 3 s a run) and stops in its evaluation of a quarter of its
 * evaluations (counting this JVM's), where the parent kills it; {@code alone DIR K} runs ZO-Adam alone on the main
 * thread, its evaluation K held until an interrupt (the JVM's shutdown stopping the run) or a minute has passed,
 * printing "done METHOD" at its end. {@code saveloop FILE} writes two alternating checkpoints forever.
 */
final class CheckpointProbe {
    static final int MEZO_DIMENSION = 1_000_000;

    /** The runs of the kill test: name → (builder of f without checkpoints, steps). */
    static final Map<String, Function<Objective, RunBuilder<?>>> RUNS = Map.of(
            "zo-adam", f -> zo.minimize(f).from(start(20)).withGaussianDirections(1e-3).queries(4).adam(2e-2).seed(1)
                    .progress(false),
            "mezo", f -> zo.minimize(f).from(theta0()).withGaussianDirections(1e-3).central().sgd(1e-4).inPlace()
                    .seed(2).progress(false),
            "cma-es", f -> zo.cmaes(f).from(start(10)).sigma(0.5).seed(3).progress(false),
            "cbo", f -> zo.cbo(f).from(start(10)).particles(30).seed(4).progress(false));
    static final Map<String, Long> STEPS = Map.of("zo-adam", 200L, "mezo", 40L, "cma-es", 1500L, "cbo", 60L);
    static final Map<String, Integer> EVERY = Map.of("zo-adam", 10, "mezo", 4, "cma-es", 50, "cbo", 5);

    private CheckpointProbe() {
    }

    static double[] start(int d) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = Math.sin(i + 1.0);
        }
        return x;
    }

    /** θ0 of the MeZO run: d = 10⁶ doubles, the same in every JVM. */
    static INDArray theta0() {
        double[] x = new double[MEZO_DIMENSION];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.01 * ((i * 7919L) % 1000) / 1000.0;
        }
        return Nd4j.createFromArray(x);
    }

    private static final double[] CENTRE = new double[64];

    static {
        for (int i = 0; i < CENTRE.length; i++) {
            CENTRE[i] = 0.3 * Math.cos(i);
        }
    }

    /** Σ (xᵢ − cᵢ)² + Σ xᵢ⁴/10 with cᵢ = 0.3 cos(i mod 64), in one pass over x's own memory (any dimension). */
    static double f(INDArray x) {
        DoubleBuffer v = Tensors.readAsDoubles(x);
        double s = 0;
        for (int i = 0; i < v.limit(); i++) {
            double xi = v.get(i);
            double c = CENTRE[i & 63];
            s += (xi - c) * (xi - c) + 0.1 * xi * xi * xi * xi;
        }
        return s;
    }

    /** Evaluations of each run (its steps times the evaluations of a step). */
    static long evaluations(String method) {
        return switch (method) {
            case "zo-adam" -> 200 * 5;
            case "mezo" -> 40 * 2;
            case "cma-es" -> 1500;
            default -> 60 * 30;
        };
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[1]);
        if (args[0].equals("saveloop")) {
            saveLoop(target);
            return;
        }
        if (args[0].equals("open")) { // opens a checkpoint under ask/tell and ends: nothing to write
            System.out.println("opened " + Zo.resume(target.resolve("zo-adam.ckpt")));
            return;
        }
        if (args[0].equals("alone")) { // one run on the main thread, for a parent that stops the JVM (SIGINT)
            held = Long.parseLong(args[2]);
            run("alone", "zo-adam", target.resolve("zo-adam.ckpt"));
            return;
        }
        java.util.List<Thread> runs = new java.util.ArrayList<>();
        for (String method : RUNS.keySet()) {
            Thread t = new Thread(() -> run(args[0], method, target.resolve(method + ".ckpt")));
            t.start();
            runs.add(t);
        }
        for (Thread t : runs) {
            t.join();
        }
    }

    /** {@code alone}'s evaluation that waits for the signal. */
    private static long held = -1;

    private static void run(String mode, String method, Path file) {
        long slowNanos = 3_000_000_000L / evaluations(method);
        AtomicLong calls = new AtomicLong();
        Objective slowed = x -> {
            long n = calls.incrementAndGet();
            synchronized (System.out) {
                System.out.println("calls " + method + " " + n);
                System.out.flush();
            }
            LockSupport.parkNanos(slowNanos);
            // alone: the signal lands in evaluation K whatever the load (a parent reading late saw a finished run)
            long until = System.nanoTime() + 60_000_000_000L;
            while (n == held && !Thread.currentThread().isInterrupted() && System.nanoTime() < until) {
                LockSupport.parkNanos(until - System.nanoTime());
            }
            while (!mode.equals("alone") && n >= evaluations(method) / 4) {
                // the parent kills the JVM once every run is here: none can finish first, however slow the others
                LockSupport.park();
            }
            return f(x);
        };
        Run run = !mode.equals("resume")
                ? RUNS.get(method).apply(slowed).checkpointEvery(EVERY.get(method), file).runSteps(STEPS.get(method))
                : Zo.resume(file, slowed).finish();
        System.out.println("done " + method + " " + run.steps());
    }

    /** Writes checkpoints A and B (each about 8 MB) in turn, forever: the parent kills it mid-write. */
    private static void saveLoop(Path file) {
        double[] a = new double[1_000_000];
        double[] b = new double[1_000_000];
        java.util.Arrays.fill(a, 1.0);
        java.util.Arrays.fill(b, 2.0);
        byte[] builder = BuilderCodec.write(zo.nelderMead(CheckpointProbe::f).from(1, 2), 2);
        for (long i = 0; ; i++) {
            new Checkpoint(Checkpoint.zerothVersion(), "loop", i, i, new double[0], 0, builder, null, i % 2 == 0 ? a : b,
                    Map.of())
                    .write(file);
            System.out.println("wrote " + i);
            System.out.flush();
        }
    }
}
