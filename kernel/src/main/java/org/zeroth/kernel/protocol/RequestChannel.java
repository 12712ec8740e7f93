package org.zeroth.kernel.protocol;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.zeroth.kernel.KernelLog;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A shell or control channel: a ROUTER socket served by one thread that verifies every request (see
 * {@link MessageReader}) before handing it to the kernel's handler. It blocks in poll instead of sleeping between
 * polls, so a request is picked up at once. Nothing a handler throws ends the thread, and a request whose handler
 * failed before replying, or whose content breaks the spec, still gets an error reply. Requests are numbered in
 * the order they arrive, so the kernel can tell the ones queued before a moment from those that came later.
 */
final class RequestChannel extends ShellChannel {
    private static final int POLL_MS = 200;

    private final String name;
    private final boolean control;
    private final KernelConnection connection;
    private final MessageReader reader;
    private final Runnable onShutdown;
    /** Requests taken off the socket by {@link #holdWaiting()}: served next, in their order. */
    private final Deque<ZMsg> held = new ArrayDeque<>();
    private volatile boolean running;
    private volatile KernelConnection.BadRequests badRequests = (env, request, problem) -> { };
    private long arrivals;
    private long serving;
    private ZMQ.Poller poller;
    private Thread thread;

    RequestChannel(ZMQ.Context ctx, HMACGenerator hmac, boolean signed, boolean control,
                   KernelConnection connection, Runnable onShutdown) {
        super(ctx, hmac, control, connection);
        this.name = control ? "control" : "shell";
        this.control = control;
        this.connection = connection;
        this.reader = new MessageReader(hmac, signed);
        this.onShutdown = onShutdown;
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        int port = control ? props.getControlPort() : props.getShellPort();
        String address = props.getTransport() + "://" + props.getIp() + ":" + port;
        super.bind(address);
        running = true;
        thread = new Thread(this::serve, "zeroth-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        while (running) {
            try {
                ZMsg next = held.poll();
                if (next == null && poller.poll(POLL_MS) > 0 && running) {
                    next = receive();
                }
                if (next != null && running) {
                    serving++; // requests are served in the order they were taken off the socket
                    serveOne(next);
                }
            } catch (Throwable t) {
                // Even an OutOfMemoryError (a cell filled the heap) must not end this thread.
                try {
                    if (running) {
                        KernelLog.warn(name + " channel: " + t);
                    }
                    Thread.sleep(10);
                } catch (Throwable ignored) {
                    // keep serving
                }
            }
        }
    }

    private ZMsg receive() {
        ZMsg zmsg = ZMsg.recvMsg(this, ZMQ.DONTWAIT);
        if (zmsg != null) {
            arrivals++;
        }
        return zmsg;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void serveOne(ZMsg zmsg) {
        Message<?> message;
        try {
            message = reader.read(zmsg);
        } catch (MessageReader.Rejected rejected) {
            KernelLog.warn("dropped a " + name + " message: " + rejected.getMessage());
            return;
        } catch (MessageReader.Invalid invalid) {
            KernelLog.warn("answered a malformed " + name + " request with an error: " + invalid.getMessage());
            answerBad(invalid.request, invalid.getMessage());
            return;
        }
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            KernelLog.warn("no handler for " + name + " message type " + message.getHeader().getType().getName());
            return;
        }
        Replies env = new Replies(this, connection.stdin(), connection.getIOPub(), message);
        try {
            handler.handle(env, message);
        } catch (Throwable t) {
            KernelLog.warn("handling " + message.getHeader().getType().getName() + " failed", t);
            if (!env.replied) {
                answerBad(message, message.getHeader().getType().getName() + ": the kernel failed on it: " + t
                        + " (a kernel bug: its log has the stack trace; the session is intact, so other requests work)");
            }
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            running = false;
            onShutdown.run();
        }
    }

    private void answerBad(Message<?> request, String problem) {
        ShellReplyEnvironment env = new Replies(this, connection.stdin(), connection.getIOPub(), request);
        try {
            badRequests.answer(env, request, problem);
        } finally {
            env.resolveDeferrals();
        }
    }

    /**
     * Takes every request waiting on the socket now off it; they are served next, in order. Returns the arrival
     * number of the last request taken (of the one being served if none was waiting). For handlers only.
     */
    long holdWaiting() {
        while (poller.poll(0) > 0) {
            ZMsg zmsg = receive();
            if (zmsg == null) {
                break;
            }
            held.add(zmsg);
        }
        return arrivals;
    }

    /** The arrival number of the request being served: 1 for the first this channel received. */
    long serving() {
        return serving;
    }

    void onBadRequest(KernelConnection.BadRequests handler) {
        badRequests = handler;
    }

    /** The reply environment of one request; it notes whether a reply was sent. */
    private static final class Replies extends ShellReplyEnvironment {
        boolean replied;

        Replies(ShellChannel shell, StdinChannel stdin, JupyterSocket iopub, MessageContext request) {
            super(shell, stdin, iopub, request);
        }

        @Override
        public void reply(Message<?> msg) {
            replied = true;
            super.reply(msg);
        }
    }

    @Override
    public void close() {
        running = false;
        super.close();
    }

    @Override
    public void waitUntilClose() {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
