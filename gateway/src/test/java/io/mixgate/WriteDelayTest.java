package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code servers[].writeDelay}: published messages to a client wait up to the delay and then
 * leave together, in one write; a reply of the script is never held back (and takes whatever
 * is waiting with it, in order).
 */
class WriteDelayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DELAY_NANOS = 1_000_000_000L;

    @Test
    void messagesWithinTheDelayLeaveInOneWriteNoEarlierThanTheDelay() throws Exception {
        try (TestNode node = TestNode.start("servers[0].writeDelay=1s");
             Socket client = RawWsClient.subscribed(node, "BTCUSDT@depth")) {

            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                publish(node, "m" + i);
            }
            byte[] buffer = new byte[4096];
            int read = client.getInputStream().read(buffer);
            long waited = System.nanoTime() - start;

            assertEquals(List.of("m0", "m1", "m2"), RawWsClient.textFrames(buffer, read),
                    "the three messages arrive in one read, in order");
            assertTrue(waited >= DELAY_NANOS - 50_000_000L, "flushed after " + waited / 1_000_000 + " ms, before the 1s delay");
        }
    }

    @Test
    void aReplyIsNotDelayedAndCarriesTheWaitingMessagesBeforeIt() throws Exception {
        try (TestNode node = TestNode.start("servers[0].writeDelay=1s");
             Socket client = RawWsClient.subscribed(node, "BTCUSDT@depth")) {

            long start = System.nanoTime();
            publish(node, "m0");
            RawWsClient.sendText(client, "{\"op\":\"ping\"}");
            List<String> received = new ArrayList<>();
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[4096];
            int filled = 0;
            while (received.size() < 2) {
                int n = in.read(buffer, filled, buffer.length - filled);
                assertTrue(n > 0, "connection closed");
                filled += n;
                received = RawWsClient.textFrames(buffer, filled);
            }
            long waited = System.nanoTime() - start;

            assertEquals(List.of("m0", "{\"op\":\"pong\"}"), received);
            assertTrue(waited < DELAY_NANOS - 100_000_000L, "the reply waited " + waited / 1_000_000 + " ms");
        }
    }

    private static void publish(TestNode node, String data) throws Exception {
        var reply = JSON.readTree(ApiClient.post(node.api("/v1/mesh/publish"),
                "{\"c\":\"ex:BTCUSDT@depth\",\"d\":\"" + data + "\"}").body());
        assertEquals(1, reply.get("r").get("s").asLong(), reply.toString());
    }
}
