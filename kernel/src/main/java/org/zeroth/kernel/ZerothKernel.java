package org.zeroth.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.InterruptRequest;
import org.dflib.jjava.jupyter.messages.request.IsCompleteRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;
import org.zeroth.kernel.exec.CellRunner;
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
import org.zeroth.kernel.protocol.KernelConnection;
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
 * The Zeroth kernel: jjava speaks the protocol (channels, messages, kernel_info, comms); this class runs cells.
 * A cell goes through {@link CellPlan} (magics), {@link JavaSession} (JShell), and its value through the DSL's
 * {@link Views} into a MIME bundle. The JShell session starts in the background so the first replies are quick.
 */
public final class ZerothKernel extends BaseKernel implements MagicHost {
    private static final String VERSION = versionOf(ZerothKernel.class);

    private final SessionHistory history;
    private final StartingSession session = new StartingSession();
    /** Execute requests that arrived up to this number were queued behind a failed cell: they are aborted. */
    private long abortThrough;
    private KernelConnection requests;
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
        super("zeroth", VERSION, languageInfo(), helpLinks(), null, new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(), new Renderer(), null, magics, false, new StringStyler.Builder().build());
        this.history = history;
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
        super.becomeHandlerForConnection(connection);
        KernelConnection kc = (KernelConnection) connection;
        iopub = new Iopub(kc.getIOPub());
        out = new NotebookOutput(iopub, PublishStream.StreamType.OUT);
        err = new NotebookOutput(iopub, PublishStream.StreamType.ERR);
        in = new NotebookInput(kc.stdin());
        System.setOut(new PrintStream(out, false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, false, StandardCharsets.UTF_8));
        System.setIn(in);
        Views.installSink(iopub);
        requests = kc;
        kc.onBadRequest(this::replyBadRequest);
        connection.setHandler(MessageType.COMM_INFO_REQUEST, this::handleCommInfoRequest);
        flusher.scheduleWithFixedDelay(this::flushOutput, NotebookOutput.PERIOD_MS, NotebookOutput.PERIOD_MS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void onStartup() {
        super.onStartup();
        Thread starter = new Thread(this::startSession, "zeroth-session-start");
        starter.setDaemon(true);
        starter.start();
        Thread warmup = new Thread(ZerothKernel::warmLibraries, "zeroth-warmup");
        warmup.setDaemon(true);
        warmup.start();
    }

    private void startSession() {
        long start = System.nanoTime();
        try {
            JavaSession s = new JavaSession(new CellRunner());
            long created = System.nanoTime();
            for (String line : Preload.IMPORTS) {
                String error = s.evalQuietly(line);
                if (error != null) {
                    KernelLog.warn("preload skipped '" + line + "': " + error);
                }
            }
            for (String helper : Preload.HELPERS) {
                String error = s.evalQuietly(helper);
                if (error != null) {
                    KernelLog.warn("preload helper failed: " + error);
                }
            }
            new CodeAssist(s.analysis()).warmUp();
            session.started(s);
            parseDslDocsSoon();
            KernelLog.info(String.format("Java session ready in %d ms (JShell %d ms, preload %d ms)",
                    (System.nanoTime() - start) / 1_000_000, (created - start) / 1_000_000,
                    (System.nanoTime() - created) / 1_000_000));
        } catch (Throwable t) {
            KernelLog.warn("the Java session could not start", t);
            session.failed(t);
        }
    }

    /** The DSL's Javadoc for inspection, parsed before the first Shift-Tab but after the first cell has run. */
    private static void parseDslDocsSoon() {
        Thread docs = new Thread(() -> {
            try {
                Thread.sleep(3000);
                SourceDocs.dsl();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "zeroth-docs");
        docs.setDaemon(true);
        docs.start();
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

    /**
     * An execute_reply from plain content: jjava's ExecuteReply knows only "ok" and "error", and serialises
     * user_expressions without their status.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void replyExecute(ShellReplyEnvironment env, Message<ExecuteRequest> request, Map<String, Object> content) {
        env.reply(new Message(request, ExecuteReply.MESSAGE_TYPE, content));
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

    // ---- replies built from plain content, as the messaging spec (5.3/5.4) has them; jjava's classes lack fields

    private int currentCount() {
        return Math.max(1, executionCount.get() - 1);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void reply(ShellReplyEnvironment env, Message<?> request, MessageType<?> type, Map<String, ?> content) {
        env.reply(new Message(request, type, content));
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "ok");
        content.put("protocol_version", Header.PROTOCOL_VERISON);
        content.put("implementation", name);
        content.put("implementation_version", version);
        content.put("language_info", languageInfo);
        content.put("banner", getBanner());
        content.put("help_links", helpLinks);
        content.put("debugger", false);
        reply(env, message, MessageType.KERNEL_INFO_REPLY, content);
    }

    @Override
    protected void handleIsCodeCompeteRequest(ShellReplyEnvironment env, Message<IsCompleteRequest> message) {
        env.setBusyDeferIdle();
        String result = isComplete(message.getContent().getCode());
        reply(env, message, MessageType.IS_COMPLETE_REPLY, switch (result) {
            case IS_COMPLETE_YES -> Map.of("status", "complete");
            case IS_COMPLETE_BAD -> Map.of("status", "invalid");
            case IS_COMPLETE_MAYBE -> Map.of("status", "unknown");
            default -> Map.of("status", "incomplete", "indent", result); // indent only here, as the spec says
        });
    }

    private void handleCommInfoRequest(ShellReplyEnvironment env, Message<CommInfoRequest> message) {
        env.setBusyDeferIdle();
        String target = message.getContent().getTargetName();
        Map<String, Object> comms = new LinkedHashMap<>();
        commManager.forEach(comm -> {
            if (target == null || target.equals(comm.getTargetName())) {
                comms.put(comm.getID(), Map.of("target_name", comm.getTargetName()));
            }
        });
        reply(env, message, MessageType.COMM_INFO_REPLY, Map.of("status", "ok", "comms", comms));
    }

    @Override
    protected void handleShutdownRequest(ShellReplyEnvironment env, Message<ShutdownRequest> message) {
        boolean restart = message.getContent().isRestart();
        env.setBusyDeferIdle();
        env.defer();
        reply(env, message, MessageType.SHUTDOWN_REPLY, Map.of("status", "ok", "restart", restart));
        onShutdown(restart);
        env.resolveDeferrals(); // the reply and idle leave before the sockets close
        env.markForShutdown();
    }

    @Override
    protected void handleInterruptRequest(ShellReplyEnvironment env, Message<InterruptRequest> message) {
        env.setBusyDeferIdle();
        env.defer();
        reply(env, message, MessageType.INTERRUPT_REPLY, Map.of("status", "ok"));
        interrupt();
    }

    /** History as IPython answers it; SessionHistory has the semantics. The content was checked on arrival. */
    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        boolean output = request.includeOutput();
        List<List<Object>> entries = switch (request.getAccessType()) {
            case TAIL -> history.tail(((HistoryRequest.Tail) request).getMaxReturnLength(), output);
            case RANGE -> {
                HistoryRequest.Range r = (HistoryRequest.Range) request;
                yield history.range(r.getSessionIndex(), r.getStart(), r.getStop(), output);
            }
            case SEARCH -> {
                HistoryRequest.Search s = (HistoryRequest.Search) request;
                yield history.search(s.getPattern(), s.getMaxReturnLength(), s.filterUnique(), output);
            }
        };
        reply(env, message, MessageType.HISTORY_REPLY, Map.of("status", "ok", "history", entries));
    }

    /** A request whose content breaks the spec (or whose handling failed): an error reply that says why. */
    private void replyBadRequest(ShellReplyEnvironment env, Message<?> request, String problem) {
        MessageType<?> type = request.getHeader().getType();
        if (!type.getName().endsWith("_request")) {
            return; // comm messages and the like have no reply; the channel logged it
        }
        env.setBusyDeferIdle();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "error");
        content.put("ename", "BadRequest");
        content.put("evalue", problem);
        List<String> traceback = List.of(CellError.BOLD_RED + "BadRequest" + CellError.RESET + ": " + problem);
        content.put("traceback", traceback);
        if (type == MessageType.EXECUTE_REQUEST) {
            content.put("execution_count", currentCount());
            // front-ends show a cell's IOPub output, not its reply's error: without this the cell shows nothing
            env.publish(new PublishError("BadRequest", problem, traceback));
        }
        reply(env, request, MessageType.getType(type.getName().replace("_request", "_reply")), content);
    }

    // ---- interrupt

    /**
     * In steps, each only if the cell is still running: Thread.interrupt (cooperative code ends with what it has;
     * while a cell is being compiled, its code gets the interrupt when it starts),
     * after 0.5 s the stop checks in cell code (an endless loop ends here, on every JDK), after another 1.5 s
     * Thread.stop where the JDK still has it. No second interrupt: code that is finishing up after the first one
     * (a DSL run building its partial Run) must not be disturbed. A cell still waiting for the session to start
     * ends before its first line.
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
        CellRunner runner = ready.runner();
        Thread work = runner.running();
        runner.interruptCooperatively(); // between snippets: the next one to start gets it
        if (work == null) {
            return;
        }
        try {
            if (CellRunner.awaitEnd(work, 500, TimeUnit.MILLISECONDS)) {
                return;
            }
            runner.requestStop(work);
            if (CellRunner.awaitEnd(work, 1500, TimeUnit.MILLISECONDS)) {
                return;
            }
            if (runner.forceStop(work) && CellRunner.awaitEnd(work, 2, TimeUnit.SECONDS)) {
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
