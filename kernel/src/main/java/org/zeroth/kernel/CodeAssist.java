package org.zeroth.kernel;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    private final SourceCodeAnalysis analysis;

    CodeAssist(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    Completions complete(String code, int cursor) {
        int start = snippetStart(code, cursor);
        String before = code.substring(start, cursor);
        int[] anchor = new int[1];
        List<Suggestion> suggestions = analysis.completionSuggestions(before, before.length(), anchor);
        boolean packages = PACKAGE_CONTEXT.matcher(before).find();
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

    Inspection inspect(String code, int cursor) {
        int start = snippetStart(code, Math.min(cursor, code.length()));
        int end = identifierEnd(code, cursor);
        String upTo = code.substring(start, end);
        List<Documentation> docs = analysis.documentation(upTo, upTo.length(), true);
        if (docs.isEmpty() && !upTo.endsWith("(")) {
            String call = upTo + "(";
            docs = analysis.documentation(call, call.length(), true);
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
            String javadoc = d.javadoc() != null && !d.javadoc().isBlank() ? d.javadoc().strip()
                    : SourceDocs.dsl().javadoc(d.signature()).orElse(null);
            if (javadoc != null) {
                text.append(javadoc.indent(4)).append('\n');
                html.append("<div style=\"margin-left:1em;white-space:pre-wrap\">")
                        .append(escape(javadoc)).append("</div>");
            }
        }
        return new Inspection(text.toString().strip(), html.toString());
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
