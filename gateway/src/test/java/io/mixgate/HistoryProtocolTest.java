package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Channel history through the shipped exchange script: bounds, epochs, current value, untouched plain channels. */
class HistoryProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private void publish(String channel, String data) throws Exception {
        ApiClient.Reply reply = ApiClient.post(node.api("/v1/mesh/publish"),
                "{\"c\":\"" + channel + "\",\"d\":" + TextNode.valueOf(data) + "}");
        assertEquals(200, reply.status(), reply.body());
    }

    private static JsonNode ask(WsClient client, String request) throws Exception {
        return JSON.readTree(client.ask(request));
    }

    private static String since(String channel, long offset, String epoch) {
        return "{\"op\":\"subscribe\",\"channel\":\"" + channel + "\",\"since\":{\"offset\":" + offset
                + ",\"epoch\":\"" + epoch + "\"}}";
    }

    /** The exchange script's example rules (config/gateway.yaml ships them commented out), then {@code more}. */
    static String[] withRules(String... more) {
        List<String> all = new ArrayList<>(List.of("history.rules[0].match=ex:*@depth", "history.rules[0].size=100",
                "history.rules[0].ttl=60s", "history.rules[1].match=ex:*@ticker", "history.rules[1].size=1",
                "history.rules[1].ttl=1h"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private String epochOf(String channel) throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            return ask(c, "{\"op\":\"current\",\"channel\":\"" + channel + "\"}").get("epoch").asText();
        }
    }

    @Test
    void historyKeepsOnlyTheLastSizePublications() throws Exception {
        node = TestNode.start(withRules("history.rules[0].size=3"));
        for (int i = 1; i <= 5; i++) {
            publish("ex:ETHUSDT@depth", "{\"i\":" + i + "}");
        }
        String epoch = epochOf("ETHUSDT@depth");
        try (WsClient tooOld = WsClient.connect(node.wsUri())) {
            JsonNode reply = ask(tooOld, since("ETHUSDT@depth", 1, epoch)); // offset 2 is gone: 3, 4, 5 remain
            assertFalse(reply.get("recovered").asBoolean(), reply.toString());
            assertEquals(0, reply.get("missed").asInt());
            assertEquals(5, reply.get("offset").asLong());
            assertEquals("{\"op\":\"pong\"}", tooOld.ask("{\"op\":\"ping\"}"), "nothing replayed when not recovered");
        }
        try (WsClient justInTime = WsClient.connect(node.wsUri())) {
            justInTime.send(since("ETHUSDT@depth", 2, epoch));
            for (int i = 3; i <= 5; i++) {
                JsonNode m = JSON.readTree(justInTime.nextText());
                assertEquals(i, m.get("offset").asLong());
                assertEquals(i, m.get("data").get("i").asInt());
                assertEquals("ETHUSDT@depth", m.get("channel").asText());
                assertEquals(epoch, m.get("epoch").asText());
            }
            JsonNode reply = JSON.readTree(justInTime.nextText());
            assertTrue(reply.get("recovered").asBoolean(), reply.toString());
            assertEquals(3, reply.get("missed").asInt());
        }
    }

    @Test
    void publicationsExpireAfterTheirTtl() throws Exception {
        node = TestNode.start(withRules("history.rules[0].ttl=300ms"));
        publish("ex:ETHUSDT@depth", "{\"i\":1}");
        String epoch = epochOf("ETHUSDT@depth");
        try (WsClient c = WsClient.connect(node.wsUri())) {
            Eventually.until("the publication expires", () ->
                    ask(c, "{\"op\":\"current\",\"channel\":\"ETHUSDT@depth\"}").get("data").isNull());
            JsonNode reply = ask(c, since("ETHUSDT@depth", 0, epoch));
            assertFalse(reply.get("recovered").asBoolean(), "offset 1 expired: " + reply);
            assertEquals(1, reply.get("offset").asLong(), "the offset count survives expiry");
        }
        try (WsClient upToDate = WsClient.connect(node.wsUri())) {
            JsonNode reply = ask(upToDate, since("ETHUSDT@depth", 1, epoch));
            assertTrue(reply.get("recovered").asBoolean(), "nothing missed since offset 1: " + reply);
            assertEquals(0, reply.get("missed").asInt());
        }
    }

    @Test
    void aRestartedNodeHasANewEpochAndSaysItCannotRecover() throws Exception {
        node = TestNode.start(withRules());
        publish("ex:ETHUSDT@depth", "{\"i\":1}");
        String before = epochOf("ETHUSDT@depth");
        node.close();
        node = TestNode.start(withRules());
        publish("ex:ETHUSDT@depth", "{\"i\":2}");
        try (WsClient c = WsClient.connect(node.wsUri())) {
            JsonNode reply = ask(c, since("ETHUSDT@depth", 0, before));
            assertFalse(reply.get("recovered").asBoolean(), reply.toString());
            assertEquals(0, reply.get("missed").asInt());
            assertNotEquals(before, reply.get("epoch").asText());
            publish("ex:ETHUSDT@depth", "{\"i\":3}");
            JsonNode live = JSON.readTree(c.nextText());
            assertEquals(2, live.get("offset").asLong(), "offsets restart at 1 in the new epoch");
        }
    }

    @Test
    void currentAnswersTheLatestPublication() throws Exception {
        node = TestNode.start(withRules());
        try (WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("{\"channel\":\"BTCUSDT@ticker\",\"data\":null}",
                    c.ask("{\"op\":\"current\",\"channel\":\"BTCUSDT@ticker\"}"));
            publish("ex:BTCUSDT@ticker", "{\"p\":\"100.5\"}");
            publish("ex:BTCUSDT@ticker", "{\"p\":\"101.0\"}");
            JsonNode current = ask(c, "{\"op\":\"current\",\"channel\":\"BTCUSDT@ticker\"}");
            assertEquals(2, current.get("offset").asLong());
            assertEquals("101.0", current.get("data").get("p").asText());
            JsonNode noHistory = ask(c, "{\"op\":\"current\",\"channel\":\"BTCUSDT@trade\"}");
            assertEquals(11, noHistory.get("code").asInt(), noHistory.toString());
            JsonNode refused = ask(c, "{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@trade\",\"offsets\":true}");
            assertEquals(11, refused.get("code").asInt(), refused.toString());
        }
    }

    @Test
    void clientsThatDoNotAskSeeThePublishedBytesOnHistoryAndPlainChannels() throws Exception {
        node = TestNode.start(withRules());
        String data = "{\"bids\":[[\"1.0\",\"2\"]],\"asks\":[]}";
        try (WsClient plain = WsClient.connect(node.wsUri()); WsClient wrapped = WsClient.connect(node.wsUri())) {
            assertEquals("{\"result\":true}", plain.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\"}"));
            assertEquals("{\"result\":true}", plain.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@trade\"}"));
            assertTrue(ask(wrapped, "{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"offsets\":true}").has("epoch"));
            publish("ex:BTCUSDT@depth", data);
            publish("ex:BTCUSDT@trade", data);
            assertEquals(data, plain.nextText(), "history channel, plain subscriber: the same bytes as before");
            assertEquals(data, plain.nextText(), "channel without history: the same bytes as before");
            JsonNode m = JSON.readTree(wrapped.nextText());
            assertEquals(1, m.get("offset").asLong());
            assertEquals(JSON.readTree(data), m.get("data"));
        }
    }

    @Test
    void badSinceIsRefusedAndSubscribesNothing() throws Exception {
        node = TestNode.start(withRules());
        try (WsClient c = WsClient.connect(node.wsUri())) {
            JsonNode reply = ask(c, "{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"since\":{\"offset\":-1,\"epoch\":\"x\"}}");
            assertEquals(2, reply.get("code").asInt(), reply.toString());
            publish("ex:BTCUSDT@depth", "{}"); // delivered before the publish answers
            assertEquals("{\"op\":\"pong\"}", c.ask("{\"op\":\"ping\"}"), "not subscribed: no publication before the pong");
        }
    }
}
