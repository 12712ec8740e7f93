package org.zeroth.kernel;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.VarSnippet;
import org.zeroth.Interrupts;
import org.zeroth.kernel.exec.CellControl;
import org.zeroth.kernel.exec.CellRunner;
import org.zeroth.kernel.magic.MagicHost;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The Java language kernel: one JShell whose snippets run in this JVM ({@link CellRunner}). Splits a cell into
 * snippets, evaluates them in order and turns the outcome into a value to render or an error in the cell's own
 * lines. Not thread-safe: the kernel calls it from its shell thread only.
 */
final class JavaSession {
    /** The outcome of running some source: a value to render, nothing to show, or an error. */
    sealed interface Outcome permits Value, Nothing, Failure { }

    record Value(Object value) implements Outcome { }

    record Nothing() implements Outcome { }

    record Failure(CellError error) implements Outcome { }

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final CellRunner runner;
    private final Set<String> classpath = new LinkedHashSet<>();
    private final Map<String, SourceMap> sources = new ConcurrentHashMap<>();
    private final UserJavadoc javadocs = new UserJavadoc();
    private final CellErrors errors;

    JavaSession(CellRunner runner) {
        this.runner = runner;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        this.shell = JShell.builder()
                .executionEngine(runner.provider(), Map.of())
                .out(quiet).err(quiet)
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        this.errors = new CellErrors(shell, runner, sources);
        for (String entry : KernelClasspath.entries()) {
            addToClasspath(entry);
        }
    }

    CellRunner runner() {
        return runner;
    }

    SourceCodeAnalysis analysis() {
        return analysis;
    }

    JShell shell() {
        return shell;
    }

    /** Makes a jar or class directory visible to the compiler and to the cells' class loader. */
    boolean addToClasspath(String entry) {
        if (!classpath.add(entry)) {
            return false;
        }
        shell.addToClasspath(entry);
        return true;
    }

    /** The session's variables, oldest first, with their values (JShell reads them through the runner). */
    List<MagicHost.Variable> variables() {
        return shell.variables().map(v -> variable(shell, runner, v)).collect(Collectors.toList());
    }

    /** One variable with its value: JShell reads it through the runner, which keeps it as an object. */
    static MagicHost.Variable variable(JShell shell, CellRunner runner, VarSnippet v) {
        boolean defined = shell.status(v) == Snippet.Status.VALID;
        Object value = null;
        if (defined) {
            try {
                shell.varValue(v);
                value = runner.lastVariable();
            } catch (IllegalArgumentException | IllegalStateException e) {
                defined = false;
            }
        }
        return new MagicHost.Variable(v.name(), v.typeName(), value, defined);
    }

    /** Evaluates preloaded source silently; returns the error text of a line that failed, or null. */
    String evalQuietly(String source) {
        Outcome outcome = run(new SourceMap("preload", source, 1));
        return outcome instanceof Failure f ? f.error().value() : null;
    }

    Outcome run(SourceMap source) {
        try {
            return runPieces(source);
        } finally {
            releaseOldValues();
        }
    }

    /**
     * JShell keeps every variable it ever defined reachable: an overwritten or dropped variable's class, and its
     * value, stay loaded for the session (re-running a cell that allocates 200 MB would keep every copy). An
     * expression's value is shown, then dropped (JShell's {@code $1}, {@code $2} are not kept); then the runner
     * clears what no live variable holds.
     */
    private void releaseOldValues() {
        List<VarSnippet> temporary = shell.variables()
                .filter(v -> v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND)
                .collect(Collectors.toList());
        temporary.forEach(shell::drop);
        runner.releaseStaleValues(shell.variables().map(VarSnippet::name).collect(Collectors.toSet()));
    }

    private Outcome runPieces(SourceMap source) {
        List<Piece> pieces;
        try {
            pieces = split(source.text());
        } catch (IncompleteSource e) {
            return new Failure(CellErrors.compileError(source, e.offset, e.offset, "incomplete code: a statement or "
                    + "block is not finished (missing ';', ')' or '}'?)"));
        }
        Outcome outcome = new Nothing();
        for (int i = 0; i < pieces.size(); i++) {
            Piece piece = pieces.get(i);
            SourceMap map = source.sub(piece.offset, piece.text);
            outcome = runSnippet(map, i == pieces.size() - 1);
            if (outcome instanceof Failure failed && i > 0 && failed.error().name().equals("CompileError")) {
                return ranBefore(failed, source.origin(), source.lineOf(piece.offset + piece.text.length()
                        - piece.text.stripLeading().length()));
            }
            if (outcome instanceof Failure) {
                return outcome;
            }
            if (i < pieces.size() - 1 && runner.cellInterrupted()) {
                Piece next = pieces.get(i + 1);
                int code = next.offset + next.text.length() - next.text.stripLeading().length();
                return interruptedBefore("line " + source.lineOf(code));
            }
        }
        return outcome;
    }

    private Outcome runSnippet(SourceMap map, boolean last) {
        runner.clearResult();
        List<SnippetEvent> events = shell.eval(map.text());
        Outcome outcome = new Nothing();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) { // an update of an earlier snippet that depends on this one
                if (event.snippet() instanceof VarSnippet variable) {
                    variableNote(event, variable).ifPresent(System.err::println);
                }
                continue;
            }
            Snippet snippet = event.snippet();
            sources.put(snippet.id(), map);
            if (event.status() == Snippet.Status.REJECTED) {
                return new Failure(errors.compileError(map, snippet));
            }
            Throwable failure = runner.lastFailure();
            if (runner.stoppedForMemory()) {
                long maxMb = Runtime.getRuntime().maxMemory() >> 20;
                String text = "the cell was stopped because the heap stayed over 85% full (of " + maxMb + " MB); "
                        + "a run it was making ended with what it had (its variable and zo.lastRun() hold it). Free "
                        + "memory (set big variables to null) or give the kernel more (ZEROTH_JAVA_OPTS=-Xmx...)";
                return new Failure(new CellError("OutOfMemoryError", text,
                        List.of(CellError.BOLD_RED + "OutOfMemoryError" + CellError.RESET + ": " + text)));
            }
            if (failure instanceof CellControl.CellInterrupted || failure != null
                    && "java.lang.ThreadDeath".equals(failure.getClass().getName())) {
                return new Failure(new CellError("Interrupted", "the cell was interrupted; the kernel kept its state",
                        List.of(CellError.BOLD_RED + "Interrupted" + CellError.RESET
                                + ": the cell was stopped; variables defined before it are still there")));
            }
            if (failure instanceof Interrupts.NotStarted) { // a loop of runs went on after the interrupt
                return interrupted("the cell was interrupted, and the runs it went on to start did not start (a run"
                        + " the interrupt stopped returned its partial Run, which zo.lastRun() holds)");
            }
            if (failure instanceof Interrupts.Interrupted cut) { // work with no partial result: an exercise check
                return interrupted(cut.getMessage());
            }
            if (event.exception() != null) {
                return new Failure(errors.runtimeError(event.exception(), failure));
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                System.err.println(errors.unresolvedNote((DeclarationSnippet) snippet));
            }
            if (snippet instanceof MethodSnippet method) {
                javadocs.record(method);
            }
            if (last && showsValue(snippet)) {
                outcome = new Value(runner.lastValue());
            }
        }
        return outcome;
    }

    /**
     * What JShell did to a variable when a declaration it depends on changed, which it does silently: reset it to its
     * default (its class defined again), dropped it (a {@code var} of the old class), or left older code reading the
     * old one (the variable declared again with another type). Empty when nothing was lost.
     */
    static Optional<String> variableNote(SnippetEvent event, VarSnippet variable) {
        Snippet cause = event.causeSnippet();
        String changed = cause instanceof DeclarationSnippet declared ? declared.name() : "the code it uses";
        String type = variable.typeName();
        if (event.status() == Snippet.Status.VALID) {
            String empty = switch (type) {
                case "boolean" -> "false";
                case "char" -> "'\\0'";
                case "byte", "short", "int", "long", "float", "double" -> "0";
                default -> "null";
            };
            return Optional.of("note: " + variable.name() + " (" + type + ") was reset to " + empty + " because "
                    + changed + " was defined again; run the cell that sets it once more");
        }
        if (event.status() == Snippet.Status.OVERWRITTEN) {
            return cause instanceof VarSnippet now && now.name().equals(variable.name())
                    && !now.typeName().equals(type)
                    ? Optional.of("note: " + now.name() + " is now " + now.typeName() + " (it was " + type + "); code"
                    + " compiled before, such as a lambda made from it, still reads the old " + type + " "
                    + variable.name() + ": run its cell again")
                    : Optional.empty();
        }
        return event.previousStatus().isDefined() && !event.status().isDefined()
                ? Optional.of("note: " + variable.name() + " can no longer be used because " + changed
                + " was defined again; run the cell that declares it once more")
                : Optional.empty();
    }

    /**
     * A compile error after statements that ran: JShell runs a cell's statements one by one, so those before it
     * ran and their variables are defined (an IPython user expects a syntax error to mean nothing ran).
     */
    private static Failure ranBefore(Failure failed, String origin, int line) {
        List<String> lines = new ArrayList<>(failed.error().traceback());
        lines.add("  (the statements before line " + line + " of " + origin + " ran, and what they defined is kept)");
        return new Failure(new CellError(failed.error().name(), failed.error().value(), lines));
    }

    /** The cell was interrupted and its statements from {@code where} ("line 4", "%timeit") on were not run. */
    static Failure interruptedBefore(String where) {
        return interrupted("the cell was interrupted; it stopped before " + where + ", and what ran before is kept"
                + " (an interrupted run returns its partial Run)");
    }

    /** The cell's last statement was interrupted, ended with what it had and has no value to show. */
    static Failure interruptedInItsLastStatement() {
        return interrupted("the cell was interrupted in its last statement, which ended with what it had (an"
                + " interrupted run returns its partial Run: its variable and zo.lastRun() hold it)");
    }

    /** Code the cell ran for its own sake ({@code when}: "while its value was being shown") was interrupted. */
    static Failure interruptedWhile(String when) {
        return interrupted("the cell was interrupted " + when + " (a toString() or renderer that did not return?);"
                + " what the cell ran is kept");
    }

    private static Failure interrupted(String text) {
        return new Failure(new CellError("Interrupted", text,
                List.of(CellError.BOLD_RED + "Interrupted" + CellError.RESET + ": " + text)));
    }

    /** Comments of the methods the user wrote, for Shift-Tab. */
    UserJavadoc javadocs() {
        return javadocs;
    }

    /** Expressions show their value; declarations, assignments and statements do not. */
    private static boolean showsValue(Snippet snippet) {
        return switch (snippet.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND -> true;
            default -> false;
        };
    }

    // ---- splitting a cell into snippets

    private record Piece(int offset, String text) { }

    private static final class IncompleteSource extends Exception {
        final int offset;

        IncompleteSource(int offset) {
            super(null, null, false, false);
            this.offset = offset;
        }
    }

    private List<Piece> split(String text) throws IncompleteSource {
        List<Piece> pieces = new ArrayList<>();
        int offset = 0;
        String rest = text;
        while (true) {
            int skip = leadingWhitespace(rest);
            offset += skip;
            rest = rest.substring(skip);
            if (rest.isEmpty()) {
                return pieces;
            }
            CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY) {
                return pieces;
            }
            if (c == Completeness.DEFINITELY_INCOMPLETE || c == Completeness.CONSIDERED_INCOMPLETE) {
                throw new IncompleteSource(offset);
            }
            if (c == Completeness.UNKNOWN) {
                pieces.add(new Piece(offset, rest)); // let the compiler say what is wrong
                return pieces;
            }
            int consumed = rest.length() - info.remaining().length();
            pieces.add(new Piece(offset, info.source()));
            offset += consumed;
            rest = info.remaining();
        }
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Jupyter's is_complete: "complete", "incomplete", "invalid". */
    String completeness(String text) {
        String rest = text;
        while (true) {
            rest = rest.strip();
            if (rest.isEmpty()) {
                return "complete";
            }
            CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY:
                    return "complete";
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "incomplete";
                case UNKNOWN:
                    return "invalid";
                default:
                    rest = info.remaining();
            }
        }
    }
}
