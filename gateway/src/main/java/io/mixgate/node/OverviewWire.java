package io.mixgate.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixgate.core.NodeHealth;
import io.mixgate.core.NodeStats;
import io.mixgate.core.ScriptError;
import io.mixgate.core.ScriptReloads.ScriptVersionInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The inspection ops of {@link MeshOverview} between nodes, beside {@link InspectWire}'s:
 * {@code {"op":"stats"}} answered with one node's {@link NodeStats}, {@code {"op":"errors"}} with its
 * recent {@link ScriptError}s. UTF-8 JSON. Stateless.
 */
final class OverviewWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OverviewWire() {
    }

    static byte[] stats() {
        return "{\"op\":\"stats\"}".getBytes(StandardCharsets.UTF_8);
    }

    static byte[] errors() {
        return "{\"op\":\"errors\"}".getBytes(StandardCharsets.UTF_8);
    }

    /** This node's answer to {@code body}, or null when {@code body} is not one of these ops. */
    static String answer(LocalOverview local, byte[] body) throws IOException {
        String op = JSON.readTree(body).path("op").asText();
        return switch (op) {
            case "stats" -> JSON.writeValueAsString(write(local.statsHere()));
            case "errors" -> {
                ArrayNode list = JSON.createArrayNode();
                local.errorsHere().forEach(e -> list.add(write(e)));
                yield JSON.writeValueAsString(JSON.createObjectNode().set("errors", list));
            }
            default -> null;
        };
    }

    private static ObjectNode write(NodeStats s) {
        NodeHealth h = s.health();
        ObjectNode out = JSON.createObjectNode().put("node", s.node()).put("at", s.at())
                .put("healthy", h.healthy()).put("connections", h.connections()).put("detail", h.detail())
                .put("meshHealthy", h.meshHealthy()).put("meshDetail", h.meshDetail())
                .put("in", s.messagesIn()).put("published", s.published()).put("deliveries", s.deliveries())
                .put("failures", s.deliveryFailures()).put("errors", s.scriptErrors());
        ArrayNode scripts = out.putArray("scripts");
        s.scripts().forEach(v -> scripts.addObject().put("script", v.script()).put("version", v.version()));
        return out;
    }

    static NodeStats readStats(String answer) throws IOException {
        JsonNode n = JSON.readTree(answer);
        List<ScriptVersionInfo> scripts = new ArrayList<>();
        n.path("scripts").forEach(v -> scripts.add(new ScriptVersionInfo(v.path("script").asText(), v.path("version").asLong())));
        NodeHealth health = new NodeHealth(n.path("healthy").asBoolean(), n.path("connections").asLong(),
                n.path("detail").asText(), n.path("meshHealthy").asBoolean(), n.path("meshDetail").asText());
        return new NodeStats(n.path("node").asText(), n.path("at").asLong(), health, n.path("in").asLong(),
                n.path("published").asLong(), n.path("deliveries").asLong(), n.path("failures").asLong(),
                n.path("errors").asLong(), scripts);
    }

    private static ObjectNode write(ScriptError e) {
        return JSON.createObjectNode().put("node", e.node()).put("server", e.server()).put("script", e.script())
                .put("line", e.line()).put("callback", e.callback()).put("client", e.client())
                .put("message", e.message()).put("at", e.at());
    }

    static List<ScriptError> readErrors(String answer) throws IOException {
        List<ScriptError> errors = new ArrayList<>();
        for (JsonNode e : JSON.readTree(answer).path("errors")) {
            errors.add(new ScriptError(e.path("node").asText(), e.path("server").asInt(), e.path("script").asText(),
                    e.path("line").asInt(), e.path("callback").asText(), e.path("client").asLong(),
                    e.path("message").asText(), e.path("at").asLong()));
        }
        return errors;
    }
}
