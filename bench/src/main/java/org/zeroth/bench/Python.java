package org.zeroth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a baseline script with Debian's python3 (numpy, scipy) and reads the JSON it prints last. */
final class Python {
    static final Path INTERPRETER = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Python() {
    }

    static boolean available() {
        return Files.isExecutable(INTERPRETER);
    }

    static JsonNode run(Path script, Object... args) {
        List<String> command = new ArrayList<>(List.of(INTERPRETER.toString(), script.toString()));
        for (Object a : args) {
            command.add(String.valueOf(a));
        }
        return Child.json(baseline(new ProcessBuilder(command)));
    }

    /**
     * numpy as Debian runs it: its own huge pages and OpenBLAS on all cores. Its kernels are the bench's (bench/run.sh
     * leaves OpenBLAS its own choice unless ZEROTH_BENCH_OPENBLAS=machine).
     */
    private static ProcessBuilder baseline(ProcessBuilder builder) {
        builder.environment().keySet().removeAll(List.of("GLIBC_TUNABLES", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"));
        return builder;
    }

    /** The OpenBLAS kernels numpy runs on in the baseline's environment ("Core: …" of OPENBLAS_VERBOSE=2). */
    static String numpyKernels() {
        ProcessBuilder builder = baseline(new ProcessBuilder(INTERPRETER.toString(), "-c", "import numpy"));
        builder.environment().put("OPENBLAS_VERBOSE", "2");
        try {
            Process process = builder.redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return OpenBlasKernels.reportedCore(out.lines()).orElse("OpenBLAS's own choice");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
