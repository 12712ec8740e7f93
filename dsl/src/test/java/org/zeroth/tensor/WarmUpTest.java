package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link Tensors#warmUp} leaves Zeroth's vector loops compiled by C2: run interpreted, the Vector API boxes its
 * vectors and the first calls of {@code Tensors.dot}, {@code sum}, {@code distance} or {@code axpy} are 10²–10⁴×
 * slower. Only a fresh JVM shows it (this one has run the loops already): a child JVM with this one's options
 * records the compilations with JFR.
 */
class WarmUpTest {

    @Test
    void warmUpHasC2CompileEveryVectorLoop() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CompiledLoopsProbe.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        child.waitFor();
        List<String> lines = out.lines().filter(l -> l.startsWith("loops ") || l.startsWith("compiled ")).toList();
        // The tests run with the Vector API (dsl/pom.xml): without it there would be nothing to check here.
        assertEquals(List.of("loops VectorBlockSums VectorFloatUpdates",
                "compiled " + String.join(" ", new TreeSet<>(CompiledLoopsProbe.LOOPS))), lines, out);
    }
}
