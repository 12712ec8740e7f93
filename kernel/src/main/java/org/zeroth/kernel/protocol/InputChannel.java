package org.zeroth.kernel.protocol;

import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.InputReply;
import org.dflib.jjava.jupyter.messages.request.InputRequest;
import org.zeroth.kernel.KernelLog;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;
import zmq.ZError;

import java.util.function.BooleanSupplier;

/**
 * The stdin channel: asks the front-end for a line and takes the reply to that request only.
 * <p>
 * Why not jjava's {@code StdinChannel.getInput}: it takes whatever reply comes next, so a line typed for a cell that
 * had already ended (interrupted while asking) was read by the next cell's request; and it ends the wait on any
 * wake-up of the socket, which the JDK can give spuriously after an earlier interrupt. Here replies left from earlier
 * requests are dropped (before asking, as ipykernel does, and by their parent header where the front-end names it),
 * and the wait ends only when the caller says it should.
 */
public final class InputChannel extends StdinChannel {
    /** How often a wait checks whether it should end: an interrupt wakes it at once, this bounds a lost one. */
    private static final int WAKE_MS = 100;
    /** What a front-end sends for end of input (Ctrl-D), as ipykernel reads it. */
    private static final String END_OF_INPUT = "\u0004";

    private final MessageReader reader;

    InputChannel(ZMQ.Context ctx, HMACGenerator hmac, boolean signed) {
        super(ctx, hmac);
        this.reader = new MessageReader(hmac, signed);
        setReceiveTimeOut(WAKE_MS);
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        bind(props.getTransport() + "://" + props.getIp() + ":" + props.getStdinPort());
    }

    /** Raised by {@link #ask} when the caller ended the wait. */
    public static final class Ended extends Exception {
        Ended() {
            super("the wait for input ended", null, false, false);
        }
    }

    /**
     * Asks the front-end that sent {@code request} for one line and waits for its reply; null at end of input.
     * {@code ended} is checked whenever the wait wakes (an interrupt of this thread wakes it at once): when true, the
     * ask ends with {@link Ended}. Other wake-ups (the JDK can give spurious ones after an earlier interrupt) do not
     * end it.
     */
    public synchronized String ask(MessageContext request, String prompt, boolean password, BooleanSupplier ended)
            throws Ended {
        dropWaiting();
        Message<InputRequest> ask = new Message<>(request, InputRequest.MESSAGE_TYPE, new InputRequest(prompt, password));
        sendMessage(ask);
        while (true) {
            if (ended.getAsBoolean()) {
                throw new Ended();
            }
            ZMsg zmsg;
            try {
                zmsg = ZMsg.recvMsg(this, 0); // null after WAKE_MS
            } catch (ZMQException e) {
                if (e.getErrorCode() != ZError.EINTR) {
                    throw e;
                }
                continue;
            }
            String value = zmsg == null ? null : replyTo(ask, zmsg);
            if (value != null) {
                return END_OF_INPUT.equals(value) ? null : value;
            }
        }
    }

    /** Not used: jjava's wait takes whatever reply comes next. */
    @Override
    public String getInput(MessageContext request, String prompt, boolean password) {
        throw new UnsupportedOperationException("read stdin with InputChannel.ask");
    }

    /** Replies already here answer requests made earlier: their cells ended without reading them. */
    private void dropWaiting() {
        for (ZMsg stale; (stale = ZMsg.recvMsg(this, ZMQ.DONTWAIT)) != null; ) {
            KernelLog.warn("stdin: dropped a reply that came after its request had ended");
            stale.destroy();
        }
    }

    /** The line in {@code zmsg} if it is the reply to {@code ask}; else it is logged and dropped (null). */
    private String replyTo(Message<InputRequest> ask, ZMsg zmsg) {
        Message<?> reply;
        try {
            reply = reader.read(zmsg);
        } catch (MessageReader.Rejected | MessageReader.Invalid e) {
            KernelLog.warn("stdin: dropped a message: " + e.getMessage());
            return null;
        }
        if (reply.getHeader().getType() != MessageType.INPUT_REPLY) {
            KernelLog.warn("stdin: dropped a " + reply.getHeader().getType().getName() + " (only input_reply is read)");
            return null;
        }
        // jupyter_client's input() names no parent; JupyterLab names the request it answers
        if (reply.hasParentHeader() && !ask.getHeader().getId().equals(reply.getParentHeader().getId())) {
            KernelLog.warn("stdin: dropped a reply to an earlier request");
            return null;
        }
        String value = ((InputReply) reply.getContent()).getValue();
        return value == null ? "" : value;
    }
}
