package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mesh history when something goes wrong, on a real node and a real Redis through the shipped
 * exchange script: Redis frozen during a recovering subscribe (the client gets code 8 and is not
 * half-subscribed), and a publication the node never received on the wire (it reads it from Redis
 * before delivering the next one).
 */
class HistoryMeshFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CHANNEL = "ex:ADAUSDT@depth";
    private static final String SUBSCRIBE = "{\"op\":\"subscribe\",\"channel\":\"ADAUSDT@depth\",\"offsets\":true}";

    private RedisServer redis;
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.launch();
        node = TestNode.start(HistoryProtocolTest.withRules("redis.uri=" + redis.uri(), "node.id=1",
                "redis.commandTimeout=500ms"));
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        redis.resume(); // in case a test failed while it was frozen
        redis.close();
    }

    private void publish(String data) throws Exception {
        ApiClient.Reply reply = ApiClient.post(node.api("/v1/mesh/publish"),
                "{\"c\":\"" + CHANNEL + "\",\"d\":" + TextNode.valueOf(data) + "}");
        assertEquals(200, reply.status(), reply.body());
    }

    private static JsonNode next(WsClient c) throws Exception {
        return JSON.readTree(c.nextText());
    }

    private WsClient watcher() throws Exception {
        WsClient w = WsClient.connect(node.wsUri());
        JsonNode reply = JSON.readTree(w.ask(SUBSCRIBE));
        assertTrue(reply.get("result").asBoolean(), reply.toString());
        Await.until("the node subscribed", WAIT, () -> redis.subscribers("mixgate:c:" + CHANNEL, false), n -> n == 1);
        return w;
    }

    @Test
    void redisFrozenDuringARecoveringSubscribeAnswersCode8AndLeavesTheClientUnsubscribed() throws Exception {
        try (WsClient watcher = watcher(); WsClient late = WsClient.connect(node.wsUri())) {
            publish("{\"i\":1}");
            JsonNode first = next(watcher);
            String epoch = first.get("epoch").asText();

            redis.pause();
            JsonNode refused;
            try {
                refused = JSON.readTree(late.ask("{\"op\":\"subscribe\",\"channel\":\"ADAUSDT@depth\",\"since\":{\"offset\":0,\"epoch\":\""
                        + epoch + "\"}}"));
            } finally {
                redis.resume();
            }
            assertEquals(8, refused.get("code").asInt(), refused.toString());
            assertTrue(refused.get("msg").asText().contains("history of " + CHANNEL + " unavailable"), refused.toString());

            publish("{\"i\":2}");
            JsonNode second = next(watcher);
            assertEquals(2, second.get("offset").asLong(), "the node delivers after Redis thawed: " + second);
            // the watcher got offset 2, so it was already written to every subscriber of the node;
            // the next thing the refused client sees is its own pong: it was not subscribed
            assertEquals("{\"op\":\"pong\"}", late.ask("{\"op\":\"ping\"}"));

            late.send("{\"op\":\"subscribe\",\"channel\":\"ADAUSDT@depth\",\"since\":{\"offset\":0,\"epoch\":\""
                    + epoch + "\"}}");
            assertEquals(1, next(late).get("offset").asLong(), "the retry writes the missed ones first");
            assertEquals(2, next(late).get("offset").asLong());
            JsonNode retried = next(late);
            assertTrue(retried.path("recovered").asBoolean(), "the retry recovers everything: " + retried);
            assertEquals(2, retried.get("missed").asInt(), retried.toString());
        }
    }

    @Test
    void redisDownDuringARecoveringSubscribeAnswersCode8AndLeavesTheClientUnsubscribed() throws Exception {
        try (WsClient watcher = watcher(); WsClient late = WsClient.connect(node.wsUri())) {
            publish("{\"i\":1}");
            String epoch = next(watcher).get("epoch").asText();

            redis.stop();
            Await.until("the node sees the mesh down", WAIT, () -> ApiClient.get(node.api("/health/mesh")).status(),
                    s -> s == 503);
            JsonNode refused = JSON.readTree(late.ask("{\"op\":\"subscribe\",\"channel\":\"ADAUSDT@depth\",\"since\":{\"offset\":0,\"epoch\":\""
                    + epoch + "\"}}"));
            assertEquals(8, refused.get("code").asInt(), refused.toString());
            assertTrue(refused.get("msg").asText().contains("history of " + CHANNEL + " unavailable"), refused.toString());

            redis.start(); // empty: the channel starts a new epoch
            Await.until("the node resubscribed", WAIT, () -> redis.subscribers("mixgate:c:" + CHANNEL, false), n -> n == 1);
            publish("{\"i\":2}");
            publish("{\"i\":3}");
            // the epoch changed: the watcher is told (a gap notice naming where delivery goes on) and
            // then gets every later offset; a notice may cover offset 1 (i 2) when it came first
            long last = -1;
            String epochNow = null;
            int notices = 0;
            for (JsonNode m = next(watcher); ; m = next(watcher)) {
                if (m.has("gap")) {
                    notices++;
                } else {
                    assertEquals(epochNow, m.get("epoch").asText(), "no silent jump: " + m);
                    assertEquals(last + 1, m.get("offset").asLong(), "no silent jump: " + m);
                }
                last = m.get("offset").asLong();
                epochNow = m.get("epoch").asText();
                if (m.path("data").path("i").asInt() == 3) {
                    break;
                }
            }
            assertTrue(notices >= 1, "the watcher was told the history was lost");
            assertEquals(2, last, "i 3 is offset 2 of the new epoch");
            assertEquals("{\"op\":\"pong\"}", late.ask("{\"op\":\"ping\"}"), "the refused client was not subscribed");
        }
    }

    @Test
    void aPublicationTheNodeNeverReceivedIsReadFromRedisBeforeTheNextOne() throws Exception {
        try (WsClient watcher = watcher()) {
            publish("{\"i\":1}");
            assertEquals(1, next(watcher).get("offset").asLong());
            double filledBefore = gapsFilled();

            // offset 2 as the publish script stores it, but never PUBLISHed: lost on the wire
            String key = "{mixgate:c:" + CHANNEL + "}";
            assertEquals(":2", redis.command("INCR " + key + ":o"));
            assertEquals("$3", redis.command("XADD " + key + ":h 2-0 d \"{\\\"i\\\":2}\" y t m " + System.currentTimeMillis()));
            publish("{\"i\":3}"); // numbered 3 by the script: the node sees 3 after 1

            JsonNode two = next(watcher);
            assertEquals(2, two.get("offset").asLong(), two.toString());
            assertEquals(2, two.get("data").get("i").asInt(), "read from Redis: " + two);
            JsonNode three = next(watcher);
            assertEquals(3, three.get("offset").asLong(), three.toString());
            assertEquals("{\"op\":\"pong\"}", watcher.ask("{\"op\":\"ping\"}"), "each once");
            Await.until("the filled gap is counted", WAIT, this::gapsFilled, n -> n >= filledBefore + 1);
        }
    }

    private double gapsFilled() throws Exception {
        ApiClient.Reply r = ApiClient.get(node.api("/metrics"));
        assertEquals(200, r.status(), r.body());
        return PrometheusText.parse(r.body()).value("mixgate_history_gaps_total", Map.of("outcome", "filled"));
    }
}
