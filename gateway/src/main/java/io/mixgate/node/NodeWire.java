package io.mixgate.node;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixgate.core.ConnCall;
import io.mixgate.core.MessageType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of a request to the node that holds a client (a send or a {@code conn.call}), on
 * that node's channel, and of its answer, on the asking node's channel. Binary, big-endian:
 * <pre>
 * request: 'Q' requestId:long fromNode:int clientId:long kind:byte body...
 *          kind 't' | 'b': a send, body = the data (text | binary)
 *          kind 'c':       a conn.call, body = UTF-8 JSON {"f":"set_context_value","a":["uid",1001]}
 *          kind 'i':       an inspection (list, info, close, channel counts), body = UTF-8 JSON, see InspectWire
 * reply:   'A' requestId:long code:byte message...
 *          code = SendOutcome ordinal for a send, CallOutcome.Status ordinal for a call;
 *          message = UTF-8, empty for a send (and for a call that was done)
 * </pre>
 * A send's reply is exactly the old send reply ({@code 'A' requestId outcome}), so a node running
 * the previous version still understands it. Stateless; the JSON mapper is configured once and
 * never changed.
 */
final class NodeWire {
    static final byte REQUEST = 'Q';
    static final byte REPLY = 'A';
    static final byte CALL = 'c';
    /** Inspection of a node's connections (see {@link InspectWire}); clientId is the one inspected, or 0. */
    static final byte INSPECT = 'i';
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS); // ConnCall arguments are Long, as the API parses them

    /** @param kind {@code 't'}, {@code 'b'} or {@link #CALL} */
    record Request(long requestId, int fromNode, long clientId, byte kind, byte[] body) {
        boolean isCall() {
            return kind == CALL;
        }

        boolean isInspection() {
            return kind == INSPECT;
        }

        MessageType sendType() {
            return kind == 'b' ? MessageType.BINARY : MessageType.TEXT;
        }
    }

    record Reply(long requestId, int code, String message) {
    }

    private NodeWire() {
    }

    static byte[] send(long requestId, int fromNode, long clientId, MessageType type, byte[] data) {
        return request(requestId, fromNode, clientId, type == MessageType.BINARY ? (byte) 'b' : (byte) 't', data);
    }

    static byte[] call(long requestId, int fromNode, long clientId, ConnCall call) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("f", call.function().wireName());
        json.put("a", call.args());
        try {
            return request(requestId, fromNode, clientId, CALL, JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // ConnCall.of admits JSON values only
        }
    }

    static byte[] inspect(long requestId, int fromNode, long clientId, byte[] body) {
        return request(requestId, fromNode, clientId, INSPECT, body);
    }

    /** @throws IOException when {@code body} is not a well-formed call */
    static ConnCall readCall(byte[] body) throws IOException {
        Map<String, Object> json = JSON.readValue(body, new TypeReference<>() {
        });
        if (!(json.get("f") instanceof String function) || !(json.get("a") instanceof List<?> args)) {
            throw new IOException("a conn.call needs \"f\" and \"a\"");
        }
        try {
            return ConnCall.of(function, new ArrayList<Object>(args)); // null values allowed (they remove a key)
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static byte[] request(long requestId, int fromNode, long clientId, byte kind, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 22);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(REQUEST);
            out.writeLong(requestId);
            out.writeInt(fromNode);
            out.writeLong(clientId);
            out.writeByte(kind);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] reply(long requestId, int code, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(10 + text.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(REPLY);
            out.writeLong(requestId);
            out.writeByte(code);
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException when {@code payload} is not a request */
    static Request readRequest(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload, 1, payload.length - 1));
        long requestId = in.readLong();
        int fromNode = in.readInt();
        long clientId = in.readLong();
        byte kind = in.readByte();
        if (kind != 't' && kind != 'b' && kind != CALL && kind != INSPECT) {
            throw new IOException("unknown request kind " + kind);
        }
        return new Request(requestId, fromNode, clientId, kind, in.readAllBytes());
    }

    /** @throws IOException when {@code payload} is not a reply */
    static Reply readReply(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload, 1, payload.length - 1));
        long requestId = in.readLong();
        int code = in.readUnsignedByte();
        return new Reply(requestId, code, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
}
