package org.zeroth.kernel;

import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellDeclarationsTest {
    private static JShell shell;

    @BeforeAll
    static void start() {
        shell = JShell.create();
    }

    @AfterAll
    static void stop() {
        shell.close();
    }

    @Test
    void variablesStatementsAndClassesOpenTheBlock() {
        CellDeclarations d = CellDeclarations.of(shell.sourceCodeAnalysis(),
                "import java.util.*;\nRun run = zo.minimize(f)\n    .steps(20);\nvar x = 1;\nint[] a = {1};\n"
                        + "Map<String, Integer> m = new HashMap<>();\n/** doc */\ndouble sq(double v) { return v * v; }\n"
                        + "@Deprecated public static <T> List<T> listOf(T t) { return null; }\n"
                        + "x = 2;\nfor (int i = 0; i < 3; i++) { x++; }\nrecord P(int q) { }\n"
                        + "return foo(x);\n");
        assertEquals(Set.of("run", "x", "a", "m"), d.variables());
        String block = d.block();
        assertTrue(block.startsWith("{ Run run = zo.minimize(f)\n    .steps(20);\nvar x = 1;"), block);
        for (String kept : new String[]{"int[] a", "Map<String, Integer> m", "x = 2;", "for (int i", "record P",
                "return foo(x);"}) {
            assertTrue(block.contains(kept), kept + " in " + block);
        }
        for (String left : new String[]{"import", "double sq", "listOf"}) {
            assertFalse(block.contains(left), left + " in " + block);
        }
    }

    @Test
    void nothingBeforeMeansNoBlock() {
        assertTrue(CellDeclarations.of(shell.sourceCodeAnalysis(), "  \n").isEmpty());
        assertTrue(CellDeclarations.of(shell.sourceCodeAnalysis(), "import java.util.*;\n").isEmpty());
    }
}
