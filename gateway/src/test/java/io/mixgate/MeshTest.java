package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Three nodes on one real Redis: publish and send through any node reach clients on every node. */
class MeshTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static RedisServer redis;
    private static TestNode a;
    private static TestNode b;
    private static TestNode c;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.launch();
        a = Probe.meshNode(redis, 1);
        b = Probe.meshNode(redis, 2);
        c = Probe.meshNode(redis, 3);
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestNode node : new TestNode[] {a, b, c}) {
            if (node != null) {
                node.close();
            }
        }
        redis.close();
    }

    private static void awaitNodesSubscribed(String channel, int nodes) throws Exception {
        Await.until(nodes + " nodes subscribed to " + channel, WAIT,
                () -> redis.subscribers("mixgate:c:" + channel, false), n -> n == nodes);
    }

    @Test
    void publishThroughOneNodeReachesSubscribersOnEveryNode() throws Exception {
        try (WsClient onA = WsClient.connect(a.wsUri()); WsClient onB = WsClient.connect(b.wsUri());
             WsClient onC = WsClient.connect(c.wsUri()); WsClient alsoOnC = WsClient.connect(c.wsUri())) {
            for (WsClient client : List.of(onA, onB, onC, alsoOnC)) {
                Probe.eval(client, "return mix.websocket():subscribe('ticker')");
            }
            awaitNodesSubscribed("ticker", 3);

            ApiClient.Reply reply = ApiClient.post(a.api("/v1/mesh/publish"), Probe.publishBody("ticker", "tick 1"));

            assertEquals(200, reply.status(), reply.body());
            assertEquals("{\"E\":null,\"r\":{\"s\":4,\"f\":0}}", reply.body(), "s counts the connections reached on every node");
            for (WsClient client : List.of(onA, onB, onC, alsoOnC)) {
                assertEquals("tick 1", client.nextText());
            }
        }
    }

    @Test
    void publishFromLuaOnOneNodeReachesAnotherNode() throws Exception {
        try (WsClient onA = WsClient.connect(a.wsUri()); WsClient onB = WsClient.connect(b.wsUri())) {
            Probe.eval(onB, "return mix.websocket():subscribe('lua-news')");
            awaitNodesSubscribed("lua-news", 1);

            JsonNode counts = Probe.eval(onA, "local ok, fail = mix.mesh.publish('lua-news', 'from a') return {ok, fail}");

            assertEquals("[1,0]", counts.toString());
            assertEquals("from a", onB.nextText());
        }
    }

    @Test
    void sendThroughNodeAReachesAClientOnNodeC() throws Exception {
        try (WsClient onC = WsClient.connect(c.wsUri())) {
            String id = Probe.eval(onC, "return mix.websocket():client_id()").asText();

            ApiClient.Reply reply = ApiClient.post(a.api("/v1/mesh/send"), Probe.sendBody(id, "direct to c"));

            assertEquals(200, reply.status(), reply.body());
            assertEquals("{\"E\":null,\"r\":{\"s\":true}}", reply.body());
            assertEquals("direct to c", onC.nextText());
        }
    }

    @Test
    void sendFromLuaOnNodeBReachesAClientOnNodeC() throws Exception {
        try (WsClient onB = WsClient.connect(b.wsUri()); WsClient onC = WsClient.connect(c.wsUri())) {
            String id = Probe.eval(onC, "return mix.websocket():client_id()").asText();

            JsonNode err = Probe.eval(onB, "return mix.mesh.send('" + id + "', 'lua to c')");

            assertEquals("nil", err.asText());
            assertEquals("lua to c", onC.nextText());
        }
    }

    @Test
    void sendToAClientThatLeftIsAClearError() throws Exception {
        String id;
        try (WsClient onC = WsClient.connect(c.wsUri())) {
            id = Probe.eval(onC, "return mix.websocket():client_id()").asText();
        }
        Await.until("client gone from node c", WAIT, () -> c.gateway.connectionCount(), n -> n == 0);

        ApiClient.Reply reply = ApiClient.post(a.api("/v1/mesh/send"), Probe.sendBody(id, "too late"));

        assertEquals(404, reply.status(), reply.body());
        JsonNode error = Probe.JSON.readTree(reply.body()).get("E");
        assertEquals(401, error.get("c").asInt());
        assertTrue(error.get("m").asText().contains("not connected"), reply.body());
    }

    @Test
    void sendToANodeThatDoesNotExistIsAClearError() throws Exception {
        long onMissingNode = (999L << 48) | 5;

        ApiClient.Reply reply = ApiClient.post(a.api("/v1/mesh/send"), Probe.sendBody(Long.toString(onMissingNode), "x"));

        assertEquals(404, reply.status(), reply.body());
        assertEquals(401, Probe.JSON.readTree(reply.body()).get("E").get("c").asInt());
    }

    @Test
    void everyNodeListsTheWholeMesh() throws Exception {
        JsonNode nodes = Await.until("three nodes listed", WAIT,
                () -> Probe.JSON.readTree(ApiClient.get(b.api("/v1/nodes")).body()).get("nodes"), n -> n.size() == 3);
        assertEquals("1", nodes.get(0).get("id").asText());
        assertEquals("3", nodes.get(2).get("id").asText());
        assertTrue(nodes.get(0).get("api_server").asText().endsWith(":" + a.gateway.apiPort()), nodes.toString());
        assertEquals("{\"apis\":[\"v1\"]}", ApiClient.get(c.api("/version")).body());
    }

    @Test
    void aStoppedNodeLeavesTheList() throws Exception {
        TestNode d = Probe.meshNode(redis, 4);
        try {
            Await.until("node 4 listed", WAIT, () -> ApiClient.get(a.api("/v1/nodes")).body(), body -> body.contains("\"id\":\"4\""));
        } finally {
            d.close();
        }
        Await.until("node 4 gone within its expiry", Duration.ofSeconds(6),
                () -> ApiClient.get(a.api("/v1/nodes")).body(), body -> !body.contains("\"id\":\"4\""));
    }

    @Test
    void aNodeThatDiedSilentlyExpires() throws Exception {
        String stale = "'{\"id\":\"77\",\"api_server\":\"gone:1\",\"started_at\":1,\"connections\":0,"
                + "\"heartbeat_at\":1,\"expires_at\":2}'";
        assertEquals(":1", redis.command("HSET mixgate:nodes 77 " + stale));

        String body = ApiClient.get(a.api("/v1/nodes")).body();

        assertTrue(!body.contains("\"id\":\"77\""), body);
        Await.until("the expired entry is deleted", WAIT, () -> redis.command("HEXISTS mixgate:nodes 77"), ":0"::equals);
    }
}
