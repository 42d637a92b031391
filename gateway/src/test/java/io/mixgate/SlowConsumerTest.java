package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

    @Test
    void aMessageLargerThanTheSocketBuffersArrivesWholeAtASlowReader() throws Exception {
        // an outbound limit above the message, so the one after it is queued, not dropped
        try (TestNode node = TestNode.start("servers[0].maxOutboundBytes=67108864");
             Socket slow = RawWsClient.subscribed(node, "BTCUSDT@depth")) {
            // more than the kernel's send and receive buffers take while nobody reads (a few MB on
            // loopback): the node's writes are partial and the rest must wait, in order, with the
            // next message behind it
            StringBuilder payload = new StringBuilder(8 << 20);
            for (int i = 0; payload.length() < (8 << 20); i++) {
                payload.append(i).append(',');
            }
            JsonNode r = JSON.readTree(ApiClient.post(node.api("/v1/mesh/publish"),
                    "{\"c\":\"ex:BTCUSDT@depth\",\"d\":\"" + payload + "\"}").body()).get("r");
            assertEquals(1, r.get("s").asLong(), r.toString());
            publishTiny(node, "after");

            DataInputStream in = new DataInputStream(slow.getInputStream());
            assertEquals(0x81, in.readUnsignedByte(), "a final text frame");
            assertEquals(127, in.readUnsignedByte(), "a 64-bit length");
            long length = in.readLong();
            assertEquals(payload.length(), length);
            byte[] data = new byte[(int) length];
            in.readFully(data);
            assertEquals(payload.toString(), new String(data, StandardCharsets.UTF_8));
            assertEquals(0x81, in.readUnsignedByte(), "the next message follows the large one");
            assertEquals("after".length(), in.readUnsignedByte());
            assertEquals("after", new String(in.readNBytes(5), StandardCharsets.UTF_8));
        }
    }

    private static void publishTiny(TestNode node, String data) throws Exception {
        JsonNode r = JSON.readTree(ApiClient.post(node.api("/v1/mesh/publish"),
                "{\"c\":\"ex:BTCUSDT@depth\",\"d\":\"" + data + "\"}").body()).get("r");
        assertEquals(1, r.get("s").asLong(), r.toString());
    }
}
