package org.zeroth.kernel.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.zeromq.ZMsg;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns one whole multipart ZMQ message into a jjava {@link Message}, or refuses it.
 * <p>
 * Why not jjava's {@code JupyterSocket.readMessage}: it throws on a bad signature from inside the channel's loop,
 * which ends the loop thread (the kernel then ignores every later request), and it reads frame by frame, so a
 * malformed message can block it. Here the message is received whole, its HMAC is compared in constant time, and
 * anything wrong is a {@link Rejected} the channel logs and drops. A signed request whose content breaks the spec
 * is {@link Invalid}: the channel answers it with an error reply.
 */
final class MessageReader {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final Type JSON_MAP = new TypeToken<Map<String, Object>>() { }.getType();
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
            .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
            .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
            .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
            .create();

    /** Why a message was dropped; the text is safe to log (no key, no content). */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A signed request whose content is wrong: it gets an error reply (the request keeps header and identities). */
    static final class Invalid extends Exception {
        final transient Message<?> request;

        Invalid(Message<?> request, String problem) {
            super(problem, null, false, false);
            this.request = request;
        }
    }

    private final HMACGenerator hmac;
    private final boolean signed;

    MessageReader(HMACGenerator hmac, boolean signed) {
        this.hmac = hmac;
        this.signed = signed;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    Message<?> read(ZMsg zmsg) throws Rejected, Invalid {
        List<byte[]> frames = new ArrayList<>();
        zmsg.forEach(f -> frames.add(f.getData()));
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) {
            throw new Rejected("malformed message (" + frames.size() + " frames, no complete Jupyter envelope)");
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (signed) {
            String expected = hmac.calculateSignature(header, parent, metadata, content);
            if (signature.length == 0) {
                throw new Rejected("unsigned message while the connection has a key");
            }
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature)) {
                throw new Rejected("message with an invalid HMAC signature");
            }
        }
        Message<?> request;
        JsonElement body;
        try {
            JsonElement headerJson = JsonParser.parseString(utf8(header));
            Header<?> h = GSON.fromJson(headerJson, Header.class);
            if (h == null || h.getType() == null) {
                throw new Rejected("message without a type");
            }
            if (h.getType() == MessageType.UNKNOWN) {
                JsonElement name = headerJson.getAsJsonObject().get("msg_type");
                throw new Rejected("unknown message type " + name + " (not answered, as in ipykernel)");
            }
            Header<?> parentHeader = null;
            JsonElement parentJson = JsonParser.parseString(utf8(parent));
            if (parentJson.isJsonObject() && !parentJson.getAsJsonObject().isEmpty()) {
                parentHeader = GSON.fromJson(parentJson, Header.class);
            }
            Map<String, Object> meta = GSON.fromJson(utf8(metadata), JSON_MAP);
            body = JsonParser.parseString(utf8(content));
            List<byte[]> identities = new ArrayList<>(frames.subList(0, delimiter));
            List<byte[]> buffers = new ArrayList<>(frames.subList(delimiter + 6, frames.size()));
            request = new Message(identities, h, parentHeader, meta, null, buffers);
        } catch (RuntimeException e) {
            throw new Rejected("unreadable message (" + e.getClass().getSimpleName() + ")");
        }
        return withContent(request, body);
    }

    /** The request with its content checked against the spec and read into jjava's class for its type. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Message<?> withContent(Message<?> request, JsonElement body) throws Invalid {
        Header<?> h = request.getHeader();
        try {
            JsonElement checked = RequestContent.checked(h.getType().getName(), body);
            Object content = GSON.fromJson(checked, h.getType().getContentType());
            return new Message(request.getIdentities(), h, request.getParentHeader(), request.getMetadata(), content,
                    request.getBlobs());
        } catch (RequestContent.Bad bad) {
            throw new Invalid(request, bad.getMessage());
        } catch (RuntimeException e) {
            throw new Invalid(request, h.getType().getName() + ": the content does not fit the messaging spec ("
                    + e.getMessage() + ")");
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
