package org.zeroth.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The bundled classic data sets (copied unchanged from scikit-learn 1.2.1's {@code sklearn/datasets/data}; see
 * the module's README for provenance and licences). Each is parsed once per JVM and then shared: a
 * {@link Dataset} is immutable.
 *
 * <pre>{@code
 * Split split = Datasets.digits().split(0.6, 0.2, 42).standardized();
 * }</pre>
 */
public final class Datasets {
    private static final Map<String, Supplier<Dataset>> LOADERS = new LinkedHashMap<>();
    private static final Map<String, Dataset> CACHE = new ConcurrentHashMap<>();

    static {
        LOADERS.put("digits", Datasets::readDigits);
        LOADERS.put("iris", Datasets::readIris);
        LOADERS.put("wine", Datasets::readWine);
        LOADERS.put("breast_cancer", Datasets::readBreastCancer);
        LOADERS.put("diabetes", Datasets::readDiabetes);
    }

    private Datasets() {
    }

    /** 8×8 handwritten digits, 16 grey levels (0..16): 1797 examples × 64 pixels, 10 classes "0".."9". */
    public static Dataset digits() {
        return load("digits");
    }

    /** Fisher's iris: 150 × 4 measurements (cm), 3 classes setosa, versicolor, virginica. */
    public static Dataset iris() {
        return load("iris");
    }

    /** Wine recognition: 178 × 13 chemical measurements, 3 cultivars class_0..class_2. */
    public static Dataset wine() {
        return load("wine");
    }

    /** Wisconsin diagnostic breast cancer: 569 × 30 cell-nucleus features, classes malignant (0), benign (1). */
    public static Dataset breastCancer() {
        return load("breast_cancer");
    }

    /**
     * Diabetes (Efron et al. 2004): 442 × 10 raw baseline variables (age, sex, bmi, bp, s1..s6; not scaled),
     * regression target a measure of disease progression one year later (25..346).
     */
    public static Dataset diabetes() {
        return load("diabetes");
    }

    /** The names {@link #load} knows, in a fixed order. */
    public static List<String> names() {
        return List.copyOf(LOADERS.keySet());
    }

    /** A data set by name ({@link #names()}; case, spaces, '-' and '_' do not matter: "breastCancer" works). */
    public static Dataset load(String name) {
        String key = canonical(name);
        Supplier<Dataset> loader = LOADERS.get(key);
        if (loader == null) {
            throw new IllegalArgumentException("unknown data set '" + name + "': use one of " + names());
        }
        return CACHE.computeIfAbsent(key, k -> loader.get());
    }

    private static String canonical(String name) {
        if (name == null) {
            return "";
        }
        String key = name.replaceAll("[\\s_-]", "").toLowerCase(Locale.ROOT); // "Breast cancer", breast-cancer, …
        return LOADERS.keySet().stream().filter(k -> k.replace("_", "").equals(key)).findFirst().orElse(key);
    }

    private static Dataset readDigits() {
        List<String> pixels = IntStream.range(0, 64).mapToObj(p -> "pixel_" + p / 8 + "_" + p % 8).toList();
        List<String> classes = IntStream.range(0, 10).mapToObj(String::valueOf).toList();
        return DataFile.resource("digits.csv.gz").withoutHeader("digits", pixels, classes);
    }

    private static Dataset readIris() {
        return DataFile.resource("iris.csv").withHeader("iris", List.of("sepal length (cm)", "sepal width (cm)",
                "petal length (cm)", "petal width (cm)"));
    }

    private static Dataset readWine() {
        return DataFile.resource("wine_data.csv").withHeader("wine", List.of("alcohol", "malic_acid", "ash",
                "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids", "nonflavanoid_phenols",
                "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline"));
    }

    private static Dataset readBreastCancer() {
        List<String> measures = List.of("radius", "texture", "perimeter", "area", "smoothness", "compactness",
                "concavity", "concave points", "symmetry", "fractal dimension");
        List<String> features = new ArrayList<>();
        measures.forEach(m -> features.add("mean " + m));
        measures.forEach(m -> features.add(m + " error"));
        measures.forEach(m -> features.add("worst " + m));
        return DataFile.resource("breast_cancer.csv").withHeader("breast_cancer", features);
    }

    private static Dataset readDiabetes() {
        return diabetes(DataFile.resource("diabetes_data_raw.csv.gz"), DataFile.resource("diabetes_target.csv.gz"));
    }

    /** The diabetes features and their targets, which must have as many rows. */
    static Dataset diabetes(DataFile data, DataFile target) {
        List<String> features = List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
        double[] values = data.matrix(features.size());
        double[] targets = target.column();
        if (targets.length * features.size() != values.length) {
            throw new IllegalArgumentException(target.name() + " has " + targets.length + " targets but "
                    + data.name() + " has " + values.length / features.size() + " rows: they must match");
        }
        return Dataset.regression("diabetes", features, values, targets);
    }
}
