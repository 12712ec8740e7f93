package org.zeroth.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cell cut into what runs in order: Java source, line magics ({@code %name args} alone on a line, and
 * {@code !command} for the shell) and at most one cell magic ({@code %%name args} on the first line, applied to the
 * rest of the cell).
 */
final class CellPlan {
    sealed interface Step permits Code, LineMagic, CellMagic, MisplacedCellMagic { }

    /** Java source starting at {@code firstLine} of the cell. */
    record Code(String source, int firstLine) implements Step { }

    record LineMagic(String name, List<String> args) implements Step { }

    record CellMagic(String name, List<String> args, String body) implements Step { }

    /** A cell magic below the first line: the cell is refused whole, nothing of it runs. */
    record MisplacedCellMagic(String name, int line) implements Step { }

    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%(\\w[\\w.-]*)(.*)$");
    /** {@code !command} at the start of a line, after a complete statement: a shell command (see {@link #of}). */
    private static final Pattern SHELL_LINE = Pattern.compile("^!([^=(!].*)$");
    /** The magic that runs {@code !command}: it gets the raw command as its one argument. */
    static final String SHELL = "!";
    /** Magics whose arguments are Java code: they get the raw rest of the line, quotes and all, as one argument. */
    private static final java.util.Set<String> RAW_ARGUMENTS = java.util.Set.of("timeit", SHELL);
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%(\\w[\\w.-]*)(.*)$");

    private CellPlan() {
    }

    static List<Step> of(String cell) {
        List<Step> steps = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        int firstCodeLine = 0;
        while (firstCodeLine < lines.length && lines[firstCodeLine].isBlank()) {
            firstCodeLine++;
        }
        if (firstCodeLine < lines.length) {
            Matcher m = CELL_MAGIC.matcher(lines[firstCodeLine]);
            if (m.matches()) {
                int bodyStart = firstCodeLine + 1;
                String body = bodyStart < lines.length
                        ? String.join("\n", java.util.Arrays.copyOfRange(lines, bodyStart, lines.length)) : "";
                steps.add(new CellMagic(m.group(1), arguments(m.group(1), m.group(2)), body));
                return steps;
            }
        }
        for (int i = firstCodeLine + 1; i < lines.length; i++) {
            Matcher misplaced = CELL_MAGIC.matcher(lines[i]);
            if (misplaced.matches()) {
                return List.of(new MisplacedCellMagic(misplaced.group(1), i + 1));
            }
        }
        StringBuilder code = new StringBuilder();
        int codeStart = 1;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE_MAGIC.matcher(lines[i]);
            Matcher shell = SHELL_LINE.matcher(lines[i]);
            if (m.matches() && !lines[i].strip().startsWith("%%")) {
                addCode(steps, code, codeStart);
                steps.add(new LineMagic(m.group(1), arguments(m.group(1), m.group(2))));
                code.setLength(0);
                codeStart = i + 2;
            } else if (shell.matches() && statementEnds(code)) {
                addCode(steps, code, codeStart);
                steps.add(new LineMagic(SHELL, List.of(shell.group(1).strip())));
                code.setLength(0);
                codeStart = i + 2;
            } else {
                code.append(lines[i]).append('\n');
            }
        }
        addCode(steps, code, codeStart);
        return steps;
    }

    private static List<String> arguments(String magic, String rest) {
        if (!RAW_ARGUMENTS.contains(magic)) {
            return split(rest);
        }
        return rest.isBlank() ? List.of() : List.of(rest.strip());
    }

    /**
     * Whether a line starting with '!' begins a new statement (then it is a shell command, as in IPython) rather
     * than continuing Java code ({@code if (a &&} then {@code !b)}): the code before it is empty or ends with ';',
     * '}', outside any block. Java's own {@code !flag} at a statement's start is written {@code (!flag)}.
     */
    private static boolean statementEnds(CharSequence code) {
        String before = code.toString()
                .replaceAll("\"(?:\\\\.|[^\"\\\\\n])*\"|'(?:\\\\.|[^'\\\\\n])*'", "\"\"") // literals
                .replaceAll("(?s)/\\*.*?\\*/|//[^\n]*", "")                                   // comments
                .strip();
        long depth = before.chars().filter(c -> c == '{').count() - before.chars().filter(c -> c == '}').count();
        return depth == 0 && (before.isEmpty() || before.endsWith(";") || before.endsWith("}"));
    }

    private static void addCode(List<Step> steps, StringBuilder code, int firstLine) {
        if (!code.toString().isBlank()) {
            steps.add(new Code(code.toString(), firstLine));
        }
    }

    /** Splits magic arguments at blanks; double quotes group, a backslash escapes. */
    static List<String> split(String args) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '\\' && i + 1 < args.length()) {
                current.append(args.charAt(++i));
                any = true;
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(current.toString());
        }
        return out;
    }
}
