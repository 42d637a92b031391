package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on one real Redis: {@code /v1/connections} and {@code /v1/channels} through any node
 * see every node's connections; closes reach the node that holds the client; a live node that
 * does not answer makes the result partial (naming it) instead of hanging the request.
 */
class ConnectionsMeshTest {
    private static RedisServer redis;
    private static TestNode a;
    private static TestNode b;
    private static TestNode c;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.launch();
        a = Probe.meshNode(redis, 1, "redis.sendTimeout=700ms");
        b = Probe.meshNode(redis, 2);
        c = Probe.meshNode(redis, 3);
        Await.until("three nodes registered", WsClient.WAIT, () -> ApiClient.get(a.api("/v1/nodes")).body(),
                body -> body.contains("\"3\"") && body.contains("\"2\"") && body.contains("\"1\""));
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

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
    }

    private WsClient client(TestNode node, int uid, String... channels) throws Exception {
        WsClient client = WsClient.connect(node.wsUri());
        clients.add(client);
        Probe.eval(client, "mix.websocket():set_context_value('uid', " + uid + ") return 1");
        for (String channel : channels) {
            Probe.eval(client, "return mix.websocket():subscribe('" + channel + "')");
        }
        return client;
    }

    private static String id(WsClient client) throws Exception {
        return Probe.eval(client, "return mix.websocket():client_id()").asText();
    }

    private static JsonNode get(TestNode via, String path) throws Exception {
        ApiClient.Reply reply = ApiClient.get(via.api(path));
        assertEquals(200, reply.status(), reply.body());
        return Probe.JSON.readTree(reply.body());
    }

    private static JsonNode post(TestNode via, String path, String body) throws Exception {
        ApiClient.Reply reply = ApiClient.post(via.api(path), body);
        assertEquals(200, reply.status(), reply.body());
        return Probe.JSON.readTree(reply.body());
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("connections").forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    @Test
    void listsPagesAndCountsAcrossNodes() throws Exception {
        WsClient a1 = client(a, 7, "lobby");
        WsClient a2 = client(a, 8);
        WsClient b1 = client(b, 7, "lobby");
        WsClient c1 = client(c, 9, "lobby", "solo");
        List<String> all = new ArrayList<>(List.of(id(a1), id(a2), id(b1), id(c1)));
        all.sort((x, y) -> Long.compare(Long.parseLong(x), Long.parseLong(y)));

        for (TestNode via : List.of(a, b, c)) {
            JsonNode list = get(via, "/v1/connections");
            assertEquals(all, ids(list), list.toString());
            assertFalse(list.path("partial").asBoolean());
        }
        assertEquals(Set.of(id(a1), id(b1)), new HashSet<>(ids(get(c, "/v1/connections?key=uid&value=7"))));
        assertEquals(Set.of(id(a1), id(b1), id(c1)), new HashSet<>(ids(get(b, "/v1/connections?channel=lobby"))));
        Set<String> nodes = new HashSet<>();
        get(c, "/v1/connections?key=uid&value=7").path("connections").forEach(n -> nodes.add(n.path("node").asText()));
        assertEquals(Set.of("1", "2"), nodes);

        List<String> paged = new ArrayList<>(); // one at a time, through the node holding none of them
        String cursor = null;
        for (int page = 0; page < 10; page++) {
            JsonNode list = get(c, "/v1/connections?limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            paged.addAll(ids(list));
            if (list.path("next_cursor").isNull()) {
                break;
            }
            cursor = list.path("next_cursor").asText();
        }
        assertEquals(all, paged);

        JsonNode info = get(a, "/v1/connections/" + id(b1));
        assertEquals("2", info.path("node").asText());
        assertEquals("[\"lobby\"]", info.path("channels").toString());
        assertEquals(404, ApiClient.get(a.api("/v1/connections/" + (Long.parseLong(id(b1)) + 1000))).status());

        assertEquals(3, get(a, "/v1/channels/lobby").path("subscribers").asInt());
        assertEquals("[{\"name\":\"lobby\",\"subscribers\":3}]", get(b, "/v1/channels?prefix=lob").path("channels").toString());
        assertEquals("[{\"name\":\"lobby\",\"subscribers\":3},{\"name\":\"solo\",\"subscribers\":1}]",
                get(a, "/v1/channels").path("channels").toString());
    }

    @Test
    void closesOnTheNodeThatHoldsTheClient() throws Exception {
        WsClient b1 = client(b, 5);
        assertEquals(1, post(a, "/v1/connections/" + id(b1) + "/close", "{\"code\":4002,\"reason\":\"moved\"}")
                .path("closed").asInt());
        assertEquals(new WsClient.Closed(4002, "moved"), b1.awaitClose());

        WsClient[] user = {client(a, 42), client(a, 42), client(b, 42), client(c, 42)};
        WsClient bystander = client(b, 43);
        JsonNode closed = post(c, "/v1/connections/close", "{\"key\":\"uid\",\"value\":42,\"code\":4003,\"reason\":\"banned\"}");
        assertEquals(4, closed.path("closed").asInt(), closed.toString());
        assertFalse(closed.path("partial").asBoolean());
        for (WsClient client : user) {
            assertEquals(new WsClient.Closed(4003, "banned"), client.awaitClose());
        }
        assertEquals("1", Probe.eval(bystander, "return 1").asText());
    }

    @Test
    void aNodeThatDoesNotAnswerMakesThePartialResult() throws Exception {
        WsClient a1 = client(a, 1, "lobby");
        WsClient b1 = client(b, 1, "lobby");
        RedisClient lettuce = RedisClient.create(redis.uri());
        try (StatefulRedisPubSubConnection<String, String> silent = lettuce.connectPubSub();
             StatefulRedisConnection<String, String> commands = lettuce.connect()) {
            silent.sync().subscribe("mixgate:n:9"); // hears requests to node 9, never answers
            long now = System.currentTimeMillis();
            commands.sync().hset("mixgate:nodes", "9", "{\"id\":\"9\",\"api_server\":\"silent:1\",\"started_at\":" + now
                    + ",\"connections\":0,\"heartbeat_at\":" + now + ",\"expires_at\":" + (now + 600_000) + "}");
            try {
                long start = System.nanoTime();
                JsonNode list = get(a, "/v1/connections");
                assertTrue(System.nanoTime() - start < 5_000_000_000L, "bounded by redis.sendTimeout, not a hang");
                assertTrue(list.path("partial").asBoolean(), list.toString());
                assertEquals("[\"9\"]", list.path("missing").toString());
                assertEquals(Set.of(id(a1), id(b1)), new HashSet<>(ids(list)), "the nodes that answered are listed");

                JsonNode count = get(a, "/v1/channels/lobby");
                assertEquals(2, count.path("subscribers").asInt());
                assertEquals("[\"9\"]", count.path("missing").toString());
                JsonNode closed = post(a, "/v1/connections/close", "{\"key\":\"uid\",\"value\":1}");
                assertEquals(2, closed.path("closed").asInt());
                assertTrue(closed.path("partial").asBoolean(), "node 9 may or may not have closed some");
            } finally {
                commands.sync().hdel("mixgate:nodes", "9");
            }
        } finally {
            lettuce.shutdown();
        }
    }
}
