package org.zeroth.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.zeroth.kernel.exec.CellRunner;
import org.zeroth.kernel.exec.Escalation;
import org.zeroth.kernel.exec.SnippetClasses;
import org.zeroth.kernel.magic.CellFailedException;
import org.zeroth.kernel.magic.ClasspathMagic;
import org.zeroth.kernel.magic.LoadMagic;
import org.zeroth.kernel.magic.LsMagic;
import org.zeroth.kernel.magic.MagicHost;
import org.zeroth.kernel.magic.MagicUsageException;
import org.zeroth.kernel.magic.MavenMagic;
import org.zeroth.kernel.magic.ShellMagic;
import org.zeroth.kernel.magic.SparkMagic;
import org.zeroth.kernel.magic.TimeMagic;
import org.zeroth.kernel.magic.TimeitMagic;
import org.zeroth.kernel.magic.VarsMagic;
import org.zeroth.view.MimeBundle;
import org.zeroth.view.Views;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Zeroth kernel: jjava and {@link ProtocolKernel} speak the protocol (channels, messages, kernel_info, comms);
 * this class runs cells.
 * A cell goes through {@link CellPlan} (magics), {@link JavaSession} (JShell), and its value through the DSL's
 * {@link Views} into a MIME bundle. The JShell session starts in the background so the first replies are quick.
 */
public final class ZerothKernel extends ProtocolKernel implements MagicHost {
    private static final String VERSION = versionOf(ZerothKernel.class);

    private final StartingSession session = new StartingSession();
    /** Execute requests that arrived up to this number were queued behind a failed cell: they are aborted. */
    private long abortThrough;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zeroth-output-flusher");
        t.setDaemon(true);
        return t;
    });
    private Iopub iopub;
    private NotebookOutput out;
    private NotebookOutput err;
    private NotebookInput in;
    private volatile String currentOrigin = "cell";

    public ZerothKernel() {
        this(new SessionHistory(), new MagicsRegistry());
    }

    private ZerothKernel(SessionHistory history, MagicsRegistry magics) {
        super("zeroth", VERSION, languageInfo(), helpLinks(), magics, history);
        magics.registerLineMagic("classpath", new ClasspathMagic(this));
        magics.registerLineMagic("jars", new ClasspathMagic(this));
        magics.registerLineMagic("maven", new MavenMagic(this));
        magics.registerLineMagic("spark", new SparkMagic(this));
        magics.registerLineMagic("load", new LoadMagic(this));
        magics.registerLineMagic("lsmagic", new LsMagic(this));
        magics.registerCellMagic("time", new TimeMagic(this));
        magics.registerLineMagic("timeit", new TimeitMagic(this));
        magics.registerCellMagic("timeit", new TimeitMagic(this));
        magics.registerCellMagic("bash", new ShellMagic(this, "bash"));
        magics.registerCellMagic("sh", new ShellMagic(this, "sh"));
        magics.registerLineMagic(CellPlan.SHELL, new ShellMagic(this, "bash"));
        magics.registerLineMagic("vars", new VarsMagic(this));
        magics.registerLineMagic("whos", new VarsMagic(this));
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(System.getProperty("java.version"))
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    private static List<HelpLink> helpLinks() {
        int feature = Runtime.version().feature();
        return List.of(
                new HelpLink("Java " + feature + " API",
                        "https://docs.oracle.com/en/java/javase/" + feature + "/docs/api/index.html"),
                new HelpLink("JShell guide",
                        "https://docs.oracle.com/en/java/javase/" + feature + "/jshell/introduction-jshell.html"),
                new HelpLink("ND4J", "https://deeplearning4j.konduit.ai/nd4j/how-to-guides"),
                new HelpLink("Tablesaw", "https://jtablesaw.github.io/tablesaw/"));
    }

    @Override
    public String getBanner() {
        return "Zeroth " + VERSION + " on Java " + System.getProperty("java.version")
                + ": zo, Problems, Nd4j and Tablesaw are preloaded; %lsmagic lists the magics";
    }

    // ---- start-up

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection); // sets requests
        iopub = new Iopub(requests.getIOPub());
        out = new NotebookOutput(iopub, PublishStream.StreamType.OUT);
        err = new NotebookOutput(iopub, PublishStream.StreamType.ERR);
        in = new NotebookInput(requests.stdin(), () -> {
            JavaSession ready = session.ifReady();
            return ready != null && ready.runner().cellInterrupted();
        });
        System.setOut(new PrintStream(out, false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, false, StandardCharsets.UTF_8));
        System.setIn(in);
        Views.installSink(iopub);
        flusher.scheduleWithFixedDelay(this::flushOutput, NotebookOutput.PERIOD_MS, NotebookOutput.PERIOD_MS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void onStartup() {
        super.onStartup();
        session.start();
        Thread warmup = new Thread(ZerothKernel::warmLibraries, "zeroth-warmup");
        warmup.setDaemon(true);
        warmup.start();
    }

    /**
     * ND4J's first use loads native code (about two seconds) and Tablesaw's Table scans the class path in its
     * static initializer: both happen now, off every request's path. (A Table first touched by a cell that is
     * being interrupted would fail its class initialisation for the rest of the session.)
     */
    private static void warmLibraries() {
        try {
            // Loads ND4J, applies Zeroth's thread policy (NativeThreads) and links the ops objectives use.
            KernelLog.info(org.zeroth.tensor.Tensors.warmUp());
        } catch (Throwable t) {
            KernelLog.warn("ND4J warm-up failed (cells using ND4J will say why)", t);
        }
        try {
            Class.forName("tech.tablesaw.api.Table", true, ZerothKernel.class.getClassLoader());
        } catch (Throwable t) {
            KernelLog.warn("Tablesaw warm-up failed", t);
        }
    }

    private JavaSession session() {
        return session.join();
    }

    // ---- execution

    @Override
    protected void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        if (requests.shellRequestArrival() <= abortThrough) {
            replyAborted(env, message);
            return;
        }
        session.cellArrived();
        ExecuteRequest request = message.getContent();
        boolean silent = request.isSilent();
        boolean store = request.shouldStoreHistory() && !silent;
        int count = store ? executionCount.getAndIncrement() : currentCount();
        commManager.setMessageContext(message);
        iopub.attach(message);
        iopub.publish(PublishStatus.BUSY);
        try {
            if (!silent) {
                iopub.publish(new PublishExecuteInput(request.getCode(), count));
            }
            if (store) {
                history.add(count, request.getCode());
            }
            in.allow(request.isStdinEnabled() ? message : null);
            currentOrigin = "cell [" + count + "]";
            JavaSession.Outcome outcome = runCell(request.getCode(), !silent);
            in.allow(null);
            flushOutput();
            if (outcome instanceof JavaSession.Failure failure) {
                CellError e = failure.error();
                iopub.publish(new PublishError(e.name(), e.value(), e.traceback()));
                if (request.shouldStopOnError()) {
                    // "Run All" queued the next cells before this one failed: exactly those are aborted, not run.
                    // Taken before the reply goes out, so no request sent after the client saw it is among them.
                    abortThrough = requests.holdWaitingShellRequests();
                }
                ErrorReply reply = new ErrorReply(e.name(), e.value(), e.traceback());
                reply.setExecutionCount(count);
                env.replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
            } else {
                if (outcome instanceof JavaSession.Value value && !silent) {
                    Map<String, Object> data = mimeData((MimeBundle) value.value());
                    DisplayData shown = new DisplayData();
                    data.forEach(shown::putData);
                    iopub.publish(new PublishExecuteResult(count, shown));
                    flushOutput();
                    if (store) {
                        history.output(count, String.valueOf(data.get("text/plain")));
                    }
                }
                replyExecute(env, message, Map.of("status", "ok", "execution_count", count, "payload", List.of(),
                        "user_expressions", userExpressions(request.getUserExpr())));
            }
        } finally {
            iopub.publish(PublishStatus.IDLE);
        }
    }

    /** The request's user_expressions, each evaluated after the cell and rendered like a cell's value. */
    private Map<String, Object> userExpressions(Map<String, String> expressions) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (expressions != null) {
            expressions.forEach((name, code) -> {
                JavaSession.Outcome outcome = runCell(code, true);
                values.put(name, outcome instanceof JavaSession.Failure f
                        ? Map.of("status", "error", "ename", f.error().name(), "evalue", f.error().value(),
                                "traceback", f.error().traceback())
                        : Map.of("status", "ok", "metadata", Map.of(), "data", outcome instanceof JavaSession.Value v
                                ? mimeData((MimeBundle) v.value()) : Map.of("text/plain", "")));
            });
        }
        return values;
    }

    /** An execute request queued behind a failed cell (stop_on_error): not run, as IPython does for "Run All". */
    private void replyAborted(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        iopub.attach(message);
        iopub.publish(PublishStatus.BUSY);
        try {
            replyExecute(env, message, Map.of("status", "aborted", "execution_count", currentCount()));
        } finally {
            iopub.publish(PublishStatus.IDLE);
        }
    }

    /** Runs a cell; with {@code show}, its value comes rendered, as a Value holding its MimeBundle. */
    private JavaSession.Outcome runCell(String code, boolean show) {
        JavaSession s;
        try {
            s = session.forCell(ready -> ready.runner().cellStarted(), ready -> ready.runner().interruptCooperatively());
        } catch (RuntimeException e) {
            return failure("KernelError", "the Java session did not start: " + e.getCause());
        }
        try {
            JavaSession.Outcome outcome = new JavaSession.Nothing();
            boolean lastIsCode = false;
            for (CellPlan.Step step : CellPlan.of(code)) {
                lastIsCode = step instanceof CellPlan.Code;
                if (s.runner().cellInterrupted()) { // as in IPython: what follows an interrupt does not run
                    return JavaSession.interruptedBefore(step instanceof CellPlan.Code c ? "line " + c.firstLine()
                            : step instanceof CellPlan.LineMagic m ? "%" + m.name() : "the cell magic");
                }
                if (step instanceof CellPlan.Code c) {
                    outcome = s.run(new SourceMap(currentOrigin, c.source(), c.firstLine()));
                } else if (step instanceof CellPlan.LineMagic m) {
                    outcome = magicOutcome(() -> magicsRegistry.evalLineMagic(this, m.name(), m.args()), "%" + m.name());
                } else if (step instanceof CellPlan.CellMagic m) {
                    outcome = magicOutcome(() -> magicsRegistry.evalCellMagic(this, m.name(), m.args(), m.body()),
                            "%%" + m.name());
                } else if (step instanceof CellPlan.MisplacedCellMagic m) {
                    return failure("MagicError", "%%" + m.name() + " is on line " + m.line() + ": a cell magic applies"
                            + " to the whole cell, so it must be the cell's first line; move it up, or put it in a cell"
                            + " of its own (nothing of this cell ran)");
                }
                if (outcome instanceof JavaSession.Failure) {
                    return outcome;
                }
            }
            // Interrupted in its last statement: shown by its value if it has one (an interrupted Run), else said;
            // a magic that ended despite the interrupt (%classpath) did all it does
            if (outcome instanceof JavaSession.Nothing && s.runner().cellInterrupted() && lastIsCode) {
                return JavaSession.interruptedInItsLastStatement();
            }
            return show && outcome instanceof JavaSession.Value v ? shown(v.value()) : outcome;
        } catch (Throwable t) {
            KernelLog.warn("internal error while running a cell", t);
            return failure("KernelError", "internal kernel error: " + t);
        } finally {
            s.runner().cellEnded();
        }
    }

    private interface MagicCall {
        Object call() throws Exception;
    }

    private JavaSession.Outcome magicOutcome(MagicCall call, String name) {
        try {
            Object value = call.call();
            return value == null ? new JavaSession.Nothing() : new JavaSession.Value(value);
        } catch (CellFailedException e) {
            return new JavaSession.Failure((CellError) e.error());
        } catch (UndefinedMagicException e) {
            return failure("MagicError", "unknown magic " + name + CompileHints.nearestMagic(name)
                    .map(magic -> ": did you mean " + magic + "?").orElse("") + " (%lsmagic lists them)");
        } catch (MagicUsageException e) {
            return failure("MagicError", name + ": " + e.getMessage());
        } catch (Exception e) {
            return failure("MagicError", name + " failed: " + e);
        }
    }

    private static JavaSession.Failure failure(String name, String message) {
        return new JavaSession.Failure(new CellError(name, message,
                List.of(CellError.BOLD_RED + name + CellError.RESET + ": " + message)));
    }

    /** The value rendered while it is still the cell's: a toString() that never returns can be interrupted. */
    private JavaSession.Outcome shown(Object value) {
        try {
            return new JavaSession.Value(inCell(() -> bundleOf(value), "while its value was being shown"));
        } catch (CellFailedException e) {
            return new JavaSession.Failure((CellError) e.error());
        }
    }

    /** The value's bundle from the DSL's view layer; a failing view falls back to text. Runs as cell work. */
    private static MimeBundle bundleOf(Object value) {
        try {
            return value instanceof MimeBundle b ? b : Views.bundle(value); // a bundle shows as itself
        } catch (Throwable t) {
            if (CellRunner.isStop(t)) {
                throw t; // interrupted: no fallback text, which could loop again
            }
            System.err.println("(could not render the value: " + t + ")");
            return MimeBundle.text(safeToString(value));
        }
    }

    /** The bundle's MIME data; invalid JSON falls back to text. */
    private static Map<String, Object> mimeData(MimeBundle bundle) {
        try {
            return Iopub.mimeData(bundle);
        } catch (RuntimeException e) {
            System.err.println("(a JSON representation was invalid: " + e.getMessage() + ")");
            return Map.of("text/plain", bundle.toString());
        }
    }

    private static String safeToString(Object value) {
        try {
            return Objects.toString(String.valueOf(value), "null"); // toString() may return null
        } catch (Throwable t) {
            if (CellRunner.isStop(t)) {
                throw t;
            }
            return value.getClass().getName() + " (toString failed: " + t + ")";
        }
    }

    private void flushOutput() {
        try {
            flushStreams();
        } catch (Throwable t) {
            // e.g. out of memory while a cell fills the heap: the output stays buffered for the next flush
        }
    }

    private void flushStreams() {
        System.out.flush();
        System.err.flush();
        out.flush();
        err.flush();
    }

    @Override
    public Object evalRaw(String source) {
        JavaSession.Outcome outcome = session().run(new SourceMap("eval", source, 1));
        if (outcome instanceof JavaSession.Failure f) {
            throw new IllegalStateException(f.error().value());
        }
        return outcome instanceof JavaSession.Value v ? v.value() : null;
    }

    // ---- interrupt

    /**
     * Stops the running cell in {@link Escalation}'s steps (the cell keeps what it made, the kernel its state). A cell
     * still waiting for the session to start ends before its first line.
     */
    @Override
    public void interrupt() {
        if (session.interruptWaitingCell()) {
            return;
        }
        JavaSession ready = session.ifReady();
        if (ready == null) {
            return;
        }
        try {
            if (Escalation.interrupt(ready.runner())) {
                return;
            }
            KernelLog.warn("the cell did not stop: it is inside library code that ignores interrupts");
            System.err.println("The cell did not stop: it is inside library code that ignores interrupts, which this"
                    + " JDK cannot force to stop. It ends when that code returns; else restart the kernel (Kernel ›"
                    + " Restart: the session's variables are lost).");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- completion, inspection, is_complete

    @Override
    public ReplacementOptions complete(String code, int at) {
        // The protocol counts code points (spec 5.2); Java strings count UTF-16 units.
        CodeAssist.Completions c = new CodeAssist(session(), lineMagicNames(), cellMagicNames())
                .complete(code, code.offsetByCodePoints(0, at));
        return new ReplacementOptions(c.matches(), code.codePointCount(0, c.start()), code.codePointCount(0, c.end()));
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        CodeAssist.Inspection i = new CodeAssist(session(), lineMagicNames(), cellMagicNames())
                .inspect(code, code.offsetByCodePoints(0, at));
        if (i == null) {
            return null;
        }
        DisplayData data = new DisplayData(i.text());
        if (i.html() != null) {
            data.putHTML(i.html());
        }
        return data;
    }

    @Override
    public String isComplete(String code) {
        List<CellPlan.Step> steps = CellPlan.of(code);
        if (steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof CellPlan.Code last)) {
            return IS_COMPLETE_YES;
        }
        String result = session().completeness(last.source());
        return switch (result) {
            case "complete" -> IS_COMPLETE_YES;
            case "invalid" -> IS_COMPLETE_BAD;
            default -> "    ";
        };
    }

    // ---- MagicHost

    @Override
    public boolean addToClasspath(Path entry) {
        JavaSession s = session();
        boolean added = s.addToClasspath(entry.toAbsolutePath().normalize().toString());
        new CodeAssist(s.analysis()).warmUp(); // re-index now rather than at the next Tab
        return added;
    }

    @Override
    public int addAllToClasspath(List<Path> entries) {
        JavaSession s = session();
        int added = 0;
        for (Path entry : entries) {
            added += s.addToClasspath(entry.toAbsolutePath().normalize().toString()) ? 1 : 0;
        }
        new CodeAssist(s.analysis()).warmUp();
        return added;
    }

    @Override
    public SnippetClasses snippetClasses() {
        return session().runner().snippetClasses();
    }

    @Override
    public Object run(String source, String origin) {
        SourceMap map = "cell".equals(origin) ? new SourceMap(currentOrigin, source, 2) : new SourceMap(origin, source, 1);
        JavaSession.Outcome outcome = session().run(map);
        if (outcome instanceof JavaSession.Failure f) {
            throw new CellFailedException(f.error(), f.error().name(), f.error().value());
        }
        return outcome instanceof JavaSession.Value v ? v.value() : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T inCell(Callable<T> work, String when) {
        CellRunner.Result result;
        try {
            result = session().runner().runAsCell(work);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the kernel was stopped " + when, e);
        }
        Throwable t = result.failure();
        if (t == null) {
            return (T) result.value();
        }
        CellError error = CellRunner.isStop(t) ? JavaSession.interruptedWhile(when).error()
                : failure("KernelError", "the kernel failed " + when + ": " + t).error();
        throw new CellFailedException(error, error.name(), error.value());
    }

    @Override
    public List<Variable> variables() {
        return session().variables();
    }

    @Override
    public Set<String> lineMagicNames() {
        return magicsRegistry.getLineMagicNames();
    }

    @Override
    public Set<String> cellMagicNames() {
        return magicsRegistry.getCellMagicNames();
    }

    static String versionOf(Class<?> type) {
        String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
