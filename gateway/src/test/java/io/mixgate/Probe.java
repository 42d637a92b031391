package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Talks to a node running the test script {@code probe.lua}, which runs each message as Lua. */
final class Probe {
    static final ObjectMapper JSON = new ObjectMapper();

    private Probe() {
    }

    /** Runs {@code lua} in the probe's on_message and returns its result, failing if it raised. */
    static JsonNode eval(WsClient client, String lua) throws Exception {
        JsonNode reply = JSON.readTree(client.ask(lua));
        assertTrue(reply.get("ok").asBoolean(), "lua raised: " + reply.get("r"));
        return reply.get("r");
    }

    /** A node running the probe in a mesh on {@code redis} as node {@code id}. */
    static TestNode meshNode(RedisServer redis, int id, String... overrides) throws Exception {
        String[] all = new String[overrides.length + 2];
        all[0] = "redis.uri=" + redis.uri();
        all[1] = "node.id=" + id;
        System.arraycopy(overrides, 0, all, 2, overrides.length);
        return TestNode.withScript("probe.lua", all);
    }

    static String publishBody(String channel, String data) {
        return JSON.createObjectNode().put("c", channel).put("d", data).toString();
    }

    static String sendBody(String clientId, String data) {
        return JSON.createObjectNode().put("c", clientId).put("d", data).toString();
    }
}
