package org.zeroth.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

class DatasetsTest {

    @Test
    void loadersHaveTheDocumentedShapesAndClasses() {
        assertShape(Datasets.digits(), 1797, 64, 10);
        assertShape(Datasets.iris(), 150, 4, 3);
        assertShape(Datasets.wine(), 178, 13, 3);
        assertShape(Datasets.breastCancer(), 569, 30, 2);
        assertShape(Datasets.diabetes(), 442, 10, 0);
        // Class counts as published with the data sets (UCI / scikit-learn documentation).
        assertArrayEquals(new int[] {50, 50, 50}, Datasets.iris().classCounts());
        assertArrayEquals(new int[] {59, 71, 48}, Datasets.wine().classCounts());
        assertArrayEquals(new int[] {212, 357}, Datasets.breastCancer().classCounts());
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180},
                Datasets.digits().classCounts());
        assertEquals(List.of("setosa", "versicolor", "virginica"), Datasets.iris().classes());
        assertEquals(List.of("malignant", "benign"), Datasets.breastCancer().classes());
    }

    private static void assertShape(Dataset data, int n, int d, int classes) {
        assertEquals(n, data.size(), data.name());
        assertEquals(d, data.dimension(), data.name());
        assertEquals(classes, data.numClasses(), data.name());
        assertArrayEquals(new long[] {n, d}, data.features().shape(), data.name());
        assertEquals(DataType.FLOAT, data.features().dataType());
        assertEquals(n, data.labels().length(), data.name());
        Table table = data.table();
        assertEquals(n, table.rowCount());
        assertEquals(d + (classes > 0 ? 2 : 1), table.columnCount(), data.name() + ": features, then label+class or target");
    }

    @Test
    void valuesAreTheFilesValues() {
        Dataset iris = Datasets.iris();
        assertEquals(5.1, iris.feature(0, 0));
        assertEquals(0.2, iris.feature(0, 3));
        assertEquals(1.8, iris.feature(149, 3));
        assertEquals(2, iris.labelArray()[149]);
        assertEquals("virginica", iris.table().stringColumn("class").get(149));
        Dataset diabetes = Datasets.diabetes();
        assertEquals(59, diabetes.feature(0, 0));
        assertEquals(87, diabetes.feature(0, 9));
        assertEquals(151, diabetes.targetArray()[0]);
        assertEquals(151f, diabetes.labels().getFloat(0));
        Dataset digits = Datasets.digits();
        assertEquals(5, digits.feature(0, 2));
        assertEquals(0, digits.labelArray()[0]);
        assertEquals("pixel_7_7", digits.featureNames().get(63));
    }

    @Test
    void parsedDataIsCachedPerJvm() {
        assertSame(Datasets.wine(), Datasets.load("wine"));
        assertSame(Datasets.breastCancer(), Datasets.load("breastCancer"));
        assertSame(Datasets.breastCancer(), Datasets.load("breast-cancer"));
        assertSame(Datasets.breastCancer(), Datasets.load(" Breast cancer"));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("mnist"));
        assertEquals("unknown data set 'mnist': use one of [digits, iris, wine, breast_cancer, diabetes]",
                e.getMessage());
    }

    @Test
    void oneHotHasOneOnePerRowAtTheLabel() {
        Dataset wine = Datasets.wine();
        INDArray hot = wine.oneHot();
        assertArrayEquals(new long[] {178, 3}, hot.shape());
        int[] labels = wine.labelArray();
        for (int i = 0; i < labels.length; i++) {
            assertEquals(1.0, hot.getRow(i).sumNumber().doubleValue());
            assertEquals(1.0, hot.getDouble(i, labels[i]));
        }
        assertThrows(IllegalStateException.class, () -> Datasets.diabetes().oneHot());
    }

    @Test
    void standardizedFeaturesHaveMeanZeroAndUnitDeviation() {
        for (String name : Datasets.names()) {
            Dataset z = Datasets.load(name).standardized();
            INDArray x = z.features(DataType.DOUBLE);
            double[] means = x.mean(0).toDoubleVector();
            double[] sds = x.std(false, 0).toDoubleVector();
            for (int j = 0; j < z.dimension(); j++) {
                assertEquals(0, means[j], 1e-9, name + " feature " + j);
                // constant features (blank digit pixels) are only centred
                double expected = Datasets.load(name).table().doubleColumn(j).standardDeviation() > 0 ? 1 : 0;
                assertEquals(expected, sds[j], 1e-9, name + " feature " + j);
            }
        }
    }

    @Test
    void validationAndTestAreStandardizedWithTrainingStatistics() {
        Split raw = Datasets.wine().split(0.6, 0.2, 1);
        Split z = raw.standardized();
        Standardization fitted = Standardization.of(raw.train());
        double mean = fitted.means()[12];
        double sd = fitted.deviations()[12];
        assertEquals((raw.test().feature(3, 12) - mean) / sd, z.test().feature(3, 12), 1e-12);
        assertEquals((raw.validation().feature(0, 12) - mean) / sd, z.validation().feature(0, 12), 1e-12);
        // the test part's own mean is not exactly zero: it was not used for fitting
        assertTrue(Math.abs(z.test().features(DataType.DOUBLE).mean(0).getDouble(12)) > 1e-6);
    }

    @Test
    void splitsAreDisjointCoverEverythingAndRepeatBySeed() {
        for (String name : Datasets.names()) {
            Dataset data = Datasets.load(name);
            Split split = data.split(0.6, 0.2, 7);
            int[] all = IntStream.concat(IntStream.concat(Arrays.stream(split.trainRows()),
                    Arrays.stream(split.validationRows())), Arrays.stream(split.testRows())).sorted().toArray();
            assertArrayEquals(IntStream.range(0, data.size()).toArray(), all, name + ": each row exactly once");
            assertEquals(Math.round(0.6 * data.size()), split.train().size(), data.numClasses() + 1.0, name);
            assertArrayEquals(split.testRows(), data.split(0.6, 0.2, 7).testRows(), name + ": same seed");
            assertFalse(Arrays.equals(split.testRows(), data.split(0.6, 0.2, 8).testRows()), name + ": new seed");
            assertEquals(data.feature(split.testRows()[0], 0), split.test().feature(0, 0));
        }
    }

    @Test
    void classificationSplitsKeepTheClassProportions() {
        Dataset digits = Datasets.digits();
        Split split = digits.split(0.7, 0.1, 3);
        int[] all = digits.classCounts();
        for (Dataset part : List.of(split.train(), split.validation(), split.test())) {
            int[] counts = part.classCounts();
            for (int c = 0; c < all.length; c++) {
                // each class is rounded on its own: at most half an example off the exact share, per class
                assertEquals((double) all[c] * part.size() / digits.size(), counts[c], 1.5, "class " + c);
            }
        }
    }

    @Test
    void miniBatchesVisitEveryRowOncePerEpochInASeededOrder() {
        MiniBatches batches = new MiniBatches(10, 4, 3);
        assertEquals(3, batches.batchesPerEpoch());
        int[] first = batches.next();
        int[] epoch = IntStream.concat(IntStream.concat(Arrays.stream(first), Arrays.stream(batches.next())),
                Arrays.stream(batches.next())).toArray();
        assertArrayEquals(IntStream.range(0, 10).toArray(), Arrays.stream(epoch).sorted().toArray());
        assertEquals(2, epoch.length - 8, "the last batch holds the 2 rows left over");
        assertEquals(1, batches.epoch());
        batches.next();
        assertEquals(2, batches.epoch());
        assertArrayEquals(first, new MiniBatches(10, 4, 3).next(), "same seed, same batches");
        assertThrows(IllegalArgumentException.class, () -> new MiniBatches(10, 11, 3));
    }

    @Test
    void anEmptyValidationPartIsAllowed() {
        Split split = Datasets.iris().split(0.8, 0, 1);
        assertEquals(0, split.validation().size());
        assertArrayEquals(new long[] {0, 4}, split.validation().features().shape());
        assertEquals(150, split.train().size() + split.test().size());
    }

    @Test
    void yourOwnRowsAndLabelsAreADataSetLikeTheBundledOnes() {
        Dataset iris = Datasets.iris();
        double[][] rows = new double[iris.size()][iris.dimension()];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = iris.feature(i, j);
            }
        }
        Dataset mine = Dataset.of("my iris", rows, iris.labelArray(), iris.classes().toArray(String[]::new));
        assertEquals("my iris: 150 examples × 4 features, 3 classes [setosa, versicolor, virginica]", mine.toString());
        assertEquals(iris.features(), mine.features());
        assertArrayEquals(iris.labelArray(), mine.labelArray());
        assertArrayEquals(iris.split(0.6, 0.2, 4).testRows(), mine.split(0.6, 0.2, 4).testRows(), "same split");
        assertEquals(List.of("0", "1", "2"), Dataset.of("unnamed", rows, iris.labelArray()).classes());
        assertEquals(List.of("x0", "x1", "x2", "x3"), mine.featureNames());

        rows[3] = new double[] {1, 2};
        assertEquals("Dataset.of: row 3 has 2 features, row 0 has 4: every row needs the same number",
                message(() -> Dataset.of("bad", rows, iris.labelArray())));
        rows[3] = new double[] {1, 2, Double.NaN, 4};
        assertEquals("Dataset.of: feature 2 of row 3 is NaN: drop or fill the rows with missing values first",
                message(() -> Dataset.of("bad", rows, iris.labelArray())));
        rows[3] = new double[] {1, 2, 3, 4};
        assertEquals("Dataset.of: label 2 at row 100 is not a class index 0..1 (2 class names given)",
                message(() -> Dataset.of("bad", rows, iris.labelArray(), "a", "b")));
        assertEquals("Dataset.of: 150 rows of features and 2 labels: give one label per row and at least one feature",
                message(() -> Dataset.of("bad", rows, new int[] {0, 1})));
    }

    /** An integer type would truncate every feature (z-scores to −1, 0, 1) without a word. */
    @Test
    void featuresComeInFloatingPointTypesOnly() {
        Dataset iris = Datasets.iris();
        assertEquals(5.1, iris.features(DataType.DOUBLE).getDouble(0, 0), 0);
        assertEquals(DataType.HALF, iris.features(DataType.HALF).dataType());
        assertEquals("features(INT): the features are real numbers; give a floating-point type, e.g."
                + " features(DataType.FLOAT) or features(DataType.DOUBLE)", assertThrows(IllegalArgumentException.class,
                () -> iris.features(DataType.INT)).getMessage());
    }

    @Test
    void badFractionsSayWhatToChange() {
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.iris().split(0.8, 0.3, 1));
        assertTrue(e.getMessage().contains("train + validation ≤ 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.iris().split(0.001, 0, 1));
        assertEquals("split(0.001, 0.0, seed) leaves no example of 150 to the train part (each class's share is"
                + " rounded): give train a larger fraction", e.getMessage());
    }

    @Test
    void malformedFilesNameTheFileAndLine() {
        List<String> features = List.of("a", "b");
        assertEquals("bad.csv line 3: expected 3 values (2 features, then the label), found 2",
                message(() -> parse("2,2,no,yes\n1,2,0\n3,1\n").withHeader("bad", features)));
        assertEquals("bad.csv line 2: value 2 ('x') is not a finite number",
                message(() -> parse("2,2,no,yes\n1,x,0\n3,1,1\n").withHeader("bad", features)));
        assertEquals("bad.csv line 3: label 2.0 is not a class index 0..1",
                message(() -> parse("2,2,no,yes\n1,2,0\n3,1,2\n").withHeader("bad", features)));
        assertEquals("bad.csv: the header announces 3 rows, the file has 2",
                message(() -> parse("3,2,no,yes\n1,2,0\n3,1,1\n").withHeader("bad", features)));
        assertEquals("bad.csv line 1: the header announces 3 features, bad has 2",
                message(() -> parse("2,3,no,yes\n1,2,0\n3,1,1\n").withHeader("bad", features)));
        assertEquals("bad.csv line 2: expected 10 values (10 features), found 9",
                message(() -> Datasets.diabetes(parse("1 2 3 4 5 6 7 8 9 10\n1 2 3 4 5 6 7 8 9\n"),
                        parse("1\n2\n"))));
        assertTrue(message(() -> DataFile.resource("missing.csv")).startsWith(
                "data file org/zeroth/datasets/missing.csv is missing from the class path"));
    }

    private static DataFile parse(String content) {
        return DataFile.read("bad.csv", new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static String message(Runnable action) {
        return assertThrows(IllegalArgumentException.class, action::run).getMessage();
    }
}
