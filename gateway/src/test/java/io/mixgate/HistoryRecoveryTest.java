package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's single-node chaos test: a client drops out in the middle of 10,000 publishes at
 * 1,000/s and comes back with the last offset it saw; between its two connections it sees every
 * publication exactly once, in order.
 */
class HistoryRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOTAL = 10_000;
    private static final int PER_SECOND = 1_000;

    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(HistoryProtocolTest.withRules("history.rules[0].size=" + TOTAL));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void clientThatReconnectsWithItsLastOffsetGetsEveryPublicationExactlyOnceInOrder() throws Exception {
        List<Long> seen = new ArrayList<>();
        String epoch;
        WsClient first = WsClient.connect(node.wsUri());
        JsonNode subscribed = JSON.readTree(first.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"offsets\":true}"));
        assertEquals(0, subscribed.get("offset").asLong(), subscribed.toString());
        epoch = subscribed.get("epoch").asText();

        AtomicInteger published = new AtomicInteger();
        AtomicReference<String> publishError = new AtomicReference<>();
        Thread publisher = Thread.ofPlatform().name("publisher").start(() -> publishAtRate(published, publishError));
        try {
            while (seen.isEmpty() || seen.getLast() < 3_000) {
                JsonNode m = JSON.readTree(first.nextText());
                assertEquals(epoch, m.get("epoch").asText());
                seen.add(m.get("offset").asLong());
                assertEquals(m.get("offset").asLong(), m.get("data").get("i").asLong(), "offset and publication agree");
            }
            first.close(); // gone mid-stream: whatever it had not read yet is lost to it
            Eventually.until("2,000 more publications while the client is away",
                    () -> published.get() >= seen.getLast() + 2_000 || publishError.get() != null);

            try (WsClient second = WsClient.connect(node.wsUri())) {
                second.send("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"since\":{\"offset\":"
                        + seen.getLast() + ",\"epoch\":\"" + epoch + "\"}}");
                JsonNode reply = null;
                while (seen.getLast() < TOTAL) {
                    JsonNode m = JSON.readTree(second.nextText());
                    if (m.has("result")) {
                        reply = m;
                        continue;
                    }
                    seen.add(m.get("offset").asLong());
                    assertEquals(m.get("offset").asLong(), m.get("data").get("i").asLong());
                }
                if (reply == null) {
                    reply = JSON.readTree(second.nextText());
                }
                assertTrue(reply.get("recovered").asBoolean(), reply.toString());
                assertTrue(reply.get("missed").asInt() >= 2_000, reply.toString());
                assertEquals(epoch, reply.get("epoch").asText());
            }
        } finally {
            publisher.join();
        }
        assertEquals(null, publishError.get());
        assertEquals(TOTAL, seen.size(), "every publication once across both connections");
        for (int i = 0; i < TOTAL; i++) {
            assertEquals(i + 1, seen.get(i), "in order, no gap, no duplicate at index " + i);
        }
    }

    /** Publishes 1..TOTAL to ex:BTCUSDT@depth at PER_SECOND, paced by the clock, not by sleeps between asserts. */
    private void publishAtRate(AtomicInteger published, AtomicReference<String> error) {
        long start = System.nanoTime();
        long interval = 1_000_000_000L / PER_SECOND;
        for (int i = 1; i <= TOTAL; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // pacing the publisher's rate
            }
            try {
                ApiClient.Reply reply = ApiClient.post(node.api("/v1/mesh/publish"),
                        "{\"c\":\"ex:BTCUSDT@depth\",\"d\":\"{\\\"i\\\":" + i + "}\"}");
                if (reply.status() != 200) {
                    error.set("publish " + i + ": " + reply.status() + " " + reply.body());
                    return;
                }
            } catch (Exception e) {
                error.set("publish " + i + ": " + e);
                return;
            }
            published.set(i);
        }
    }
}
