package org.zeroth.kernel;

import java.util.List;

/**
 * What every session starts with, quietly: the one list of preloaded imports and helper methods. A line that does
 * not compile (e.g. a DSL package not there yet) is logged to the kernel's stderr and skipped.
 */
final class Preload {
    static final List<String> IMPORTS = List.of(
            "import org.zeroth.*;",
            "import org.zeroth.problems.*;",
            "import org.zeroth.view.*;",
            "import static org.zeroth.Zo.zo;",
            "import org.nd4j.linalg.factory.Nd4j;",
            "import org.nd4j.linalg.api.ndarray.INDArray;",
            "import tech.tablesaw.api.*;");

    /** Notebook helpers; they forward to {@link Notebook}, which user code may also call directly. */
    static final List<String> HELPERS = List.of(
            "void display(Object value) { org.zeroth.kernel.Notebook.display(value); }",
            "void display(Object value, String displayId) { org.zeroth.kernel.Notebook.display(value, displayId); }",
            "void updateDisplay(String displayId, Object value) { org.zeroth.kernel.Notebook.updateDisplay(displayId, value); }");

    private Preload() {
    }
}
