package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.zeroth.Run;

/**
 * Estimating and optimizing code does not depend on rendering: no compiled class of the core, estimate, optimize,
 * population, problems or tensor packages refers to {@code org.zeroth.view} (a class file names every class it
 * uses in its constant pool as {@code org/zeroth/view/…}, whether imported or written out in full).
 */
class NoRenderingInComputingCodeTest {
    private static final List<String> COMPUTING = List.of("", "bayes", "estimate", "optimize", "population", "problems",
            "tensor");

    @Test
    void computingPackagesNeverReferToTheViewPackage() throws IOException, URISyntaxException {
        Path classes = Path.of(Run.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        for (String pkg : COMPUTING) {
            Path dir = classes.resolve("org/zeroth").resolve(pkg);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    scanned++;
                    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    if (bytes.contains("org/zeroth/view/")) {
                        offenders.add(classes.relativize(file).toString());
                    }
                }
            }
        }
        assertTrue(scanned > 50, "scanned the compiled classes (" + scanned + ") under " + classes);
        assertEquals(List.of(), offenders, "these classes use org.zeroth.view; register a renderer in"
                + " org.zeroth.view.Renderers or go through org.zeroth.Presenter instead");
    }
}
