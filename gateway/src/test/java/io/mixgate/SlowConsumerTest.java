package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** A client that stops reading costs the node bounded memory: its messages are dropped, then it is closed. */
class SlowConsumerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void clientThatStopsReadingIsCountedFailedThenClosed() throws Exception {
        try (TestNode node = TestNode.start("servers[0].maxOutboundBytes=65536", "servers[0].writeTimeout=1s");
             Socket stalled = new Socket("127.0.0.1", node.gateway.serverPort(0));
             WsClient healthy = WsClient.connect(node.wsUri())) {
            stalled.setReceiveBufferSize(4096);
            RawWsClient.upgradeAndSubscribe(stalled, "BTCUSDT@depth"); // then it never reads again
            healthy.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\"}");

            String payload = "x".repeat(32 * 1024);
            long failed = 0;
            for (int i = 0; i < 2_000 && failed == 0; i++) {
                JsonNode r = JSON.readTree(ApiClient.post(node.api("/v1/mesh/publish"),
                        "{\"c\":\"ex:BTCUSDT@depth\",\"d\":\"" + payload + "\"}").body()).get("r");
                failed = r.get("f").asLong();
                assertEquals(payload, healthy.nextText(), "the healthy subscriber gets every message");
            }
            assertTrue(failed > 0, "the stalled client's backlog never passed maxOutboundBytes");

            // while its backlog stays over the limit for writeTimeout, the stalled connection is closed
            long deadline = System.nanoTime() + 10_000_000_000L;
            long subscribers;
            do {
                JsonNode r = JSON.readTree(ApiClient.post(node.api("/v1/mesh/publish"),
                        "{\"c\":\"ex:BTCUSDT@depth\",\"d\":\"" + payload + "\"}").body()).get("r");
                subscribers = r.get("s").asLong() + r.get("f").asLong();
                assertEquals(payload, healthy.nextText());
            } while (subscribers > 1 && System.nanoTime() < deadline);
            assertEquals(1, subscribers, "the stalled connection should have been closed after writeTimeout");
        }
    }
}
