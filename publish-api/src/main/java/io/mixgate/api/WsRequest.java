package io.mixgate.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * One {@code /ws/v1} request envelope, {@code {"m":method,"p":params,"i":id}}. Also accepted:
 * {@code "id"} for {@code "i"} (CONNMIX's docs use both) and the early-2022 long names
 * {@code "method"} and {@code "params"}. The reply echoes the id under the key the request used.
 *
 * <p>Immutable.
 *
 * @param method the {@code "m"} node as sent (validated by {@link WsMethods}), or null when absent
 * @param params the {@code "p"} node, or null when absent
 * @param idKey  {@code "i"} or {@code "id"}: where the reply puts the id; null when the request has none
 * @param id     the id to echo, or null
 */
record WsRequest(JsonNode method, JsonNode params, String idKey, JsonNode id) {

    static final String EXAMPLE = "a request such as {\"m\":\"mesh.publish\",\"p\":{\"c\":\"news\",\"d\":\"hi\"},\"i\":1}";

    /**
     * Parses a text message, which must be exactly one JSON object.
     *
     * @throws InvalidArgumentException naming what is wrong; such a message has no id to echo
     */
    static WsRequest parse(ObjectMapper mapper, byte[] message) throws InvalidArgumentException {
        JsonNode tree;
        try {
            tree = mapper.readTree(message);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidArgumentException("malformed JSON" + where + ": " + shorten(e.getOriginalMessage())
                    + " (expected: " + EXAMPLE + ")");
        } catch (IOException e) {
            throw new InvalidArgumentException("unreadable message (" + e.getMessage() + ")");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidArgumentException("empty message (expected: " + EXAMPLE + ")");
        }
        if (!(tree instanceof ObjectNode envelope)) {
            throw new InvalidArgumentException("message: " + shorten(tree.toString()) + " (expected: " + EXAMPLE + ")");
        }
        String idKey = present(envelope, "i") ? "i" : present(envelope, "id") ? "id" : null;
        return new WsRequest(either(envelope, "m", "method"), either(envelope, "p", "params"),
                idKey, idKey == null ? null : envelope.get(idKey));
    }

    private static boolean present(ObjectNode envelope, String key) {
        JsonNode value = envelope.get(key);
        return value != null && !value.isNull();
    }

    private static JsonNode either(ObjectNode envelope, String shortName, String longName) {
        JsonNode value = envelope.get(shortName);
        return value != null && !value.isNull() ? value : envelope.get(longName);
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
