package org.zeroth.kernel;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;
import org.zeroth.RunFailedException;
import org.zeroth.kernel.exec.CellControl;
import org.zeroth.kernel.exec.CellRunner;
import org.zeroth.kernel.exec.ExitGuard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cell's errors in the user's words: a compile error at its line with a caret, a runtime error with the cell's own
 * frames in its lines (JShell's wrapper classes and the DSL's frames out of sight), and notes that say what to run
 * again when JShell kept something old.
 */
final class CellErrors {
    private static final int MAX_FRAMES = 25;

    private final JShell shell;
    private final CellRunner runner;
    private final Map<String, SourceMap> sources;

    /** {@code sources}: each snippet's source, by snippet id (its frames' file name), as the session records them. */
    CellErrors(JShell shell, CellRunner runner, Map<String, SourceMap> sources) {
        this.shell = shell;
        this.runner = runner;
        this.sources = sources;
    }

    /** A declaration that waits for names not defined yet. */
    String unresolvedNote(DeclarationSnippet snippet) {
        List<String> missing = shell.unresolvedDependencies(snippet).collect(Collectors.toList());
        return "note: " + snippet.name() + " is defined but cannot be used until "
                + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " defined";
    }

    /** A snippet JShell rejected: each of javac's errors at its line, with a caret and a hint where one helps. */
    CellError compileError(SourceMap map, Snippet snippet) {
        List<Diag> diags = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        if (diags.isEmpty()) {
            return compileError(map, 0, 0, "the snippet was rejected");
        }
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            String message = d.getMessage(Locale.ROOT);
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            // javac's own point (the '.' of a chain's unknown call), not the start of the whole statement
            long point = d.getPosition() >= d.getStartPosition() ? d.getPosition() : d.getStartPosition();
            lines.addAll(compileError(map, (int) point, (int) d.getEndPosition(), message).traceback());
            int at = Math.max(0, Math.min((int) d.getStartPosition(), map.text().length()));
            String before = map.text().substring(0, at);
            CompileHints.of(message, before).filter(hint -> !lines.contains(hint)).ifPresent(lines::add);
        }
        return new CellError("CompileError", first, lines);
    }

    /** An error at {@code start..end} of {@code map}'s text, shown as javac's are. */
    static CellError compileError(SourceMap map, int start, int end, String message) {
        int line = map.lineOf(start);
        String code = map.lineText(start);
        int column = map.column(start);
        int width = Math.max(1, Math.min(end, start + code.length() - column) - start);
        List<String> lines = new ArrayList<>();
        String headline = message.lines().findFirst().orElse(message);
        lines.add(CellError.BOLD_RED + "Compile error" + CellError.RESET + " in " + map.origin() + ", line " + line
                + ": " + headline);
        message.lines().skip(1).filter(l -> !l.contains("location: class")).forEach(l -> lines.add("  " + l.strip()));
        lines.add("    " + code);
        lines.add("    " + under(code.substring(0, column)) + CellError.RED + "^"
                + "~".repeat(Math.max(0, code.codePointCount(column, Math.min(code.length(), column + width)) - 1))
                + CellError.RESET);
        return new CellError("CompileError", headline, lines);
    }

    /** Blanks as wide as {@code code} shows: a tab stays a tab, any other character (a code point) is one space. */
    private static String under(String code) {
        StringBuilder blanks = new StringBuilder();
        code.codePoints().forEach(c -> blanks.append(c == '\t' ? '\t' : ' '));
        return blanks.toString();
    }

    /** What a snippet threw: the user's frames in the cell's lines, the DSL's folded, the partial run below. */
    CellError runtimeError(JShellException exception, Throwable original) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            String text = unresolvedNote(unresolved.getSnippet()).replaceFirst("^note: ", "");
            return new CellError("UnresolvedReference", text,
                    List.of(CellError.BOLD_RED + "UnresolvedReference" + CellError.RESET + ": " + text));
        }
        if (ExitGuard.refusedExit(original)) { // a library's exit: where it was called is the library's business
            return new CellError("SystemExit", ExitGuard.MESSAGE,
                    List.of(CellError.BOLD_RED + "SystemExit" + CellError.RESET + ": " + ExitGuard.MESSAGE));
        }
        List<String> lines = new ArrayList<>();
        String className = exception instanceof EvalException e ? e.getExceptionClassName()
                : exception.getClass().getName();
        if (original instanceof CellControl.CellExit) {
            className = "SystemExit";
        }
        String message = userWords(original != null ? original.getMessage() : exception.getMessage());
        Throwable t = exception;
        boolean firstLevel = true;
        String above = null;
        while (t != null) {
            String name = t instanceof EvalException e ? e.getExceptionClassName() : t.getClass().getName();
            if (!firstLevel && name.equals("org.zeroth.Oracle$Failure")) { // the DSL's wrapper: its cause is the news
                t = t.getCause();
                continue;
            }
            if (firstLevel && original instanceof CellControl.CellExit) {
                name = "SystemExit";
            }
            String own = t.getMessage();
            // a cause whose message the one above already quotes (a wrapped failure) is named, not repeated
            boolean quoted = own != null && above != null && !own.isBlank() && above.contains(own.strip());
            String head = (firstLevel ? "" : "Caused by: ") + name + (own == null ? ""
                    : quoted ? " (its message is in the one above)" : ": " + userWords(own));
            lines.add(CellError.BOLD_RED + head + CellError.RESET);
            lines.addAll(frames(t.getStackTrace()));
            above = own;
            t = t.getCause();
            firstLevel = false;
        }
        if (original instanceof RunFailedException failed && failed.run() != null) {
            lines.add(""); // nothing computed is lost: the run up to the failure, under the error
            lines.add(CellError.BOLD_RED + "The run so far" + CellError.RESET + " (RunFailedException.run(), zo.lastRun()):");
            // its failure line is the error above, said once
            safeSummary(failed.run()).stream().filter(l -> !l.strip().startsWith("failure: ")).forEach(lines::add);
        }
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return new CellError(simple, message == null ? "" : message, lines);
    }

    /**
     * A message in the user's names: JShell's wrapper classes ("REPL.$JShell$37.twoPoint") and a cast's class loaders
     * dropped; a variable that reads null because the user declared it again since (JShell keeps the old one for
     * code compiled before) gets a note saying what to run again, and so does an object of a class declared again.
     */
    private String userWords(String message) {
        if (message == null) {
            return null;
        }
        Matcher stale = STALE_NULL.matcher(message);
        String note = "";
        if (stale.find()) {
            String name = stale.group(1);
            note = shell.variables().filter(v -> v.name().equals(name)
                            && JavaSession.variable(shell, runner, v).value() != null)
                    .findFirst().map(v -> " (" + name + " was declared again, now " + v.typeName() + " " + name
                            + ", after the code that reads it was compiled; that code still reads the old " + name
                            + ": run again the cell that defines it)").orElse("");
        }
        String words = CAST_LOADERS.matcher(WRAPPER_PREFIX.matcher(message).replaceAll("")).replaceAll("");
        Matcher cast = SAME_NAME_CAST.matcher(words);
        if (cast.find()) { // two classes of one name: the user's class and the one it replaced
            String name = cast.group(1);
            note += " (" + name + " was declared again after this object was made, so the object is of the old " + name
                    + ": run again the cell that makes it)";
        }
        return words + note;
    }

    private static final Pattern WRAPPER_PREFIX = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]*[.$]");
    private static final Pattern LAMBDA = Pattern.compile("lambda\\$(.+)\\$\\d+");
    /** A ClassCastException's "(A is in unnamed module of loader …; B is in module java.base of loader …)". */
    private static final Pattern CAST_LOADERS = Pattern.compile(" \\([^()]* of loader [^()]*\\)");
    private static final Pattern SAME_NAME_CAST = Pattern.compile("class ([\\w.$]+) cannot be cast to class \\1\\b");
    private static final Pattern STALE_NULL = Pattern.compile("\"REPL\\.\\$JShell\\$\\d+[A-Z]*\\.(\\w+)\" is null");

    private static List<String> safeSummary(Object run) {
        try {
            return String.valueOf(run).lines().collect(Collectors.toList());
        } catch (RuntimeException e) {
            return List.of("(could not show it: " + e + ")");
        }
    }

    /** Stack frames, cell frames in the cell's lines; repeats (deep recursion) are folded, long traces cut. */
    private List<String> frames(StackTraceElement[] stack) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < stack.length; ) {
            int inside = 0;
            while (i + inside < stack.length && insideTheDsl(stack[i + inside])) {
                inside++;
            }
            if (inside > 0) { // how the DSL got to the user's code is not the user's business
                out.add("    ... " + inside + (inside == 1 ? " frame" : " frames") + " inside Zeroth");
                i += inside;
                continue;
            }
            String line = "    at " + frame(stack[i]);
            int run = 1;
            while (i + run < stack.length && stack[i + run].equals(stack[i])) {
                run++;
            }
            out.add(run > 1 ? line + "  [" + run + " times]" : line);
            i += run;
            if (out.size() == MAX_FRAMES && i < stack.length) {
                out.add("    ... " + (stack.length - i) + " more");
                break;
            }
        }
        return out;
    }

    private static boolean insideTheDsl(StackTraceElement e) {
        return e.getClassName().startsWith("org.zeroth.") && !e.getClassName().startsWith("org.zeroth.kernel.");
    }

    private String frame(StackTraceElement e) {
        String file = e.getFileName();
        if (file != null && file.startsWith("#")) {
            SourceMap map = sources.get(file.substring(1));
            String method = e.getMethodName();
            String where = map == null ? "snippet " + file : map.origin() + ", line " + (map.firstLine() + e.getLineNumber() - 1);
            Matcher lambda = LAMBDA.matcher(method); // javac's name for a lambda's body: lambda$<enclosing>$<n>
            if (lambda.matches()) {
                String enclosing = lambda.group(1);
                return (enclosing.startsWith("do_it$") ? "lambda" : "lambda in " + enclosing) + " (" + where + ")";
            }
            boolean topLevel = method.isEmpty() || method.startsWith("do_it$");
            return (topLevel ? "" : method + " ") + "(" + where + ")";
        }
        return e.toString();
    }
}
