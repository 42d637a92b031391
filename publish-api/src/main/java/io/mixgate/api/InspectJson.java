package io.mixgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixgate.core.ConnectionInfo;
import io.mixgate.core.Gathered;
import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.util.Deque;

/**
 * The JSON of {@code /v1/connections} and {@code /v1/channels}: connections and gathered results
 * out, query parameters and close requests in. Client ids are written as decimal strings (as
 * CONNMIX writes them: a JavaScript number cannot hold every id). Stateless.
 */
final class InspectJson {
    /** The page size when the request names none. */
    static final int DEFAULT_LIMIT = 100;
    /** The largest page: one request cannot make every node serialise all its connections. */
    static final int MAX_LIMIT = 1000;
    /** RFC 6455: a close frame's reason fits in 123 bytes. */
    static final int MAX_REASON_BYTES = 123;

    private InspectJson() {
    }

    static ObjectNode connection(ObjectNode out, ConnectionInfo c, boolean full) {
        out.put("id", Long.toString(c.id())).put("node", Integer.toString(c.node())).put("server", c.server())
                .put("remote", c.remoteAddress()).put("connected_at", c.connectedAt());
        out.putPOJO("context", c.context());
        if (full) {
            ArrayNode channels = out.putArray("channels");
            c.channels().forEach(channels::add);
            out.put("outbound_bytes", c.outboundBytes());
        } else {
            out.put("channels", c.channelCount());
        }
        return out;
    }

    /** Adds {@code "partial"} and {@code "missing"} (the node ids that did not answer). */
    static ObjectNode completeness(ObjectNode out, Gathered<?> gathered) {
        out.put("partial", gathered.partial());
        ArrayNode missing = out.putArray("missing");
        gathered.missing().forEach(missing::add);
        return out;
    }

    /** A query parameter, or null when absent or empty. */
    static String param(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() || values.getFirst().isEmpty() ? null : values.getFirst();
    }

    static int limit(HttpServerExchange exchange) throws InvalidArgumentException {
        String text = param(exchange, "limit");
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidArgumentException("limit: \"" + text + "\" (expected: 1.." + MAX_LIMIT + ")");
    }

    static long clientId(String text) throws InvalidArgumentException {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidArgumentException("client id: \"" + text + "\" (expected: a client id, a positive decimal number)");
    }

    /** A close request's code and reason. */
    record Close(int code, String reason) {
    }

    /** Reads {@code "code"} (1000 or 3000..4999, default 1000) and {@code "reason"} (default empty) from {@code body}. */
    static Close close(JsonNode body) throws InvalidArgumentException {
        JsonNode code = body.get("code");
        int value = 1000;
        if (code != null && !code.isNull()) {
            if (!code.isIntegralNumber() || !(code.asLong() == 1000 || code.asLong() >= 3000 && code.asLong() <= 4999)) {
                throw new InvalidArgumentException("code: " + code + " (expected: 1000 or 3000..4999)");
            }
            value = code.asInt();
        }
        JsonNode reason = body.get("reason");
        String text = "";
        if (reason != null && !reason.isNull()) {
            if (!reason.isTextual()) {
                throw new InvalidArgumentException("reason: " + reason + " (expected: a string)");
            }
            text = reason.asText();
            if (text.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
                throw new InvalidArgumentException("reason: " + text.getBytes(StandardCharsets.UTF_8).length
                        + " bytes (expected: at most " + MAX_REASON_BYTES + " bytes of UTF-8, the close frame's limit)");
            }
        }
        return new Close(value, text);
    }

    /** Parses a request body: an empty body is an empty object. */
    static JsonNode object(ObjectMapper mapper, byte[] body) throws InvalidArgumentException {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidArgumentException("the body cannot be read: " + e.getMessage());
        }
        throw new InvalidArgumentException("the body must be a JSON object");
    }
}
