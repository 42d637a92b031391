package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixgate.core.QueueConsumer;
import io.mixgate.core.QueueItem;
import io.mixgate.core.QueueSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code mix.queue.push} from a real script on a real single node, consumed through the node's queues. */
class QueuePushLuaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.withScript("probe.lua", "queue.topicSize=2");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Runs {@code lua} in the probe's on_message; returns {@code {n=..., err=...}} of the push it makes. */
    private static JsonNode push(WsClient client, String args) throws Exception {
        JsonNode reply = JSON.readTree(client.ask("local n, err = mix.queue.push(" + args + ") "
                + "return {n = n or 'nil', err = err or 'nil'}"));
        assertTrue(reply.get("ok").asBoolean(), "lua raised: " + reply.get("r"));
        return reply.get("r");
    }

    @Test
    void pushReturnsTheBacklogAndTheItemCarriesNodeClientAndData() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            String clientId = JSON.readTree(c.ask("return mix.websocket():client_id()")).get("r").asText();
            assertEquals(1, push(c, "'orders', {id = 7, tags = {'a', 'b'}}").get("n").asInt());
            assertEquals(2, push(c, "'orders', 'second'").get("n").asInt());
            JsonNode full = push(c, "'orders', 'third'");
            assertEquals("nil", full.get("n").asText());
            assertEquals("topic orders is full: 2 items (queue.topicSize)", full.get("err").asText());

            List<QueueItem> got = new CopyOnWriteArrayList<>();
            QueueSink sink = item -> {
                got.add(item);
                return CompletableFuture.completedFuture(null);
            };
            try (QueueConsumer consumer = node.gateway.queues().consumer(sink)) {
                consumer.pop(List.of("orders"));
                Eventually.until("both items consumed", () -> got.size() == 2);
            }
            assertEquals(new QueueItem(node.gateway.nodeId(), clientId, "orders", "{\"id\":7,\"tags\":[\"a\",\"b\"]}"),
                    got.get(0));
            assertEquals("\"second\"", got.get(1).dataJson());
            assertEquals(1, push(c, "'orders', 'room again'").get("n").asInt());
        }
    }

    @Test
    void badTopicsAndValuesReturnNilAndAnError() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            assertError(push(c, "'', 1"), "topic must not be empty");
            assertError(push(c, "'two words', 1"), "whitespace");
            assertError(push(c, "string.rep('x', 257), 1"), "longer than 256");
            assertError(push(c, "42, 1"), "topic must be a string");
            assertError(push(c, "'fn', function() end"), "data cannot be queued");
            JsonNode cyclic = JSON.readTree(c.ask("local t = {} t.self = t local n, err = mix.queue.push('cyc', t) "
                    + "return {n = n or 'nil', err = err or 'nil'}")).get("r");
            assertError(cyclic, "data cannot be queued");
            assertEquals(1, push(c, "'nil-data', nil").get("n").asInt(), "nil is queued as JSON null");
        }
    }

    @Test
    void maxTopicsRefusesANewTopic() throws Exception {
        try (TestNode small = TestNode.withScript("probe.lua", "queue.maxTopics=2");
             WsClient c = WsClient.connect(small.wsUri())) {
            assertEquals(1, push(c, "'first', 1").get("n").asInt());
            assertEquals(1, push(c, "'second', 1").get("n").asInt());
            assertError(push(c, "'third', 1"), "too many topics: 2 topics hold items (queue.maxTopics)");
            assertEquals(2, push(c, "'first', 2").get("n").asInt());
        }
    }

    private static void assertError(JsonNode result, String expected) {
        assertEquals("nil", result.get("n").asText(), result.toString());
        assertTrue(result.get("err").asText().contains(expected), result.toString());
    }
}
