package org.zeroth.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A small data set held in memory: n examples of d named features, and for each either a class label
 * (classification: {@link #numClasses()} ≥ 2) or a real target (regression: {@link #numClasses()} = 0).
 * Immutable: every accessor returns a fresh copy, so callers may modify what they get.
 *
 * <p>Arrays are float32 (like the models in {@code org.zeroth.models} and like MeZO): {@link #features()} is
 * n×d FLOAT, {@link #labels()} is an INT vector of class indices or a FLOAT vector of targets. Use
 * {@link #features(DataType)} for another type; the values are kept in double precision internally.
 */
public final class Dataset {
    private final String name;
    private final List<String> featureNames;
    private final List<String> classes;
    private final int size;
    private final double[] values;  // n×d, row-major
    private final int[] labels;     // classification, else null
    private final double[] targets; // regression, else null

    private Dataset(String name, List<String> featureNames, List<String> classes, double[] values, int[] labels,
                    double[] targets) {
        this.name = name;
        this.featureNames = List.copyOf(featureNames);
        this.classes = List.copyOf(classes);
        this.values = values;
        this.labels = labels;
        this.targets = targets;
        this.size = values.length / Math.max(1, featureNames.size());
    }

    /**
     * Your own classification data: row i of {@code features} is example i (n × d, finite numbers), {@code labels[i]}
     * its class index, and {@code classes} the classes' names (index i names class i; none given: "0", "1", … up to
     * the largest label). Features are named x0, x1, …
     */
    public static Dataset of(String name, double[][] features, int[] labels, String... classes) {
        if (name == null || features == null || labels == null || features.length == 0) {
            throw new IllegalArgumentException("Dataset.of(name, features, labels): give a name, n ≥ 1 rows of"
                    + " features and one label per row, e.g. Dataset.of(\"mine\", new double[][] {{1, 2}, {3, 4}},"
                    + " new int[] {0, 1})");
        }
        int d = features[0] == null ? 0 : features[0].length;
        if (labels.length != features.length || d == 0) {
            throw new IllegalArgumentException("Dataset.of: " + features.length + " rows of features and "
                    + labels.length + " labels" + (d == 0 ? ", and the first row is empty" : "")
                    + ": give one label per row and at least one feature");
        }
        int k = classes.length > 0 ? classes.length : 1 + Arrays.stream(labels).max().orElse(0);
        double[] values = new double[Math.multiplyExact(features.length, d)];
        for (int i = 0; i < features.length; i++) {
            if (features[i] == null || features[i].length != d) {
                throw new IllegalArgumentException("Dataset.of: row " + i + " has " + (features[i] == null ? 0
                        : features[i].length) + " features, row 0 has " + d + ": every row needs the same number");
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(features[i][j])) {
                    throw new IllegalArgumentException("Dataset.of: feature " + j + " of row " + i + " is "
                            + features[i][j] + ": drop or fill the rows with missing values first");
                }
            }
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("Dataset.of: label " + labels[i] + " at row " + i + " is not a"
                        + " class index 0.." + (k - 1) + (classes.length > 0 ? " (" + k + " class names given)" : ""));
            }
            System.arraycopy(features[i], 0, values, i * d, d);
        }
        List<String> featureNames = IntStream.range(0, d).mapToObj(j -> "x" + j).toList();
        List<String> classNames = classes.length > 0 ? List.of(classes)
                : IntStream.range(0, k).mapToObj(Integer::toString).toList();
        return classification(name, featureNames, classNames, values, labels.clone());
    }

    /** A classification data set; {@code values} is n×d row-major, labels are indices into {@code classes}. */
    static Dataset classification(String name, List<String> featureNames, List<String> classes, double[] values,
                                  int[] labels) {
        return new Dataset(name, featureNames, classes, values, labels, null);
    }

    /** A regression data set; {@code values} is n×d row-major, one target per row. */
    static Dataset regression(String name, List<String> featureNames, double[] values, double[] targets) {
        return new Dataset(name, featureNames, List.of(), values, null, targets);
    }

    public String name() {
        return name;
    }

    /** Number of examples n. */
    public int size() {
        return size;
    }

    /** Number of features d. */
    public int dimension() {
        return featureNames.size();
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** Class names, index i naming label i; empty for regression. */
    public List<String> classes() {
        return classes;
    }

    /** Number of classes; 0 for a regression data set. */
    public int numClasses() {
        return classes.size();
    }

    public boolean isClassification() {
        return labels != null;
    }

    /** The feature matrix, n×d float32 (a new array each call: keep it in a variable). */
    public INDArray features() {
        return features(DataType.FLOAT);
    }

    /** The feature matrix, n×d, in the given floating-point type (a new array each call). */
    public INDArray features(DataType type) {
        if (type == null || !type.isFPType()) {
            throw new IllegalArgumentException("features(" + type + "): the features are real numbers; give a"
                    + " floating-point type, e.g. features(DataType.FLOAT) or features(DataType.DOUBLE)");
        }
        return Nd4j.createFromArray(values.clone()).reshape(size, dimension()).castTo(type);
    }

    /** Class indices as an INT vector (classification), or targets as a FLOAT vector (regression). */
    public INDArray labels() {
        return isClassification() ? Nd4j.createFromArray(labels.clone()) : Nd4j.createFromArray(targets.clone())
                .castTo(DataType.FLOAT);
    }

    /** Class indices 0..k−1, one per example. */
    public int[] labelArray() {
        requireClassification("labelArray()");
        return labels.clone();
    }

    /** Regression targets, one per example. */
    public double[] targetArray() {
        if (isClassification()) {
            throw new IllegalStateException(name + " is a classification data set: use labelArray() or labels()");
        }
        return targets.clone();
    }

    /** Feature j of example i. */
    public double feature(int i, int j) {
        Objects.checkIndex(i, size);
        Objects.checkIndex(j, dimension());
        return values[i * dimension() + j];
    }

    /** The labels one-hot encoded, n×k float32. */
    public INDArray oneHot() {
        requireClassification("oneHot()");
        float[] hot = new float[size * numClasses()];
        for (int i = 0; i < size; i++) {
            hot[i * numClasses() + labels[i]] = 1;
        }
        return Nd4j.createFromArray(hot).reshape(size, numClasses());
    }

    /** Examples per class, index i counting class i. */
    public int[] classCounts() {
        requireClassification("classCounts()");
        int[] counts = new int[numClasses()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * As a table: one double column per feature, then for classification {@code label} (int index) and
     * {@code class} (its name), for regression {@code target}.
     */
    public Table table() {
        List<Column<?>> columns = new ArrayList<>();
        for (int j = 0; j < dimension(); j++) {
            double[] column = new double[size];
            for (int i = 0; i < size; i++) {
                column[i] = values[i * dimension() + j];
            }
            columns.add(DoubleColumn.create(featureNames.get(j), column));
        }
        if (isClassification()) {
            columns.add(IntColumn.create("label", labels.clone()));
            columns.add(StringColumn.create("class", Arrays.stream(labels).mapToObj(classes::get)));
        } else {
            columns.add(DoubleColumn.create("target", targets.clone()));
        }
        return Table.create(name, columns.toArray(Column[]::new));
    }

    /** The examples at the given row indices, in that order. */
    public Dataset rows(int... rows) {
        int d = dimension();
        double[] picked = new double[rows.length * d];
        int[] pickedLabels = isClassification() ? new int[rows.length] : null;
        double[] pickedTargets = isClassification() ? null : new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            int i = Objects.checkIndex(rows[r], size);
            System.arraycopy(values, i * d, picked, r * d, d);
            if (pickedLabels != null) {
                pickedLabels[r] = labels[i];
            } else {
                pickedTargets[r] = targets[i];
            }
        }
        return new Dataset(name, featureNames, classes, picked, pickedLabels, pickedTargets);
    }

    /** This data set with every feature z-scored by its own mean and standard deviation. */
    public Dataset standardized() {
        return Standardization.of(this).apply(this);
    }

    /**
     * A seeded random split into train, validation and test parts (test gets the rest); stratified by class for
     * classification, so each part keeps the class proportions (each class is rounded on its own).
     */
    public Split split(double train, double validation, long seed) {
        return Split.of(this, train, validation, seed);
    }

    /** The same examples under another name (a split's parts: a loss on one is not a loss on another). */
    Dataset named(String newName) {
        return new Dataset(newName, featureNames, classes, values, labels, targets);
    }

    /** The same examples with the feature matrix replaced (same shape). */
    Dataset withValues(double[] newValues) {
        return new Dataset(name, featureNames, classes, newValues, labels, targets);
    }

    /** The internal row-major values; callers must not modify them. */
    double[] values() {
        return values;
    }

    int label(int i) {
        return labels[i];
    }

    private void requireClassification(String what) {
        if (!isClassification()) {
            throw new IllegalStateException(what + " needs class labels, but " + name
                    + " is a regression data set: use targetArray() or labels()");
        }
    }

    @Override
    public String toString() {
        String kind = isClassification() ? numClasses() + " classes " + classes : "regression";
        return name + ": " + size + " examples × " + dimension() + " features, " + kind;
    }
}
