package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away while clients are subscribed: the node says so (503s, red {@code /health/mesh})
 * and keeps its connections, and stays in rotation ({@code /health} 200: it still serves, and a
 * balancer checking it must not turn every client away); Redis comes back on the same port: the node resubscribes by itself and
 * delivery resumes to the same connections.
 */
class RedisOutageTest {
    /** The promise: mesh health turns red within 5 s of the link going down or stalling. */
    private static final Duration RED_WITHIN = Duration.ofSeconds(5);
    private static final Duration RECOVERY = Duration.ofSeconds(20);

    private RedisServer redis;
    private TestNode node;
    private TestNode other;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.launch();
        node = Probe.meshNode(redis, 1);
        other = Probe.meshNode(redis, 2);
    }

    @AfterEach
    void stop() throws Exception {
        other.close();
        node.close();
        redis.close();
    }

    private int health(TestNode n) throws Exception {
        return ApiClient.get(n.api("/health/mesh")).status();
    }

    private int readiness(TestNode n) throws Exception {
        return ApiClient.get(n.api("/health")).status();
    }

    private void awaitSubscribed(String channel, int nodes) throws Exception {
        Await.until(nodes + " node(s) subscribed to " + channel, RECOVERY,
                () -> redis.subscribers("mixgate:c:" + channel, false), n -> n == nodes);
    }

    @Test
    void redisRestartIsVisibleAndRecoveredWithoutClientsReconnecting() throws Exception {
        try (WsClient here = WsClient.connect(node.wsUri()); WsClient there = WsClient.connect(other.wsUri())) {
            Probe.eval(here, "return mix.websocket():subscribe('prices')");
            Probe.eval(there, "return mix.websocket():subscribe('prices')");
            awaitSubscribed("prices", 2);
            assertEquals(200, health(node));

            redis.stop();

            Await.until("mesh health red", RED_WITHIN, () -> health(node), status -> status == 503);
            JsonNode healthBody = Probe.JSON.readTree(ApiClient.get(node.api("/health/mesh")).body());
            assertEquals("unhealthy", healthBody.get("status").asText());
            assertEquals(1, healthBody.get("connections").asInt(), "the node keeps its connections");
            ApiClient.Reply ready = ApiClient.get(node.api("/health"));
            assertEquals(200, ready.status(), "still takes new clients: " + ready.body());
            JsonNode readyBody = Probe.JSON.readTree(ready.body());
            assertEquals("ok", readyBody.get("status").asText());
            assertEquals(healthBody.get("mesh").asText(), readyBody.get("mesh").asText(), "says why the mesh is down");
            assertFalse(readyBody.get("mesh").asText().equals("ok"), ready.body());
            try (WsClient newcomer = WsClient.connect(node.wsUri())) {
                assertEquals(2, Probe.eval(newcomer, "return 1 + 1").asInt(), "a new client is served during the outage");
            }
            ApiClient.Reply publish = ApiClient.post(node.api("/v1/mesh/publish"), Probe.publishBody("prices", "lost?"));
            assertEquals(503, publish.status(), publish.body());
            assertEquals(503, Probe.JSON.readTree(publish.body()).get("E").get("c").asInt());
            String there2 = Probe.eval(there, "return mix.websocket():client_id()").asText();
            ApiClient.Reply send = ApiClient.post(node.api("/v1/mesh/send"), Probe.sendBody(there2, "lost?"));
            assertEquals(503, send.status(), send.body());
            JsonNode luaPublish = Probe.eval(here, "local ok, fail, err = mix.mesh.publish('prices', 'x') return {ok, fail, err}");
            assertEquals(0, luaPublish.get(0).asInt());
            assertTrue(luaPublish.get(2).asText().contains("redis unavailable"), luaPublish.toString());

            redis.start();

            Await.until("mesh health green", RECOVERY, () -> health(node), status -> status == 200);
            assertEquals(200, readiness(node));
            awaitSubscribed("prices", 2);
            ApiClient.Reply again = ApiClient.post(node.api("/v1/mesh/publish"), Probe.publishBody("prices", "back"));
            assertEquals("{\"E\":null,\"r\":{\"s\":2,\"f\":0}}", again.body());
            assertEquals("back", here.nextText());
            assertEquals("back", there.nextText());
            assertFalse(here.closed.isDone(), "the client connection survived");
        }
    }

    /**
     * A publish written to a frozen Redis times out, but Redis delivers it when it thaws: the
     * answer must be "outcome unknown" (504), not "not carried out" (503), over HTTP and in Lua.
     */
    @Test
    void aPublishRedisDidNotAnswerIsUnknownAndStillArrives() throws Exception {
        try (WsClient here = WsClient.connect(node.wsUri()); WsClient there = WsClient.connect(other.wsUri())) {
            Probe.eval(there, "return mix.websocket():subscribe('frozen')");
            awaitSubscribed("frozen", 1);

            ApiClient.Reply publish;
            JsonNode luaPublish;
            redis.pause();
            try {
                publish = ApiClient.post(node.api("/v1/mesh/publish"), Probe.publishBody("frozen", "maybe"));
                luaPublish = Probe.eval(here, "local ok, fail, err = mix.mesh.publish('frozen', 'maybe from lua') "
                        + "return {ok, fail, err}");
            } finally {
                redis.resume();
            }

            assertEquals(504, publish.status(), publish.body());
            JsonNode error = Probe.JSON.readTree(publish.body()).get("E");
            assertEquals(504, error.get("c").asInt(), publish.body());
            assertTrue(error.get("m").asText().contains("outcome unknown"), publish.body());
            assertEquals(0, luaPublish.get(0).asInt());
            assertTrue(luaPublish.get(2).asText().startsWith("outcome unknown"), luaPublish.toString());
            assertEquals("maybe", there.nextText(), "delivered once Redis resumed: it was not a failure");
            assertEquals("maybe from lua", there.nextText());
        }
    }

    @Test
    void aStalledRedisTurnsHealthRedAndBackGreen() throws Exception {
        assertEquals(200, health(node));

        redis.pause();
        try {
            Await.until("mesh health red while Redis is frozen", RED_WITHIN, () -> health(node), status -> status == 503);
            assertEquals(200, readiness(node), "a frozen Redis does not take the node out of rotation");
        } finally {
            redis.resume();
        }

        Await.until("health green after Redis thaws", RECOVERY, () -> health(node), status -> status == 200);
    }
}
