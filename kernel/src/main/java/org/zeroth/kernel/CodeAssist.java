package org.zeroth.kernel;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Completion and inspection (Tab and Shift-Tab in a notebook), from JShell's source analysis: members, variables,
 * methods, types and packages for imports; signatures and Javadoc (the JDK's where its src.zip is installed, the
 * DSL's from the sources its jar carries, see {@link SourceDocs}).
 */
final class CodeAssist {
    /** Replacements for the text between {@code start} and {@code end}. */
    record Completions(List<String> matches, int start, int end) { }

    /** What Shift-Tab shows. */
    record Inspection(String text, String html) { }

    private static final Pattern PACKAGE_CONTEXT = Pattern.compile("(^\\s*import\\s|\\b[a-z][a-z0-9_]*\\.[a-z0-9_.]*$)");

    /** A magic's name being typed at the start of a line. */
    private static final Pattern MAGIC_PREFIX = Pattern.compile("^\\s*(%%?)([\\w.-]*)$");
    /** Lines that are not Java: magics and shell commands (their text is blanked before analysis). */
    private static final Pattern NOT_JAVA = Pattern.compile("(?m)^\\s*%.*$|^![^=(!].*$");
    /** The identifier a dotted name at the cursor starts with: {@code run} in {@code run.best}. */
    private static final Pattern DOTTED_HEAD = Pattern.compile("([A-Za-z_$][\\w$]*)(?:\\s*\\.\\s*[\\w$]*)+$");

    private final SourceCodeAnalysis analysis;
    private final JavaSession session;
    private final Set<String> lineMagics;
    private final Set<String> cellMagics;

    CodeAssist(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
        this.session = null;
        this.lineMagics = Set.of();
        this.cellMagics = Set.of();
    }

    /** For a session's notebook: also completes magics, and shows the comments of the user's own methods. */
    CodeAssist(JavaSession session, Set<String> lineMagics, Set<String> cellMagics) {
        this.analysis = session.analysis();
        this.session = session;
        this.lineMagics = lineMagics;
        this.cellMagics = cellMagics;
    }

    Completions complete(String code, int cursor) {
        String line = code.substring(code.lastIndexOf('\n', cursor - 1) + 1, cursor);
        Matcher magic = MAGIC_PREFIX.matcher(line);
        if (magic.matches()) {
            return magics(magic, cursor);
        }
        String java = blankNonJava(code);
        if (nothingToComplete(code, java, cursor)) {
            return new Completions(List.of(), cursor, cursor);
        }
        int start = snippetStart(java, cursor);
        String before = java.substring(start, cursor);
        CellDeclarations earlier = CellDeclarations.of(analysis, java.substring(0, start));
        int[] anchor = new int[1];
        List<Suggestion> suggestions = List.of();
        if (!earlier.isEmpty()) {
            // Variables declared earlier in this cell are not in the session yet: complete inside a block that
            // declares them (analysed, never run).
            String withContext = earlier.block() + before;
            suggestions = analysis.completionSuggestions(withContext, withContext.length(), anchor);
            anchor[0] -= earlier.block().length();
        }
        if (suggestions.isEmpty()) {
            suggestions = analysis.completionSuggestions(before, before.length(), anchor);
        }
        boolean packages = suggestions.isEmpty() && PACKAGE_CONTEXT.matcher(before).find()
                && !startsWithVariable(before, earlier);
        for (int retry = 0; retry < 15 && suggestions.isEmpty() && packages; retry++) {
            // Package names come from an index JShell builds in the background (again after each class path
            // change): give it a moment, up to 3 s, when that is what is being completed.
            pause(200);
            suggestions = analysis.completionSuggestions(before, before.length(), anchor);
        }
        Set<String> typed = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (Suggestion s : suggestions) {
            (s.matchesType() ? typed : others).add(s.continuation());
        }
        List<String> matches = new ArrayList<>(typed);
        others.stream().filter(s -> !typed.contains(s)).forEach(matches::add);
        return new Completions(matches, start + anchor[0], cursor);
    }

    private Completions magics(Matcher typed, int cursor) {
        boolean cell = typed.group(1).length() == 2;
        List<String> matches = new ArrayList<>();
        for (String name : new TreeSet<>(cell ? cellMagics : lineMagics)) {
            if (name.startsWith(typed.group(2)) && !name.equals(CellPlan.SHELL)) {
                matches.add(typed.group(1) + name);
            }
        }
        return new Completions(matches, cursor - typed.group(1).length() - typed.group(2).length(), cursor);
    }

    /** The cell with its magic and shell lines blanked out (same length: offsets stay). */
    private static String blankNonJava(String code) {
        return NOT_JAVA.matcher(code).replaceAll(m -> " ".repeat(m.group().length()));
    }

    /**
     * A magic's or shell line's arguments, a comment, a string or char literal: JShell would complete the empty
     * snippet there, offering every type name.
     */
    private static boolean nothingToComplete(String code, String java, int cursor) {
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        if (java.substring(lineStart, cursor).isBlank() && !code.substring(lineStart, cursor).isBlank()) {
            return true; // a blanked line
        }
        for (int i = 0; i < cursor; ) {
            int end = endOfCommentOrLiteral(java, i);
            if (end == i) {
                i++;
            } else if (cursor < end) {
                return true;
            } else {
                i = end;
            }
        }
        return false;
    }

    /**
     * The first position after the comment or literal opening at {@code i} (a line comment takes its line's end,
     * an unclosed one the text's end too), else i.
     */
    private static int endOfCommentOrLiteral(String java, int i) {
        int unclosed = java.length() + 1;
        if (java.startsWith("//", i)) {
            int end = java.indexOf('\n', i);
            return end < 0 ? unclosed : end + 1;
        }
        if (java.startsWith("/*", i)) {
            int end = java.indexOf("*/", i + 2);
            return end < 0 ? unclosed : end + 2;
        }
        if (java.startsWith("\"\"\"", i)) {
            int end = java.indexOf("\"\"\"", i + 3);
            return end < 0 ? unclosed : end + 3;
        }
        char quote = java.charAt(i);
        if (quote != '"' && quote != '\'') {
            return i;
        }
        int j = i + 1;
        while (j < java.length() && java.charAt(j) != quote && java.charAt(j) != '\n') {
            j += java.charAt(j) == '\\' ? 2 : 1;
        }
        return j + 1; // the closing quote is inside it; an unclosed literal ends with its line
    }

    /**
     * Whether the dotted name being completed starts with a variable (of the session or the cell): then it is not
     * a package name, and there is no index to wait for.
     */
    private boolean startsWithVariable(String before, CellDeclarations earlier) {
        Matcher head = DOTTED_HEAD.matcher(before);
        if (!head.find() || before.stripLeading().startsWith("import")) {
            return false;
        }
        String name = head.group(1);
        if (earlier.variables().contains(name)) {
            return true;
        }
        String type = analysis.analyzeType(name, name.length());
        return type != null && !type.isEmpty();
    }

    Inspection inspect(String code, int cursor) {
        int start = snippetStart(code, Math.min(cursor, code.length()));
        int end = identifierEnd(code, cursor);
        String upTo = code.substring(start, end);
        List<Documentation> docs = analysis.documentation(upTo, upTo.length(), true);
        if (docs.isEmpty() && !upTo.endsWith("(")) {
            // after a name, its call's documentation; after a closed call (rr.trace()|), the called method's
            String call = upTo.endsWith(")") ? openedCall(upTo) : upTo + "(";
            docs = call == null ? docs : analysis.documentation(call, call.length(), true);
        }
        if (docs.isEmpty()) {
            String type = analysis.analyzeType(upTo, upTo.length());
            return type == null || type.isEmpty() ? null
                    : new Inspection(upTo.strip() + " : " + type, null);
        }
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        for (Documentation d : docs) {
            text.append(d.signature()).append('\n');
            html.append("<pre><b>").append(escape(d.signature())).append("</b></pre>");
            String javadoc = d.javadoc() != null && !d.javadoc().isBlank()
                    ? SourceDocs.raw(d.javadoc()) ? SourceDocs.plain(d.javadoc()) : d.javadoc().strip()
                    : SourceDocs.dsl().javadoc(d.signature())
                            .or(() -> session == null ? Optional.empty() : session.javadocs().of(d.signature()))
                            .orElse(null);
            if (javadoc != null) {
                text.append(javadoc.indent(4)).append('\n');
                html.append("<div style=\"margin-left:1em;white-space:pre-wrap\">")
                        .append(escape(javadoc)).append("</div>");
            }
        }
        return new Inspection(text.toString().strip(), html.toString());
    }

    /** {@code a.b(x, c(y))} up to the parenthesis its last one closes, {@code a.b(}; null if unbalanced. */
    static String openedCall(String code) {
        int depth = 0;
        for (int i = code.length() - 1; i >= 0; i--) {
            char c = code.charAt(i);
            depth += c == ')' ? 1 : c == '(' ? -1 : 0;
            if (depth == 0) {
                return c == '(' ? code.substring(0, i + 1) : null;
            }
        }
        return null;
    }

    /** Start of the snippet that holds {@code cursor} (a cell may hold several). */
    private int snippetStart(String code, int cursor) {
        int start = 0;
        String rest = code;
        while (true) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete()) {
                return start;
            }
            int consumed = rest.length() - info.remaining().length();
            if (consumed <= 0 || start + consumed >= cursor) {
                return start;
            }
            start += consumed;
            rest = info.remaining();
        }
    }

    private static int identifierEnd(String code, int cursor) {
        int i = Math.min(cursor, code.length());
        while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Starts JShell's background index of packages and classes, so the first Tab is not empty. */
    void warmUp() {
        analysis.completionSuggestions("import java.u", 13, new int[1]);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
