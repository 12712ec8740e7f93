package org.zeroth;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zeroth.tensor.Tensors;

/**
 * What to say when an objective fails — throws or returns NaN/∞: for an index error, whether the point's dimension
 * is the likely cause; for arrays of two data types, how to make them one; for a run-away x, that the search
 * diverged.
 */
final class FailureHint {
    /** The dimension each objective was first evaluated in, to explain an index error in another dimension. */
    private static final Map<Objective, Integer> FIRST_DIMENSION = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Pattern PAST_THE_END = Pattern.compile("[Ii]ndex:? (\\d+)\\D.*length:? \\(?(\\d+)");

    /** A point this far out was not asked for by any sensible search: its method's steps have diverged. */
    private static final double DIVERGED = 1e15;

    /** What to change when a run ran out of memory: the Java heap's, or ND4J's native memory outside it. */
    static String outOfMemory(OutOfMemoryError e) {
        return nativeMemory(e) ? ": ND4J's arrays live outside the Java heap, within JavaCPP's limits"
                + " (-Dorg.bytedeco.javacpp.maxbytes and maxphysicalbytes, by default -Xmx and 4 × -Xmx) and the"
                + " machine's memory: raise them, train a large θ with inPlace(), or make the objective allocate less"
                + " per call"
                : ": give the JVM more memory (-Xmx, or MaxRAMPercentage in the kernel's kernel.json) or make the"
                + " objective allocate less per call";
    }

    /** Whether JavaCPP refused ND4J's native memory (outside the heap), rather than the heap filling. */
    static boolean nativeMemory(OutOfMemoryError e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("maxBytes") || m.contains("maxPhysicalBytes") || m.contains("Pointer");
    }

    private FailureHint() {
    }

    /** The message of evaluation {@code number} of f, at x, that threw {@code cause}. */
    static String threw(Objective objective, Throwable cause, INDArray x, long number) {
        String at = "at evaluation " + number + " (" + objective.describe(x) + ")";
        // Zeroth's own failures (an external command's) say what happened in their message, often over lines
        String what = cause.getClass().getName().startsWith("org.zeroth.") && cause.getMessage() != null
                ? "failed " + at + ": " + cause.getMessage().strip() : "threw " + cause + " " + at;
        String hint = cause instanceof OutOfMemoryError oom ? outOfMemory(oom) : of(objective, cause, x);
        // after a message over lines (a command's stderr), the advice starts a line of its own
        return "the objective " + what + (what.contains("\n") ? "\n" + hint.substring(2) : hint);
    }

    /** The message of evaluation {@code number}, whose value v (in the user's sense) is NaN or infinite. */
    static String notFinite(Objective objective, INDArray x, double v, long number, boolean boxable) {
        double size = Tensors.norm(x);
        return "the objective returned " + v + " at evaluation " + number + " (" + objective.describe(x) + "); "
                + (size < DIVERGED ? "it must be finite wherever it is evaluated: guard the expression, or keep the"
                + " search inside its domain " + (boxable ? "with within(lo, hi)"
                : "by a smaller learning rate or smoothing radius (inPlace() takes no within(lo, hi))")
                : "x has run away (‖x‖ = " + size + "): the search diverged, so lower the learning rate or step"
                + " size (for CBO: σ or dt), or f is unbounded below there" + (boxable
                ? ": bound the search with within(lo, hi)" : ""));
    }

    static void firstUse(Objective objective, int d) {
        FIRST_DIMENSION.putIfAbsent(objective, d);
    }

    /**
     * For an index error: whether the dimension d of x is the likely cause (f declared for, or first used in,
     * another dimension, or reading past x's end); else the usual advice.
     */
    static String of(Objective objective, Throwable cause, INDArray x) {
        int d = (int) x.length();
        String message = String.valueOf(cause.getMessage());
        boolean twoTypes = message.contains("FLOAT") && message.contains("DOUBLE");
        if (twoTypes && message.toLowerCase(Locale.ROOT).contains("type")) {
            return "; f mixes float32 and float64 arrays (x is " + x.dataType() + "): make them one type, e.g. a"
                    + " data set's features(DataType.DOUBLE), or x.castTo(DataType.FLOAT) inside f";
        }
        boolean indexError = cause instanceof IndexOutOfBoundsException || cause instanceof IllegalArgumentException
                && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("index"); // ND4J's
        if (!indexError) {
            return "; fix the objective for that point";
        }
        Integer first = FIRST_DIMENSION.get(objective);
        int other = objective.dimension() > 0 && objective.dimension() != d ? objective.dimension()
                : first != null && first != d ? first : 0;
        Matcher m = PAST_THE_END.matcher(String.valueOf(cause.getMessage()));
        if (other == 0 && m.find() && Integer.parseInt(m.group(2)) == d && Integer.parseInt(m.group(1)) >= d) {
            other = Integer.parseInt(m.group(1)) + 1;
            return "; " + objective.name() + " reads x[" + m.group(1) + "] but x has " + d + " entries: the dimension"
                    + " is the likely cause. If " + objective.name() + " is written for at least " + other
                    + " coordinates, start from a point of that dimension (from(new double[" + other + "])), and"
                    + " declare it: Objective." + (cause instanceof ArrayIndexOutOfBoundsException ? "ofArray" : "of")
                    + "(" + other + ", \"" + objective.name() + "\", f)";
        }
        if (other > 0) {
            return "; x has dimension " + d + " but " + objective.name() + (objective.dimension() > 0
                    ? " is declared for dimension " : " was first used in dimension ") + other
                    + ": the dimension is the likely cause; start from a point of dimension " + other;
        }
        return "; fix the objective for that point";
    }
}
