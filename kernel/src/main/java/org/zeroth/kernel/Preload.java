package org.zeroth.kernel;

import java.util.List;

/**
 * What every session starts with, quietly: the one list of preloaded imports and helper methods. Every DSL package
 * is imported, so each type the README names resolves without an import (their simple names do not clash with each
 * other, java.lang, Tablesaw's api or the packages JShell imports by default: test_magics checks it). A line that
 * does not compile (e.g. a DSL package not there yet) is logged to the kernel's stderr and skipped.
 */
final class Preload {
    static final List<String> IMPORTS = List.of(
            "import org.zeroth.*;",
            "import org.zeroth.problems.*;",
            "import org.zeroth.estimate.*;",   // estimators, Directions, Scheme, RankingOracle
            "import org.zeroth.optimize.*;",   // rules, Schedule, Minimizer
            "import org.zeroth.population.*;", // CBO, CMA-ES and the other baselines
            "import org.zeroth.bayes.*;",      // Bayesian optimization: Acquisition, BayesianRun, Surrogate
            "import org.zeroth.space.*;",      // search spaces for zo.tune: Space, Param, Params, TuningRun
            "import org.zeroth.tensor.*;",     // Tensors, RandomStream
            "import org.zeroth.datasets.*;",   // bundled data sets and their loaders
            "import org.zeroth.models.*;",     // the small models the notebooks train
            "import org.zeroth.view.*;",
            "import org.zeroth.course.*;", // the course notebooks' Exercises and Check
            "import static org.zeroth.Zo.zo;",
            "import org.nd4j.linalg.factory.Nd4j;",
            "import org.nd4j.linalg.api.ndarray.INDArray;",
            "import org.nd4j.linalg.api.buffer.DataType;", // features(DataType.DOUBLE), Tensors.randn(seed, type, n)
            "import java.time.Duration;",                  // timeLimit(d), checkpointEvery(d, file), timeout(d)
            "import tech.tablesaw.api.*;",
            // JShell's own default imports, which every Java user expects in a shell (List.of, Map.of, Path, …)
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.regex.*;", "import java.util.stream.*;");

    /** Notebook helpers {@code display(value)}, {@code display(value, id)}, {@code updateDisplay(id, value)}. */
    static final List<String> HELPERS = List.of("import static org.zeroth.kernel.Notebook.*;");

    private Preload() {
    }
}
