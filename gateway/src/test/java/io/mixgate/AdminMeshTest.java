package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/stats} and {@code GET /v1/scripts/errors} through one node of a real Redis mesh
 * answer for every node: its connections, counters and script versions, and the script errors
 * each node keeps.
 */
class AdminMeshTest {

    @Test
    void statsAndScriptErrorsCoverEveryNode() throws Exception {
        try (RedisServer redis = RedisServer.launch();
             TestNode a = Probe.meshNode(redis, 1);
             TestNode b = Probe.meshNode(redis, 2, "script.recentErrors=2")) {
            Await.until("two nodes registered", WsClient.WAIT, () -> ApiClient.get(a.api("/v1/nodes")).body(),
                    body -> body.contains("\"1\"") && body.contains("\"2\""));
            try (WsClient onB = WsClient.connect(b.wsUri()); WsClient alsoOnB = WsClient.connect(b.wsUri())) {
                Probe.eval(onB, "return mix.websocket():subscribe('news')");
                for (int i = 1; i <= 3; i++) {
                    onB.send("!raise failure " + i);
                }
                Probe.eval(alsoOnB, "return 1"); // a callback after the raises: they have been counted
                Eventually.until("node 2 counted the raises", () -> node(get(a, "/v1/stats"), "2").path("script_errors").asLong() == 3);

                JsonNode stats = get(a, "/v1/stats");
                assertFalse(stats.path("partial").asBoolean(), stats.toString());
                assertEquals(2, stats.path("nodes").size(), stats.toString());
                JsonNode two = node(stats, "2");
                assertEquals(2, two.path("connections").asLong(), two.toString());
                assertTrue(two.path("healthy").asBoolean() && two.path("mesh_healthy").asBoolean(), two.toString());
                assertEquals(5, two.path("messages_in").asLong(), "two probes, three raises: " + two);
                assertTrue(two.path("scripts").get(0).path("script").asText().endsWith("probe.lua"), two.toString());
                assertEquals(1, two.path("scripts").get(0).path("version").asLong());
                assertEquals(0, node(stats, "1").path("connections").asLong());

                // a publish through node 1 shows in node 2's deliveries
                ApiClient.post(a.api("/v1/mesh/publish"), Probe.publishBody("news", "hi"));
                assertEquals("hi", onB.nextText());
                Eventually.until("node 2 counted the delivery", () -> node(get(a, "/v1/stats"), "2").path("deliveries").asLong() == 1);

                // node 2 keeps its last two errors, newest first, and node 1 shows them
                JsonNode errors = get(a, "/v1/scripts/errors");
                assertFalse(errors.path("partial").asBoolean());
                assertEquals(2, errors.path("errors").size(), errors.toString());
                JsonNode newest = errors.path("errors").get(0);
                assertEquals("failure 3", newest.path("message").asText(), newest.toString());
                assertEquals("failure 2", errors.path("errors").get(1).path("message").asText());
                assertEquals("2", newest.path("node").asText());
                assertEquals("on_message", newest.path("callback").asText());
                assertTrue(newest.path("script").asText().endsWith("probe.lua") && newest.path("line").asInt() > 0,
                        newest.toString());
                assertEquals(Probe.eval(onB, "return mix.websocket():client_id()").asText(), newest.path("client").asText());
            }
        }
    }

    private static JsonNode get(TestNode via, String path) throws Exception {
        ApiClient.Reply reply = ApiClient.get(via.api(path));
        assertEquals(200, reply.status(), reply.body());
        return Probe.JSON.readTree(reply.body());
    }

    private static JsonNode node(JsonNode stats, String id) {
        for (JsonNode n : stats.path("nodes")) {
            if (n.path("node").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no node " + id + " in " + stats);
    }
}
