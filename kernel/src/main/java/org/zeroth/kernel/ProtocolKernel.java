package org.zeroth.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InterruptRequest;
import org.dflib.jjava.jupyter.messages.request.IsCompleteRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;
import org.zeroth.kernel.protocol.KernelConnection;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests a kernel answers without running code — kernel_info, is_complete, comm_info, history, shutdown,
 * interrupt — and the error reply to a request that breaks the spec. Replies are built from plain content, as the
 * messaging spec (5.3/5.4) has them: jjava's reply classes lack fields. {@link ZerothKernel} runs the cells.
 */
abstract class ProtocolKernel extends BaseKernel {
    protected final SessionHistory history;
    /** The connection's request channels: when each request arrived, and the requests still waiting. */
    protected KernelConnection requests;

    ProtocolKernel(String name, String version, LanguageInfo language, List<HelpLink> helpLinks,
            MagicsRegistry magics, SessionHistory history) {
        super(name, version, language, helpLinks, null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(),
                new Renderer(), null, magics, false, new StringStyler.Builder().build());
        this.history = history;
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        requests = (KernelConnection) connection;
        requests.onBadRequest(this::replyBadRequest);
        connection.setHandler(MessageType.COMM_INFO_REQUEST, this::handleCommInfoRequest);
    }

    /** The count of the last cell that counted (1 before any). */
    protected int currentCount() {
        return Math.max(1, executionCount.get() - 1);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    protected static void reply(ShellReplyEnvironment env, Message<?> request, MessageType<?> type, Map<String, ?> content) {
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

    /**
     * An execute_reply from plain content: jjava's ExecuteReply knows only "ok" and "error", and serialises
     * user_expressions without their status.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected static void replyExecute(ShellReplyEnvironment env, Message<ExecuteRequest> request, Map<String, Object> content) {
        env.reply(new Message(request, ExecuteReply.MESSAGE_TYPE, content));
    }
}
