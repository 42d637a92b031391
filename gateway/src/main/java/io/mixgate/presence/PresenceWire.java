package io.mixgate.presence;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Presence messages between nodes, on each node's channel: the byte {@code 'P'} then UTF-8 JSON.
 * <pre>
 * {"t":"f","n":from,"r":requestId,"f":{"channel":["key",...],...}}  from follows these channels (a lease, renewed)
 * {"t":"u","n":from,"c":"channel"}                                   from follows channel no more
 * {"t":"a","n":from,"r":requestId}                                   from took follow requestId
 * {"t":"e","c":"channel","id":client,"node":n,"j":true|false,"v":{"key":value,...}}  a join or leave on node n
 * </pre>
 * {@code 'P'} is no kind {@code NodeRequests} uses ({@code 'Q'}, {@code 'A'}), so a node of the
 * previous version ignores these messages. Stateless; the mapper is configured once.
 */
public final class PresenceWire {
    static final byte KIND = 'P';
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private PresenceWire() {
    }

    public static boolean isPresence(byte[] payload) {
        return payload.length > 0 && payload[0] == KIND;
    }

    static byte[] follow(int from, long requestId, Map<String, Set<String>> channels) {
        ObjectNode m = JSON.createObjectNode().put("t", "f").put("n", from).put("r", requestId);
        m.set("f", JSON.valueToTree(channels));
        return bytes(m);
    }

    static byte[] unfollow(int from, String channel) {
        return bytes(JSON.createObjectNode().put("t", "u").put("n", from).put("c", channel));
    }

    static byte[] ack(int from, long requestId) {
        return bytes(JSON.createObjectNode().put("t", "a").put("n", from).put("r", requestId));
    }

    static byte[] event(String channel, long clientId, int node, boolean join, Map<String, Object> values) {
        ObjectNode m = JSON.createObjectNode().put("t", "e").put("c", channel).put("id", clientId).put("node", node)
                .put("j", join);
        m.set("v", JSON.valueToTree(values));
        return bytes(m);
    }

    /** @throws IOException when {@code payload} is not a presence message */
    static JsonNode read(byte[] payload) throws IOException {
        JsonNode m = JSON.readTree(Arrays.copyOfRange(payload, 1, payload.length));
        if (m == null || !m.isObject() || !m.path("t").isTextual()) {
            throw new IOException("a presence message needs \"t\"");
        }
        return m;
    }

    static Map<String, Object> values(JsonNode v) {
        return v.isObject() ? JSON.convertValue(v, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class))
                : Map.of();
    }

    private static byte[] bytes(ObjectNode m) {
        try {
            byte[] json = JSON.writeValueAsBytes(m);
            byte[] out = new byte[json.length + 1];
            out[0] = KIND;
            System.arraycopy(json, 0, out, 1, json.length);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e); // a tree of plain values always serialises
        }
    }
}
