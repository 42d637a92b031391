package io.mixgate.node;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixgate.core.ChannelCount;
import io.mixgate.core.ConnectionInfo;
import io.mixgate.core.ConnectionQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of an inspection request between nodes ({@link NodeWire#INSPECT}) and of its answer:
 * UTF-8 JSON. A request is {@code {"op":"list"|"info"|"close"|"closeWhere"|"channels"|"subscribers",...}};
 * the answer is a JSON object in the reply's message, e.g. {@code {"items":[...],"more":false}}.
 * A node that does not know an op answers with an error code and a message instead of staying
 * silent. Stateless; the mapper is configured once.
 */
final class InspectWire {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS); // context numbers come back as Long, as the API parses them

    private InspectWire() {
    }

    static byte[] list(ConnectionQuery q) {
        ObjectNode op = op("list").put("after", q.after()).put("limit", q.limit());
        if (q.server() != null) {
            op.put("server", q.server());
        }
        op.put("channel", q.channel()).put("key", q.key()).put("value", q.value());
        return bytes(op);
    }

    static byte[] info(long clientId) {
        return bytes(op("info").put("id", clientId));
    }

    static byte[] close(long clientId, int code, String reason) {
        return bytes(op("close").put("id", clientId).put("code", code).put("reason", reason));
    }

    static byte[] closeWhere(String key, String value, int code, String reason) {
        return bytes(op("closeWhere").put("key", key).put("value", value).put("code", code).put("reason", reason));
    }

    static byte[] channels(String prefix, String after, int limit) {
        return bytes(op("channels").put("prefix", prefix).put("after", after).put("limit", limit));
    }

    static byte[] subscribers(String channel) {
        return bytes(op("subscribers").put("channel", channel));
    }

    /** Runs a request on this node's connections and returns the answer's JSON text. */
    static String answer(LocalConnections local, byte[] body) throws IOException {
        JsonNode op = JSON.readTree(body);
        ObjectNode out = JSON.createObjectNode();
        switch (op.path("op").asText()) {
            case "list" -> {
                LocalConnections.Page page = local.page(new ConnectionQuery(
                        op.hasNonNull("server") ? op.get("server").asInt() : null, text(op, "channel"),
                        text(op, "key"), text(op, "value"), op.path("after").asLong(), op.path("limit").asInt()));
                ArrayNode items = out.putArray("items");
                page.connections().forEach(c -> items.add(write(c)));
                out.put("more", page.more());
            }
            case "info" -> {
                Optional<ConnectionInfo> info = local.find(op.path("id").asLong());
                out.set("info", info.map(InspectWire::write).orElse(null));
            }
            case "close" -> out.put("closed", local.closeHere(op.path("id").asLong(), op.path("code").asInt(),
                    op.path("reason").asText()));
            case "closeWhere" -> out.put("closed", local.closeWhereHere(text(op, "key"), text(op, "value"),
                    op.path("code").asInt(), op.path("reason").asText()));
            case "channels" -> {
                LocalConnections.ChannelPage page = local.channelPage(text(op, "prefix"), text(op, "after"),
                        op.path("limit").asInt());
                ArrayNode items = out.putArray("channels");
                page.channels().forEach(c -> items.addObject().put("name", c.name()).put("n", c.subscribers()));
                out.put("more", page.more());
            }
            case "subscribers" -> out.put("n", local.subscribersHere(text(op, "channel")));
            default -> throw new IOException("unknown inspection op \"" + op.path("op").asText() + "\"");
        }
        return JSON.writeValueAsString(out);
    }

    static LocalConnections.Page readPage(String answer) throws IOException {
        JsonNode json = JSON.readTree(answer);
        List<ConnectionInfo> items = new ArrayList<>();
        for (JsonNode item : json.path("items")) {
            items.add(read(item));
        }
        return new LocalConnections.Page(items, json.path("more").asBoolean());
    }

    static Optional<ConnectionInfo> readInfo(String answer) throws IOException {
        JsonNode info = JSON.readTree(answer).path("info");
        return info.isObject() ? Optional.of(read(info)) : Optional.empty();
    }

    static JsonNode read(String answer) throws IOException {
        return JSON.readTree(answer);
    }

    static LocalConnections.ChannelPage readChannels(String answer) throws IOException {
        JsonNode json = JSON.readTree(answer);
        List<ChannelCount> counts = new ArrayList<>();
        for (JsonNode c : json.path("channels")) {
            counts.add(new ChannelCount(c.path("name").asText(), c.path("n").asLong()));
        }
        return new LocalConnections.ChannelPage(counts, json.path("more").asBoolean());
    }

    private static ObjectNode write(ConnectionInfo c) {
        ObjectNode node = JSON.createObjectNode().put("id", c.id()).put("node", c.node()).put("server", c.server())
                .put("remote", c.remoteAddress()).put("since", c.connectedAt()).put("n", c.channelCount())
                .put("backlog", c.outboundBytes());
        node.set("context", JSON.valueToTree(c.context()));
        ArrayNode channels = node.putArray("channels");
        c.channels().forEach(channels::add);
        return node;
    }

    private static ConnectionInfo read(JsonNode n) {
        Map<String, Object> context = JSON.convertValue(n.path("context"), new TypeReference<>() {
        });
        List<String> channels = new ArrayList<>();
        n.path("channels").forEach(c -> channels.add(c.asText()));
        return new ConnectionInfo(n.path("id").asLong(), n.path("node").asInt(), n.path("server").asInt(),
                n.path("remote").asText(), n.path("since").asLong(), context == null ? Map.of() : context,
                n.path("n").asInt(), channels, n.path("backlog").asLong());
    }

    private static String text(JsonNode op, String field) {
        JsonNode value = op.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static ObjectNode op(String name) {
        return JSON.createObjectNode().put("op", name);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a tree of plain values always serialises
        }
    }
}
