package org.zeroth.kernel.protocol;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stdin channel against a front-end on a real socket: a line goes to the request it was typed for. */
class InputChannelTest {
    private static final byte[] FRONT_END = "front-end".getBytes(StandardCharsets.UTF_8);

    private final HMACGenerator hmac = hmac();
    private final ZMQ.Context context = ZMQ.context(1);
    private final InputChannel channel = new InputChannel(context, hmac, true);
    private final ZMQ.Socket frontEnd = context.socket(SocketType.DEALER);
    /** The execute_request a cell runs for: the front-end asked is the one that sent it. */
    private final MessageContext cell = new Message<>(List.of(FRONT_END), new Header<>(MessageType.EXECUTE_REQUEST),
            null, Map.of(), null, List.of());

    InputChannelTest() {
        channel.bind("tcp://127.0.0.1:*");
        frontEnd.setIdentity(FRONT_END);
        frontEnd.connect(channel.getLastEndpoint());
        // A ROUTER drops what it sends to a peer it has not heard from yet; the front-end's first message (a reply
        // to no request) makes it known, and is left for the first ask to drop.
        reply(null, "before any request");
        arrived();
    }

    private static HMACGenerator hmac() {
        try {
            return new HMACGenerator("hmac-sha256", "secret");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        frontEnd.close();
        channel.close();
        context.close();
    }

    /** Asks on another thread, as a cell does; the line, or the exception the ask ended with. */
    private CompletableFuture<String> ask(AtomicBoolean ended, AtomicReference<Thread> asker) {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                line.complete(channel.ask(cell, "", false, ended::get));
            } catch (Throwable e) {
                line.completeExceptionally(e);
            }
        });
        asker.set(t);
        t.start();
        return line;
    }

    private CompletableFuture<String> ask() {
        return ask(new AtomicBoolean(), new AtomicReference<>());
    }

    /** The front-end receives the next input_request; returns its msg_id. */
    private String requestReceived() {
        ZMsg msg = ZMsg.recvMsg(frontEnd);
        List<String> frames = msg.stream().map(f -> f.getString(StandardCharsets.UTF_8)).toList();
        JsonObject header = JsonParser.parseString(frames.get(2)).getAsJsonObject();
        assertEquals("input_request", header.get("msg_type").getAsString(), frames.toString());
        JsonObject parent = JsonParser.parseString(frames.get(3)).getAsJsonObject();
        assertEquals(cell.getHeader().getId(), parent.get("msg_id").getAsString(), "asked for the cell's request");
        return header.get("msg_id").getAsString();
    }

    /** The front-end sends {@code type} with {@code value}, naming {@code parentId} as its parent unless null. */
    private void send(String type, String parentId, String value) {
        String header = "{\"msg_id\":\"" + UUID.randomUUID() + "\",\"session\":\"s\",\"username\":\"u\","
                + "\"date\":\"2026-01-01T00:00:00.000000Z\",\"msg_type\":\"" + type + "\",\"version\":\"5.3\"}";
        String parent = parentId == null ? "{}" : header.replace("\"msg_type\":\"" + type, "\"msg_type\":\"input_request")
                .replaceFirst("\"msg_id\":\"[^\"]*\"", "\"msg_id\":\"" + parentId + "\"");
        String content = "{\"value\":\"" + value + "\"}";
        String signature = hmac.calculateSignature(bytes(header), bytes(parent), bytes("{}"), bytes(content));
        ZMsg msg = new ZMsg();
        msg.add("<IDS|MSG>");
        msg.add(signature);
        msg.add(header);
        msg.add(parent);
        msg.add("{}");
        msg.add(content);
        msg.send(frontEnd);
    }

    private void reply(String parentId, String value) {
        send("input_reply", parentId, value);
    }

    /** Waits until a message sent to the kernel is in its socket (only between asks: the socket is one thread's). */
    private void arrived() {
        ZMQ.Poller poller = context.poller(1);
        poller.register(channel, ZMQ.Poller.POLLIN);
        assertTrue(poller.poll(10_000) > 0, "the front-end's message did not arrive");
        poller.close();
    }

    private static String line(CompletableFuture<String> asked) throws Exception {
        return asked.get(30, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheLineTypedForTheRequest() throws Exception {
        CompletableFuture<String> asked = ask();
        reply(requestReceived(), "yes");
        assertEquals("yes", line(asked));
        asked = ask();
        requestReceived();
        reply(null, "no"); // jupyter_client's input() names no parent
        assertEquals("no", line(asked));
    }

    @Test
    void aReplyNamingAnotherRequestOrNotAReplyOrUnsignedIsNotRead() throws Exception {
        CompletableFuture<String> asked = ask();
        String id = requestReceived();
        reply(UUID.randomUUID().toString(), "for another request");
        send("input_request", id, "not a reply");
        ZMsg unsigned = new ZMsg();
        List.of("<IDS|MSG>", "", "{}", "{}", "{}", "{\"value\":\"unsigned\"}").forEach(unsigned::add);
        unsigned.send(frontEnd);
        reply(id, "typed");
        assertEquals("typed", line(asked));
    }

    @Test
    void endOfInputIsNull() throws Exception {
        CompletableFuture<String> asked = ask();
        reply(requestReceived(), "\\u0004");
        assertNull(line(asked));
    }

    /** The socket reports an interrupt as a wake-up (EINTR), as the JDK's spurious ones: the ask goes on. */
    @Test
    void aWakeUpTheCallerDoesNotEndOnKeepsWaiting() throws Exception {
        AtomicReference<Thread> asker = new AtomicReference<>();
        CompletableFuture<String> asked = ask(new AtomicBoolean(), asker);
        String id = requestReceived();
        asker.get().interrupt(); // lands in the wait or just before it: either way the socket reports EINTR
        reply(id, "typed");
        assertEquals("typed", line(asked));
    }

    /** A cell interrupted while asking, the line then typed for it, the next cell asking: many times over. */
    @Test
    void aLineTypedForAnEndedAskIsNeverReadByTheNext() throws Exception {
        for (int i = 0; i < 200; i++) {
            AtomicBoolean ended = new AtomicBoolean();
            AtomicReference<Thread> asker = new AtomicReference<>();
            CompletableFuture<String> interrupted = ask(ended, asker);
            String first = requestReceived();
            ended.set(true);
            asker.get().interrupt();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> interrupted.get(30, TimeUnit.SECONDS));
            assertInstanceOf(InputChannel.Ended.class, e.getCause());
            boolean namesParent = i % 2 == 0; // JupyterLab names the request; jupyter_client does not
            reply(namesParent ? first : null, "late " + i);
            if (!namesParent) {
                arrived(); // dropped before the next request: it cannot tell which request it answers otherwise
            }
            CompletableFuture<String> next = ask();
            reply(requestReceived(), "fresh " + i);
            assertEquals("fresh " + i, line(next), "round " + i);
        }
    }
}
