package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Channel history in a mesh of three nodes on one real Redis, through the shipped exchange
 * script: the same offsets on every node, recovery on another node, the current value from any
 * node, bounds kept in Redis, and a new epoch after FLUSHALL.
 */
class HistoryMeshTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static RedisServer redis;
    private static final List<TestNode> nodes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.launch();
        for (int id = 1; id <= 3; id++) {
            nodes.add(meshNode(redis.uri(), id));
        }
    }

    static TestNode meshNode(String redisUri, int id) throws Exception {
        return TestNode.start(HistoryProtocolTest.withRules("redis.uri=" + redisUri, "node.id=" + id,
                "history.rules[0].size=5"));
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.forEach(TestNode::close);
        redis.close();
    }

    private static void publish(TestNode via, String channel, String data) throws Exception {
        ApiClient.Reply reply = ApiClient.post(via.api("/v1/mesh/publish"),
                "{\"c\":\"" + channel + "\",\"d\":" + TextNode.valueOf(data) + "}");
        assertEquals(200, reply.status(), reply.body());
    }

    private static JsonNode ask(WsClient client, String request) throws Exception {
        return JSON.readTree(client.ask(request));
    }

    private static void awaitNodesSubscribed(String channel, int count) throws Exception {
        Await.until(count + " nodes subscribed to " + channel, WAIT,
                () -> redis.subscribers("mixgate:c:" + channel, false), n -> n == count);
    }

    @Test
    void everyNodeDeliversTheSameOffsetsAndAClientRecoversOnAnotherNode() throws Exception {
        String channel = "ex:SOLUSDT@depth";
        String epoch;
        try (WsClient onA = WsClient.connect(nodes.get(0).wsUri()); WsClient onB = WsClient.connect(nodes.get(1).wsUri())) {
            JsonNode first = ask(onA, "{\"op\":\"subscribe\",\"channel\":\"SOLUSDT@depth\",\"offsets\":true}");
            JsonNode second = ask(onB, "{\"op\":\"subscribe\",\"channel\":\"SOLUSDT@depth\",\"offsets\":true}");
            epoch = first.get("epoch").asText();
            assertEquals(epoch, second.get("epoch").asText(), "one epoch for the channel in the whole mesh");
            awaitNodesSubscribed(channel, 2);
            for (int i = 1; i <= 3; i++) {
                publish(nodes.get(i % 3), channel, "{\"i\":" + i + "}"); // through every node in turn
            }
            for (WsClient c : List.of(onA, onB)) {
                for (int i = 1; i <= 3; i++) {
                    JsonNode m = JSON.readTree(c.nextText());
                    assertEquals(first.get("offset").asLong() + i, m.get("offset").asLong(), m.toString());
                    assertEquals(i, m.get("data").get("i").asInt());
                    assertEquals(epoch, m.get("epoch").asText());
                }
            }
        }
        long seen = 3;
        publish(nodes.get(0), channel, "{\"i\":4}");
        publish(nodes.get(1), channel, "{\"i\":5}");
        try (WsClient onC = WsClient.connect(nodes.get(2).wsUri())) {
            onC.send("{\"op\":\"subscribe\",\"channel\":\"SOLUSDT@depth\",\"since\":{\"offset\":" + seen
                    + ",\"epoch\":\"" + epoch + "\"}}");
            for (int i = 4; i <= 5; i++) {
                JsonNode m = JSON.readTree(onC.nextText());
                assertEquals(i, m.get("offset").asLong(), m.toString());
                assertEquals(i, m.get("data").get("i").asInt());
            }
            JsonNode reply = JSON.readTree(onC.nextText());
            assertTrue(reply.get("recovered").asBoolean(), reply.toString());
            assertEquals(2, reply.get("missed").asInt());
            awaitNodesSubscribed(channel, 1);
            publish(nodes.get(0), channel, "{\"i\":6}");
            JsonNode live = JSON.readTree(onC.nextText());
            assertEquals(6, live.get("offset").asLong(), "live after the missed ones, no gap, no duplicate: " + live);
        }
    }

    @Test
    void currentIsTheSameOnEveryNodeAndNeedsNoSubscriber() throws Exception {
        publish(nodes.get(0), "ex:ADAUSDT@ticker", "{\"p\":\"1.0\"}");
        publish(nodes.get(1), "ex:ADAUSDT@ticker", "{\"p\":\"1.5\"}");
        for (TestNode node : nodes) {
            try (WsClient c = WsClient.connect(node.wsUri())) {
                JsonNode current = ask(c, "{\"op\":\"current\",\"channel\":\"ADAUSDT@ticker\"}");
                assertEquals(2, current.get("offset").asLong(), current.toString());
                assertEquals("1.5", current.get("data").get("p").asText());
            }
        }
    }

    @Test
    void historyInRedisIsBoundedBySizeAndTtlInOneHashSlot() throws Exception {
        for (int i = 1; i <= 8; i++) {
            publish(nodes.get(0), "ex:DOTUSDT@depth", "{\"i\":" + i + "}");
        }
        String base = "{mixgate:c:ex:DOTUSDT@depth}";
        assertEquals(":5", redis.command("XLEN " + base + ":h"), "size 5 kept");
        assertEquals("8", redis.bulk("GET " + base + ":o"), "the offset counts every publication");
        long ttl = Long.parseLong(redis.command("PTTL " + base + ":h").substring(1));
        assertTrue(ttl > 0 && ttl <= 60_000, "the stream lives the rule's ttl: " + ttl);
        long metaTtl = Long.parseLong(redis.command("PTTL " + base + ":e").substring(1));
        assertTrue(metaTtl > 60_000 && metaTtl <= 24 * 3_600_000L, "offset and epoch outlive it (metaTtl): " + metaTtl);
        try (WsClient c = WsClient.connect(nodes.get(1).wsUri())) {
            String epoch = ask(c, "{\"op\":\"current\",\"channel\":\"DOTUSDT@depth\"}").get("epoch").asText();
            JsonNode gone = ask(c, "{\"op\":\"subscribe\",\"channel\":\"DOTUSDT@depth\",\"since\":{\"offset\":2,\"epoch\":\""
                    + epoch + "\"}}");
            assertFalse(gone.get("recovered").asBoolean(), "offset 3 was trimmed: " + gone);
            assertEquals(8, gone.get("offset").asLong());
        }
    }

    @Test
    void flushallGivesTheChannelANewEpochAndRecoveryIsRefused() throws Exception {
        publish(nodes.get(0), "ex:XRPUSDT@depth", "{\"i\":1}");
        String before;
        try (WsClient c = WsClient.connect(nodes.get(1).wsUri())) {
            before = ask(c, "{\"op\":\"current\",\"channel\":\"XRPUSDT@depth\"}").get("epoch").asText();
        }
        assertEquals("+OK", redis.command("FLUSHALL"));
        publish(nodes.get(2), "ex:XRPUSDT@depth", "{\"i\":2}");
        try (WsClient c = WsClient.connect(nodes.get(0).wsUri())) {
            JsonNode reply = ask(c, "{\"op\":\"subscribe\",\"channel\":\"XRPUSDT@depth\",\"since\":{\"offset\":1,\"epoch\":\""
                    + before + "\"}}");
            assertFalse(reply.get("recovered").asBoolean(), reply.toString());
            assertNotEquals(before, reply.get("epoch").asText());
            assertEquals(1, reply.get("offset").asLong(), "the new epoch starts again at 1");
        }
    }
}
