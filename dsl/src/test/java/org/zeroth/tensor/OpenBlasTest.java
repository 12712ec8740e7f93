package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's natives and Zeroth's BLAS calls run on the OpenBLAS the build names (dsl/pom.xml), not on the 0.3.19
 * that ND4J brings, which takes recent CPUs for a 2007 Barcelona.
 */
class OpenBlasTest {
    @Test
    void everyGemmRunsOnTheOpenBlasTheBuildNames() throws IOException {
        String named = System.getProperty("zeroth.openblas.version");
        assertNotNull(named, "the build passes openblas.version to the tests");
        var a = Nd4j.rand(DataType.FLOAT, 64, 64);
        a.mmul(a); // ND4J's own GEMM: its natives and the OpenBLAS they link are loaded
        Tensors.mmul(a, a);
        // JavaCPP extracts each native library under a folder named for its jar (~/.javacpp/cache/<jar>/...).
        List<String> loaded = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.contains("libopenblas"))
                .map(line -> line.substring(line.indexOf('/')))
                .distinct()
                .toList();
        assertFalse(loaded.isEmpty(), "OpenBLAS is loaded");
        for (String library : loaded) { // libopenblas_nolapack (BLAS) and libopenblas (ND4J's LAPACK calls)
            assertTrue(library.contains("/openblas-" + named + "-"), "loaded " + library + ", the build names " + named);
        }
    }
}
