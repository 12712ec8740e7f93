package org.zeroth;

import static org.zeroth.Zo.zo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.tensor.Tensors;

/**
 * Run in a fresh JVM by {@link SetUpMemoryTest} with a float start of n entries. "peak": the peak resident memory a
 * double copy of it takes, in units of one copy (8n bytes). "setup": a ZO run from it, under the child's JavaCPP
 * limit; prints how it ended. "midrun" ({@link RunOutOfMemoryTest}): a run from it that runs out of memory mid-run.
 */
public final class MemoryProbe {
    private MemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[1]);
        Tensors.doubleCopy(Nd4j.rand(DataType.FLOAT, 8)); // ND4J loaded and the copy's code run once
        System.out.println("resident before the start " + Pointer.physicalBytes() / 1_000_000 + " MB");
        INDArray x0 = Nd4j.rand(DataType.FLOAT, n);
        System.out.println("resident with the start " + Pointer.physicalBytes() / 1_000_000 + " MB");
        if (args[0].equals("peak")) {
            long before = statusKb("VmRSS");
            Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // the peak (VmHWM) from here
            INDArray copy = Tensors.doubleCopy(x0);
            double copies = (statusKb("VmHWM") - before) * 1024.0 / (8.0 * n);
            System.out.println("copies " + copies + " equal " + (copy.getDouble(n - 1) == x0.getDouble(n - 1)));
            return;
        }
        if (args[0].equals("midrun")) {
            midRun(x0);
            return;
        }
        try {
            Run run = zo.minimize(x -> 0.0).from(x0).withGaussianDirections(1e-3).progress(false).steps(1);
            System.out.println("ran " + run);
        } catch (Throwable t) {
            System.out.println("threw " + t.getClass().getName() + ": " + t.getMessage());
        }
    }

    /** The ballast that fills memory up to the child's limit, held until the run has ended. */
    private static final List<INDArray> BALLAST = new ArrayList<>();

    /**
     * "midrun": a ZO run whose objective, at its 5th evaluation (step 3, after 2 steps), fills the process's memory
     * up to JavaCPP's limit with chunks of {@link #CHUNK} doubles, gives two back and throws the OutOfMemoryError it
     * met. The run then ends with memory as a large run that ran out of it has: one to two chunks free, less
     * than one copy of its point; prints how it ended, then (the ballast released) the run it kept.
     */
    private static void midRun(INDArray x0) {
        int[] calls = {0};
        Objective f = x -> {
            if (++calls[0] == 5) {
                fill();
            }
            return x.getDouble(0);
        };
        Run kept = null;
        try {
            Run run = zo.minimize(f).from(x0).withGaussianDirections(1e-3).seed(7).progress(false).steps(4);
            System.out.println("ran " + run.stopReason());
        } catch (RunFailedException e) {
            kept = e.run();
            System.out.println("failed " + e.getMessage());
        } catch (Throwable t) {
            System.out.println("threw " + t.getClass().getName() + ": " + t.getMessage());
        }
        System.out.println("ballast " + BALLAST.size() + " chunks, resident " + Pointer.physicalBytes() / 1_000_000
                + " MB of " + Pointer.maxPhysicalBytes() / 1_000_000);
        BALLAST.forEach(INDArray::close);
        BALLAST.clear();
        try {
            System.out.println("lastRun " + (zo.lastRun() == kept ? "the same" : "another"));
        } catch (IllegalStateException e) {
            System.out.println("lastRun none");
        }
        if (kept != null) {
            INDArray best = kept.bestPoint();
            System.out.println("kept " + kept.stopReason() + " steps " + kept.steps() + " evaluations "
                    + kept.evaluations() + " best " + kept.bestValue() + " at " + best.getDouble(0) + " length "
                    + best.length() + " recommended " + kept.recommendation().mean());
        }
    }

    /** 5·10⁶ doubles, 40 MB: above glibc's largest mmap threshold (32 MB), so a closed chunk is given back. */
    static final int CHUNK = 5_000_000;

    private static void fill() {
        try {
            while (true) {
                BALLAST.add(Nd4j.createUninitialized(DataType.DOUBLE, CHUNK).assign(1)); // touched: resident
            }
        } catch (OutOfMemoryError e) {
            System.out.println("filled " + BALLAST.size() + " chunks: " + e.getMessage());
            for (int i = 0; i < 2 && !BALLAST.isEmpty(); i++) {
                BALLAST.remove(BALLAST.size() - 1).close();
            }
            System.out.println("given back 2 chunks: resident " + Pointer.physicalBytes() / 1_000_000 + " MB");
            throw e;
        }
    }

    private static long statusKb(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field + ":"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }
}
