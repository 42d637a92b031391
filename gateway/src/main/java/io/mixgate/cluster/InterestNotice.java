package io.mixgate.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's change of interest, as published on the interest notice channel:
 * {@code {"n":node,"s":seq,"f":full,"a":[added…],"r":[removed…]}}. A full notice replaces what
 * is known of the node ({@code a} is all it has, or the first part of it). Immutable.
 */
record InterestNotice(int node, long seq, boolean full, List<String> added, List<String> removed) {
    private static final ObjectMapper JSON = new ObjectMapper();

    byte[] encode() {
        ObjectNode o = JSON.createObjectNode();
        o.put("n", node);
        o.put("s", seq);
        o.put("f", full);
        ArrayNode a = o.putArray("a");
        added.forEach(a::add);
        ArrayNode r = o.putArray("r");
        removed.forEach(r::add);
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The notice in {@code payload}, or null when it is not one (logged by the caller). */
    static InterestNotice decode(byte[] payload) {
        try {
            JsonNode o = JSON.readTree(payload);
            if (o == null || !o.path("n").canConvertToInt() || !o.path("s").canConvertToLong()) {
                return null;
            }
            return new InterestNotice(o.get("n").asInt(), o.get("s").asLong(), o.path("f").asBoolean(),
                    strings(o.path("a")), strings(o.path("r")));
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        array.forEach(e -> out.add(e.asText()));
        return out;
    }
}
