package org.zeroth.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeroth.tensor.NativeThreads;

/**
 * The measurements behind {@link NativeThreads}' default: each ND4J op at 1e5–1e7 with ND4J/OpenBLAS on 1 and on
 * 2 threads, on the machine as it is and with a busy loop on the other core. Run alone:
 * {@code java -cp … org.zeroth.bench.ThreadStudy [d…]}.
 */
final class ThreadStudy {
    private static final int[][] CONFIGS = {{1, 1}, {2, 2}};

    private ThreadStudy() {
    }

    static String measure(int[] dimensions) {
        NativeThreads.apply();
        Map<String, Map<String, Double>> columns = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();
        for (boolean loaded : new boolean[] {false, true}) {
            for (int[] c : CONFIGS) {
                NativeThreads.set(c[0], c[1]);
                String column = (loaded ? "loaded" : "quiet") + " nd" + c[0] + "/blas" + c[1];
                Map<String, Double> cells = new LinkedHashMap<>();
                NdOps.under(loaded, () -> {
                    for (int i = 0; i < dimensions.length; i++) {
                        int d = dimensions[i];
                        NdOps.measure(d, i == dimensions.length - 1).forEach((op, s) ->
                                cells.put(op.endsWith("mmul") ? op + " 1000²" : op + " 1e" + Math.round(Math.log10(d)), s));
                    }
                    return null;
                });
                cells.keySet().forEach(k -> {
                    if (!rows.contains(k)) {
                        rows.add(k);
                    }
                });
                columns.put(column, cells);
            }
        }
        NativeThreads.set(NativeThreads.DEFAULT_ND, NativeThreads.DEFAULT_BLAS);
        StringBuilder out = new StringBuilder(String.format("ND4J ops (float32, median ms) by thread count, quiet and"
                + " with a busy loop on core %d:%n    %-18s", Runtime.getRuntime().availableProcessors() - 1, "op"));
        columns.keySet().forEach(c -> out.append(String.format(" %20s", c)));
        for (String r : rows) {
            out.append(String.format("%n    %-18s", r));
            columns.values().forEach(cells -> out.append(String.format(" %20.3f", cells.getOrDefault(r, Double.NaN) * 1e3)));
        }
        return out.toString();
    }

    public static void main(String[] args) {
        int[] dimensions = args.length == 0 ? new int[] {100_000, 1_000_000, 10_000_000}
                : java.util.Arrays.stream(args).mapToInt(a -> (int) Double.parseDouble(a)).toArray();
        System.out.println(measure(dimensions));
        System.exit(0);
    }
}
