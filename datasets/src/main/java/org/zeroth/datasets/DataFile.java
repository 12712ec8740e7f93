package org.zeroth.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Readers for the bundled files (formats of scikit-learn's {@code sklearn/datasets/data}). Every problem names
 * the file and the line: a missing file, a row with the wrong number of values, a value that is not a number,
 * a label outside the classes, a row count that differs from the header's.
 */
final class DataFile {
    private final String file;
    private final List<String> lines;

    private DataFile(String file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** A bundled resource in this package; {@code .gz} files are decompressed. */
    static DataFile resource(String file) {
        InputStream in = DataFile.class.getResourceAsStream(file);
        if (in == null) {
            throw new IllegalArgumentException("data file org/zeroth/datasets/" + file + " is missing from the class"
                    + " path: put the zeroth-datasets jar on the class path (rebuild it with mvn install -pl datasets)");
        }
        return read(file, in);
    }

    static DataFile read(String file, InputStream in) {
        try (in; BufferedReader reader = new BufferedReader(new InputStreamReader(
                file.endsWith(".gz") ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>(reader.lines().toList());
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
            return new DataFile(file, lines);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * scikit-learn's labelled CSV: a header {@code n,d,class_0,...,class_k-1}, then n rows of d features and an
     * integer label.
     */
    Dataset withHeader(String name, List<String> featureNames) {
        if (lines.isEmpty()) {
            throw error(1, "the file is empty; expected a header n,d,class names");
        }
        String[] header = lines.get(0).split(",");
        if (header.length < 4) {
            throw error(1, "expected a header n,d,class names (at least 2 classes), found '" + lines.get(0) + "'");
        }
        int rows = (int) number(header[0], 1, 1);
        int features = (int) number(header[1], 1, 2);
        if (features != featureNames.size()) {
            throw error(1, "the header announces " + features + " features, " + name + " has "
                    + featureNames.size());
        }
        List<String> classes = Arrays.stream(header, 2, header.length).map(String::trim).toList();
        if (lines.size() - 1 != rows) {
            throw new IllegalArgumentException(file + ": the header announces " + rows + " rows, the file has "
                    + (lines.size() - 1));
        }
        return labelled(name, featureNames, classes, 1);
    }

    /** CSV rows of d features and an integer label, no header. */
    Dataset withoutHeader(String name, List<String> featureNames, List<String> classes) {
        return labelled(name, featureNames, classes, 0);
    }

    private Dataset labelled(String name, List<String> featureNames, List<String> classes, int first) {
        int d = featureNames.size();
        int n = lines.size() - first;
        double[] values = new double[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int line = first + i + 1;
            double[] row = row(line, ",", d + 1, d + " features, then the label");
            System.arraycopy(row, 0, values, i * d, d);
            double label = row[d];
            if (label != Math.rint(label) || label < 0 || label >= classes.size()) {
                throw error(line, "label " + label + " is not a class index 0.." + (classes.size() - 1));
            }
            labels[i] = (int) label;
        }
        return Dataset.classification(name, featureNames, classes, values, labels);
    }

    /** Whitespace-separated rows of d features (scikit-learn's diabetes_data_raw). */
    double[] matrix(int d) {
        double[] values = new double[lines.size() * d];
        for (int i = 0; i < lines.size(); i++) {
            System.arraycopy(row(i + 1, "\\s+", d, d + " features"), 0, values, i * d, d);
        }
        return values;
    }

    /** One number per line. */
    double[] column() {
        double[] values = new double[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            values[i] = row(i + 1, "\\s+", 1, "1 value")[0];
        }
        return values;
    }

    String name() {
        return file;
    }

    private double[] row(int line, String separator, int count, String expected) {
        String[] tokens = lines.get(line - 1).trim().split(separator);
        if (tokens.length != count) {
            throw error(line, "expected " + count + " values (" + expected + "), found " + tokens.length);
        }
        double[] row = new double[count];
        for (int j = 0; j < count; j++) {
            row[j] = number(tokens[j], line, j + 1);
        }
        return row;
    }

    private double number(String token, int line, int column) {
        try {
            double value = Double.parseDouble(token.trim());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw error(line, "value " + column + " ('" + token.trim() + "') is not a finite number");
    }

    private IllegalArgumentException error(int line, String problem) {
        return new IllegalArgumentException(file + " line " + line + ": " + problem);
    }
}
