package org.zeroth.kernel.protocol;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.security.GeneralSecurityException;
import java.util.concurrent.CountDownLatch;

/**
 * jjava's connection with the request channels, stdin and the heartbeat replaced by {@link RequestChannel}s, an
 * {@link InputChannel} and {@link Heartbeat}. IOPub is jjava's. Every socket binds to the connection file's
 * {@code ip} only.
 */
public final class KernelConnection extends JupyterConnection {
    private final KernelConnectionProperties props;
    private final ZMQ.Context requestContext = ZMQ.context(1);
    private final RequestChannel shellRequests;
    private final RequestChannel controlRequests;
    private final InputChannel input;
    private final Heartbeat heartbeats;
    private final CountDownLatch closed = new CountDownLatch(1);

    public KernelConnection(KernelConnectionProperties props) throws GeneralSecurityException {
        super(props);
        if (!"tcp".equals(props.getTransport())) {
            throw new IllegalArgumentException("only the tcp transport is supported, not " + props.getTransport());
        }
        this.props = props;
        boolean signed = props.getKey() != null && !props.getKey().isEmpty();
        HMACGenerator hmac = props.createHMACGenerator();
        this.shellRequests = new RequestChannel(requestContext, hmac, signed, false, this, this::close);
        this.controlRequests = new RequestChannel(requestContext, hmac, signed, true, this, this::close);
        this.input = new InputChannel(requestContext, hmac, signed);
        this.heartbeats = new Heartbeat(requestContext);
    }

    @Override
    public void connect() {
        heartbeats.bind(props);
        iopub.bind(props);
        input.bind(props);
        controlRequests.bind(props);
        shellRequests.bind(props);
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    /**
     * Takes the shell requests waiting now off the socket (they are served next, in order) and returns the arrival
     * number of the last of them: a handler's snapshot of what is queued behind the request it is serving.
     */
    public long holdWaitingShellRequests() {
        return shellRequests.holdWaiting();
    }

    /** The arrival number of the shell request being served (1, 2, ... in the order they reached the kernel). */
    public long shellRequestArrival() {
        return shellRequests.serving();
    }

    /** Answers signed requests whose content breaks the spec, or whose handler failed before replying. */
    public interface BadRequests {
        void answer(ShellReplyEnvironment env, Message<?> request, String problem);
    }

    public void onBadRequest(BadRequests handler) {
        shellRequests.onBadRequest(handler);
        controlRequests.onBadRequest(handler);
    }

    public InputChannel stdin() {
        return input;
    }

    @Override
    public IOPubChannel getIOPub() {
        return iopub;
    }

    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        shellRequests.close();
        controlRequests.close();
        input.close();
        heartbeats.close();
        super.close();
        requestContext.close();
        closed.countDown();
    }

    @Override
    public void waitUntilClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
