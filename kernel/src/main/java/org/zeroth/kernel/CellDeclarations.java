package org.zeroth.kernel;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a cell declares before the cursor, for completion: {@code Run run = zo.minimize(…)…;} on one line makes
 * {@code run.} complete on the next, although the cell has not run. The earlier snippets become the opening of a
 * block that JShell analyses with the line being completed (never runs); what cannot stand in a block (methods,
 * imports) is left out. A light scan, not a compilation: completion must answer while the user types.
 */
record CellDeclarations(String block, Set<String> variables) {
    private static final CellDeclarations NONE = new CellDeclarations("", Set.of());
    private static final String NOT_A_TYPE = "(?!(?:return|new|throw|yield|assert|else|case|record|class|interface|enum)\\b)";
    private static final String TYPE = NOT_A_TYPE + "[\\w.$]+(?:\\s*<.*?>)?(?:\\s*\\[\\s*])*";
    private static final String MODIFIERS = "(?:(?:public|private|protected|static|final|abstract|synchronized|default"
            + "|native|strictfp)\\s+)*";
    private static final Pattern METHOD = Pattern.compile("^" + MODIFIERS + "(?:<[^>]*>\\s*)?" + TYPE + "\\s+\\w+\\s*\\(",
            Pattern.DOTALL);
    private static final Pattern VARIABLE = Pattern.compile("^(?:final\\s+)?" + TYPE + "\\s+(\\w+)\\s*[=;,]",
            Pattern.DOTALL);
    private static final Pattern LEADING_NOISE = Pattern.compile("^(?:\\s+|//[^\\n]*|/\\*.*?\\*/|@\\w+(?:\\([^)]*\\))?)*",
            Pattern.DOTALL);

    static CellDeclarations of(SourceCodeAnalysis analysis, String earlier) {
        if (earlier.isBlank()) {
            return NONE;
        }
        StringBuilder block = new StringBuilder("{ ");
        Set<String> variables = new HashSet<>();
        String rest = earlier;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete()) {
                break;
            }
            String source = info.source();
            String code = LEADING_NOISE.matcher(source).replaceFirst("");
            if (!code.startsWith("import ") && !METHOD.matcher(code).find()) {
                Matcher variable = VARIABLE.matcher(code);
                if (variable.find()) {
                    variables.add(variable.group(1));
                }
                String s = source.strip();
                block.append(s).append(s.endsWith(";") || s.endsWith("}") ? "\n" : ";\n");
            }
            rest = info.remaining();
        }
        return block.length() == 2 ? NONE : new CellDeclarations(block.toString(), Set.copyOf(variables));
    }

    boolean isEmpty() {
        return block.isEmpty();
    }
}
