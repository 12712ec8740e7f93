package org.zeroth.kernel.protocol;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeroth.kernel.KernelLog;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A shell or control channel: a ROUTER socket served by one thread that verifies every request (see
 * {@link MessageReader}) before handing it to the kernel's handler. It blocks in poll instead of sleeping between
 * polls, so a request is picked up at once. Nothing a handler throws ends the thread.
 */
final class RequestChannel extends ShellChannel {
    private static final int POLL_MS = 200;

    private final String name;
    private final boolean control;
    private final JupyterConnection connection;
    private final MessageReader reader;
    private final Runnable onShutdown;
    private volatile boolean running;
    private volatile Runnable onDrained = () -> { };
    private ZMQ.Poller poller;
    private Thread thread;

    RequestChannel(ZMQ.Context ctx, HMACGenerator hmac, boolean signed, boolean control,
                   JupyterConnection connection, Runnable onShutdown) {
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
                if (poller.poll(POLL_MS) > 0 && running) {
                    serveOne();
                    if (!hasWaiting()) {
                        onDrained.run();
                    }
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

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void serveOne() {
        ZMsg zmsg = ZMsg.recvMsg(this, ZMQ.DONTWAIT);
        if (zmsg == null) {
            return;
        }
        Message<?> message;
        try {
            message = reader.read(zmsg);
        } catch (MessageReader.Rejected rejected) {
            KernelLog.warn("dropped a " + name + " message: " + rejected.getMessage());
            return;
        }
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            KernelLog.warn("no handler for " + name + " message type " + message.getHeader().getType().getName());
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (Throwable t) {
            KernelLog.warn("handling " + message.getHeader().getType().getName() + " failed", t);
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            running = false;
            onShutdown.run();
        }
    }

    /** Whether another request is waiting; for handlers, which run on this channel's thread. */
    boolean hasWaiting() {
        return poller.poll(0) > 0;
    }

    /** Runs whenever a request has been served and no other is waiting. */
    void onDrained(Runnable hook) {
        onDrained = hook;
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
