package org.zeroth.kernel.protocol;

import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMsg;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageReaderTest {
    private static final String HEADER = "{\"msg_id\":\"1\",\"session\":\"s\",\"username\":\"u\","
            + "\"date\":\"2026-01-01T00:00:00.000000Z\",\"msg_type\":\"execute_request\",\"version\":\"5.3\"}";
    private static final String CONTENT = "{\"code\":\"1+1\",\"silent\":false,\"store_history\":true,"
            + "\"user_expressions\":{},\"allow_stdin\":false,\"stop_on_error\":true}";

    private final HMACGenerator hmac;
    private final MessageReader reader;

    MessageReaderTest() throws Exception {
        hmac = new HMACGenerator("hmac-sha256", "secret");
        reader = new MessageReader(hmac, true);
    }

    private static ZMsg frames(String signature, String content) {
        ZMsg msg = new ZMsg();
        msg.add("client-id");
        msg.add("<IDS|MSG>");
        msg.add(signature);
        msg.add(HEADER);
        msg.add("{}");
        msg.add("{}");
        msg.add(content);
        return msg;
    }

    private String sign(String content) {
        return hmac.calculateSignature(bytes(HEADER), bytes("{}"), bytes("{}"), bytes(content));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acceptsACorrectlySignedRequest() throws Exception {
        Message<?> message = reader.read(frames(sign(CONTENT), CONTENT));
        assertEquals(MessageType.EXECUTE_REQUEST, message.getHeader().getType());
        assertEquals("1+1", ((ExecuteRequest) message.getContent()).getCode());
    }

    @Test
    void rejectsWrongUnsignedTamperedAndMalformedMessages() {
        String tampered = CONTENT.replace("1+1", "System.exit(0)");
        assertThrows(MessageReader.Rejected.class, () -> reader.read(frames("00" + sign(CONTENT).substring(2), CONTENT)));
        assertThrows(MessageReader.Rejected.class, () -> reader.read(frames("", CONTENT)));
        assertThrows(MessageReader.Rejected.class, () -> reader.read(frames(sign(CONTENT), tampered)));
        ZMsg truncated = new ZMsg();
        truncated.add("<IDS|MSG>");
        truncated.add(sign(CONTENT));
        assertThrows(MessageReader.Rejected.class, () -> reader.read(truncated));
        assertThrows(MessageReader.Rejected.class, () -> reader.read(frames(sign("{not json"), "{not json")));
    }

    @Test
    void withoutAKeyNothingIsChecked() throws Exception {
        MessageReader open = new MessageReader(HMACGenerator.NO_AUTH_INSTANCE, false);
        assertEquals(MessageType.EXECUTE_REQUEST, open.read(frames("", CONTENT)).getHeader().getType());
    }
}
