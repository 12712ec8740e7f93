package org.zeroth.kernel;

import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.VarSnippet;

import java.util.HashSet;
import java.util.Set;

/**
 * What a cell declares before the cursor, for completion: {@code Run run = zo.minimize(…)…;} on one line makes
 * {@code run.} complete on the next, although the cell has not run. The earlier snippets that may stand in a block
 * (variables, local classes, statements) become a block's opening, analysed by JShell but never run; methods and
 * imports cannot, and are left out.
 */
record CellDeclarations(String block, Set<String> variables) {
    private static final CellDeclarations NONE = new CellDeclarations("", Set.of());

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
            boolean fits = true;
            for (Snippet snippet : analysis.sourceToSnippets(info.source())) {
                switch (snippet.kind()) {
                    case VAR -> variables.add(((VarSnippet) snippet).name());
                    case TYPE_DECL, STATEMENT -> { }
                    default -> fits = false;
                }
            }
            if (fits) {
                block.append(info.source()).append('\n');
            }
            rest = info.remaining();
        }
        return block.length() == 2 ? NONE : new CellDeclarations(block.toString(), Set.copyOf(variables));
    }

    boolean isEmpty() {
        return block.isEmpty();
    }
}
