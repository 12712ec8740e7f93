package org.zeroth;

import static org.zeroth.Zo.zo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zeroth.tensor.Tensors;

/**
 * Run in a fresh JVM by {@link SetUpMemoryTest} with a float start of n entries. "peak": the peak resident memory a
 * double copy of it takes, in units of one copy (8n bytes). "setup": a ZO run from it, under the child's JavaCPP
 * limit; prints how it ended.
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
        try {
            Run run = zo.minimize(x -> 0.0).from(x0).withGaussianDirections(1e-3).progress(false).steps(1);
            System.out.println("ran " + run);
        } catch (Throwable t) {
            System.out.println("threw " + t.getClass().getName() + ": " + t.getMessage());
        }
    }

    private static long statusKb(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field + ":"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }
}
