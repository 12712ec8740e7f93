package org.zeroth.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A data set cut into disjoint train, validation and test parts that together hold every example once.
 * Seeded: the same data, fractions and seed give the same parts. The row indices of each part refer to the
 * data set that was split; each part is named after it ("digits/train"), so losses on different parts have
 * different names in legends and a checkpoint of one is not resumed on another.
 */
public final class Split {
    private final String name;
    private final Dataset train;
    private final Dataset validation;
    private final Dataset test;
    private final int[][] rows;

    private Split(String name, Dataset train, Dataset validation, Dataset test, int[][] rows) {
        this.name = name;
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.rows = rows;
    }

    static Split of(Dataset data, double train, double validation, long seed) {
        if (!(train > 0 && validation >= 0 && train + validation <= 1 + 1e-12)) {
            throw new IllegalArgumentException("split fractions train = " + train + ", validation = " + validation
                    + " must satisfy 0 < train, 0 ≤ validation, train + validation ≤ 1 (test gets the rest),"
                    + " e.g. split(0.6, 0.2, seed)");
        }
        Random random = new Random(seed);
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int[] stratum : strata(data)) {
            MiniBatches.shuffle(stratum, random);
            int inTrain = (int) Math.round(train * stratum.length);
            int inValidation = Math.min(stratum.length - inTrain, (int) Math.round(validation * stratum.length));
            for (int r = 0; r < stratum.length; r++) {
                parts.get(r < inTrain ? 0 : r < inTrain + inValidation ? 1 : 2).add(stratum[r]);
            }
        }
        if (parts.get(0).isEmpty()) {
            throw new IllegalArgumentException("split(" + train + ", " + validation + ", seed) leaves no example of "
                    + data.size() + " to the train part (each class's share is rounded): give train a larger fraction");
        }
        int[][] rows = new int[3][];
        for (int p = 0; p < 3; p++) {
            rows[p] = parts.get(p).stream().mapToInt(Integer::intValue).toArray();
            MiniBatches.shuffle(rows[p], random); // mix the classes within each part
        }
        String name = data.name();
        return new Split(name, data.rows(rows[0]).named(name + "/train"),
                data.rows(rows[1]).named(name + "/validation"), data.rows(rows[2]).named(name + "/test"), rows);
    }

    /** Rows grouped by class for classification (stratification), else all rows in one group. */
    private static List<int[]> strata(Dataset data) {
        if (!data.isClassification()) {
            int[] all = new int[data.size()];
            Arrays.setAll(all, i -> i);
            return List.of(all);
        }
        List<int[]> strata = new ArrayList<>();
        int[] counts = data.classCounts();
        for (int c = 0; c < counts.length; c++) {
            int[] stratum = new int[counts[c]];
            for (int i = 0, k = 0; i < data.size(); i++) {
                if (data.label(i) == c) {
                    stratum[k++] = i;
                }
            }
            strata.add(stratum);
        }
        return strata;
    }

    public Dataset train() {
        return train;
    }

    public Dataset validation() {
        return validation;
    }

    public Dataset test() {
        return test;
    }

    /** The rows of the split data set that went to the training part. */
    public int[] trainRows() {
        return rows[0].clone();
    }

    public int[] validationRows() {
        return rows[1].clone();
    }

    public int[] testRows() {
        return rows[2].clone();
    }

    /** All three parts z-scored with the training part's statistics (no information leaks from validation/test). */
    public Split standardized() {
        Standardization fitted = Standardization.of(train);
        return new Split(name, fitted.apply(train), fitted.apply(validation), fitted.apply(test), rows);
    }

    /** The statistics {@link #standardized()} uses: the training part's means and standard deviations. */
    public Standardization trainingStatistics() {
        return Standardization.of(train);
    }

    @Override
    public String toString() {
        return "split of " + name + ": train " + train.size() + ", validation " + validation.size()
                + ", test " + test.size();
    }
}
