package org.zeroth.kernel.protocol;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.security.GeneralSecurityException;
import java.util.concurrent.CountDownLatch;

/**
 * jjava's connection with the request channels and the heartbeat replaced by {@link RequestChannel}s and
 * {@link Heartbeat}. IOPub and stdin are jjava's. Every socket binds to the connection file's {@code ip} only.
 */
public final class KernelConnection extends JupyterConnection {
    private final KernelConnectionProperties props;
    private final ZMQ.Context requestContext = ZMQ.context(1);
    private final RequestChannel shellRequests;
    private final RequestChannel controlRequests;
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
        this.heartbeats = new Heartbeat(requestContext);
    }

    @Override
    public void connect() {
        heartbeats.bind(props);
        iopub.bind(props);
        stdin.bind(props);
        controlRequests.bind(props);
        shellRequests.bind(props);
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    /** Whether a shell request is queued behind the one being handled (call from a shell handler only). */
    public boolean shellRequestsWaiting() {
        return shellRequests.hasWaiting();
    }

    /** Runs whenever the shell channel has served a request and none is queued behind it. */
    public void onShellQueueDrained(Runnable hook) {
        shellRequests.onDrained(hook);
    }

    public StdinChannel stdin() {
        return stdin;
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
