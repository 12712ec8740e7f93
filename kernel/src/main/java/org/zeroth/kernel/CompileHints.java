package org.zeroth.kernel;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.zeroth.RunBuilder;
import org.zeroth.kernel.magic.LsMagic;

/**
 * A line that teaches, under a compile error a newcomer makes: a misspelt method names the receiver's nearest
 * methods ({@code .adma(1e-2)}: "did you mean adam(double)?"), indexing an INDArray like an array says how to
 * read its elements, an objective lambda of another shape ({@code (double[] x) -> …}) what an objective is, and a
 * builder's method it does not have how a run starts, and a builder where a Run is wanted what ends it.
 */
final class CompileHints {
    private static final Pattern MISSING_METHOD = Pattern.compile(
            "cannot find symbol\\s+symbol:\\s+method (\\w+)\\(.*?\\)\\s+location:\\s+(?:(?:class|interface|enum|record)"
                    + " ([\\w.$]+)|variable \\w+ of type ([\\w.$]+))", Pattern.DOTALL);
    private static final Pattern INDARRAY_INDEXED = Pattern.compile("array required, but \\S*INDArray found");

    static final String INDARRAY_HINT = "  hint: an INDArray is not a Java array: read element i with x.getDouble(i), "
            + "or write the objective over double[] with Objective.ofArray(x -> x[0] * x[0])";
    /** A lambda of another shape where zo.…( takes the objective: its first argument. */
    private static final Pattern LAMBDA_SHAPE = Pattern.compile("incompatible parameter types in lambda expression");
    private static final Pattern OBJECTIVE_ARGUMENT = Pattern.compile("\\bzo\\s*\\.\\s*\\w+\\s*\\(\\s*$");
    static final String OBJECTIVE_HINT = "  hint: an objective is a function of one INDArray, x -> x.getDouble(0) *"
            + " x.getDouble(0); to write it over double[], give Objective.ofArray(x -> x[0] * x[0])";

    /** A builder where a Run is wanted (zo.repeat(4, seed -> zo.minimize(f).seed(seed))): javac's names. */
    private static final Pattern BUILDER_FOR_RUN = Pattern.compile(
            "([\\w.$]+) cannot be converted to (?:[\\w.$]+\\.)?\\w*Run\\b");
    static final String TERMINAL_HINT = "  hint: a builder is not a Run until it has run: end it with steps(n), e.g."
            + " seed -> zo.minimize(f).seed(seed).steps(200)";

    private CompileHints() {
    }

    /** The hint for javac's {@code message} on code that follows {@code before}, if there is one. */
    static Optional<String> of(String message, String before) {
        if (INDARRAY_INDEXED.matcher(message).find()) {
            return Optional.of(INDARRAY_HINT);
        }
        if (LAMBDA_SHAPE.matcher(message).find() && OBJECTIVE_ARGUMENT.matcher(before).find()) {
            return Optional.of(OBJECTIVE_HINT);
        }
        Matcher built = BUILDER_FOR_RUN.matcher(message);
        if (built.find() && receiver(built.group(1)).filter(RunBuilder.class::isAssignableFrom).isPresent()) {
            return Optional.of(TERMINAL_HINT);
        }
        Matcher m = MISSING_METHOD.matcher(message);
        if (m.find()) {
            Optional<Class<?>> type = receiver(m.group(2) != null ? m.group(2) : m.group(3));
            return type.flatMap(t -> nearestMethods(t, m.group(1))).map(names -> "  did you mean " + names + "?")
                    .or(() -> type.filter(RunBuilder.class::isAssignableFrom).map(t -> RUN_HINT));
        }
        return Optional.empty();
    }

    /** For a builder's method that is nowhere near one it has ({@code zo.cbo(f).run()}): how a run starts. */
    static final String RUN_HINT = "  hint: a builder runs with steps(n) (n steps at most; the budget and target"
            + " options may end it sooner), or start() to drive it by ask/tell";

    /** The magic nearest to a misspelt one ({@code %mavne}: %maven), of the same kind (line or cell). */
    static Optional<String> nearestMagic(String called) {
        boolean cell = called.startsWith("%%");
        if (!cell && LsMagic.names().contains("%" + called)) { // %time for %%time, as IPython has both
            return Optional.of("%" + called + " (a cell magic: the cell's first line, timing the lines below it)");
        }
        return LsMagic.names().stream().filter(name -> name.startsWith("%%") == cell && !name.equals("!"))
                .min(Comparator.comparingInt((String name) -> distance(called, name)).thenComparing(name -> name))
                .filter(name -> distance(called, name) <= Math.max(1, called.length() / 3));
    }

    /** The public methods of {@code type} closest to {@code name} (at most a third of its letters off), or empty. */
    static Optional<String> nearestMethods(Class<?> type, String name) {
        int limit = Math.max(1, name.length() / 3);
        TreeMap<Integer, List<Method>> byDistance = Arrays.stream(type.getMethods())
                .filter(method -> !Modifier.isStatic(method.getModifiers()) || method.getDeclaringClass() == type)
                .collect(Collectors.groupingBy(method -> distance(name.toLowerCase(), method.getName().toLowerCase()),
                        TreeMap::new, Collectors.toList()));
        var nearest = byDistance.firstEntry();
        if (nearest == null || nearest.getKey() > limit) {
            return Optional.empty();
        }
        return Optional.of(nearest.getValue().stream()
                .sorted(Comparator.comparing(Method::getName).thenComparingInt(Method::getParameterCount))
                .map(CompileHints::signature).distinct().collect(Collectors.joining(" or ")));
    }

    private static String signature(Method method) {
        return method.getName() + "(" + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The receiver's class as javac names it ({@code org.zeroth.optimize.Minimizer}, nested with dots). */
    private static Optional<Class<?>> receiver(String name) {
        String candidate = name;
        while (true) {
            try {
                return Optional.of(Class.forName(candidate, false, CompileHints.class.getClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                int dot = candidate.lastIndexOf('.');
                if (dot < 0) {
                    return Optional.empty(); // e.g. a class of the session: javac names it without a package
                }
                candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
            }
        }
    }

    /** Edit distance with adjacent transpositions counting one ({@code adma} is one from {@code adam}). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
