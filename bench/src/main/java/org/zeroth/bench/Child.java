package org.zeroth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A process the bench starts — a baseline script or a fresh JVM — read for the JSON line it prints last. */
final class Child {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Child() {
    }

    /** Starts {@code builder} (its error stream goes to the bench's) and reads its last line as JSON. */
    static JsonNode json(ProcessBuilder builder) {
        String command = String.join(" ", builder.command());
        try {
            Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = process.waitFor();
            if (status != 0 || out.isEmpty()) {
                throw new IllegalStateException(command + " failed with status " + status);
            }
            String[] lines = out.split("\n");
            return JSON.readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** {@code main} run in a fresh JVM with {@code options} and this JVM's class path; its last line as JSON. */
    static JsonNode jvm(List<String> options, Class<?> main, Object... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        for (Object a : args) {
            command.add(String.valueOf(a));
        }
        return json(new ProcessBuilder(command));
    }

    /** This JVM's options (heap, modules, system properties): a child started with them runs as the bench does. */
    static List<String> jvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }
}
