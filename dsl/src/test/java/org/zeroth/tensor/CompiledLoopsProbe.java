package org.zeroth.tensor;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingStream;

/**
 * {@link WarmUpTest}'s child JVM: runs {@link Tensors#warmUp} while JFR records the JIT's compilations, waits until
 * C2 has compiled every loop of {@link BlockSums#FASTEST} and {@link FloatUpdates#FASTEST} (or a minute has passed)
 * and prints the loop classes and the loops C2 compiled.
 */
public final class CompiledLoopsProbe {
    static final List<String> LOOPS = List.of("VectorBlockSums.terms", "VectorBlockSums.products",
            "VectorBlockSums.squaredDifferences", "VectorFloatUpdates.axpyLoop", "VectorFloatUpdates.scaleLoop");

    private CompiledLoopsProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Set<String> compiled = new ConcurrentSkipListSet<>();
        CountDownLatch all = new CountDownLatch(1);
        try (RecordingStream events = new RecordingStream()) {
            events.enable("jdk.Compilation").withThreshold(Duration.ZERO);
            events.onEvent("jdk.Compilation", e -> {
                RecordedMethod method = e.getValue("method");
                String type = method.getType().getName();
                // Level 4 is C2; an OSR compilation serves only the call that was running, not the next ones.
                if (e.getInt("compileLevel") == 4 && !e.getBoolean("isOsr") && e.getBoolean("succeded")
                        && type.startsWith(CompiledLoopsProbe.class.getPackageName() + ".")) {
                    compiled.add(type.substring(type.lastIndexOf('.') + 1) + "." + method.getName());
                    if (compiled.containsAll(LOOPS)) {
                        all.countDown();
                    }
                }
            });
            events.startAsync();
            Tensors.warmUp();
            all.await(60, TimeUnit.SECONDS);
        }
        System.out.println("loops " + BlockSums.FASTEST.getClass().getSimpleName() + " "
                + FloatUpdates.FASTEST.getClass().getSimpleName());
        Set<String> loops = new TreeSet<>(compiled);
        loops.retainAll(LOOPS);
        System.out.println("compiled " + String.join(" ", loops));
        System.exit(0);
    }
}
