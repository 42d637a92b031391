package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code servers[].rateLimit} on a real node with real WebSocket clients: floods of pings or
 * messages are cut off after about {@code burst} (closed with 1008, or answered with the error
 * reply while the script is not called), and a client under the limit is never limited.
 * The probe script counts its own calls in a context value, so "not called" is checked, not assumed.
 */
class RateLimitTest {
    private static final String COUNT_CALL =
            "local n = (conn:context_value('n') or 0) + 1; conn:set_context_value('n', n); return n";
    private static final String ERROR_REPLY = "{\"code\":9,\"msg\":\"rate limit exceeded\"}";

    @Test
    void aPingFloodIsClosedWith1008AfterAboutBurstPingsByDefault() throws Exception {
        try (TestNode node = TestNode.withScript("probe.lua");
             WsClient client = WsClient.connect(node.wsUri())) {
            long start = System.nanoTime();
            int sent = 0;
            while (sent < 20_000 && client.pingNoWait(new byte[] {1})) {
                sent++;
            }
            WsClient.Closed closed = client.awaitClose();
            double seconds = (System.nanoTime() - start) / 1e9;

            assertEquals(new WsClient.Closed(1008, "rate limit exceeded"), closed, "after " + sent + " pings");
            int mostAllowed = 100 + (int) Math.ceil(seconds * 50) + 1; // default burst 100, 50/s
            int pongs = client.pongCount();
            assertTrue(pongs >= 100 && pongs <= mostAllowed, pongs + " pongs for " + sent + " pings in " + seconds + " s");
        }
    }

    @Test
    void withActionErrorRefusedMessagesGetTheErrorReplyAndNeverReachTheScript() throws Exception {
        try (TestNode node = TestNode.withScript("probe.lua", "servers[0].rateLimit.action=error",
                "servers[0].rateLimit.messagesPerSecond=5", "servers[0].rateLimit.burst=10");
             WsClient client = WsClient.connect(node.wsUri())) {
            int total = 200;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                assertTrue(client.trySend(COUNT_CALL), "the connection stays open");
            }
            int called = 0;
            int refused = 0;
            for (int i = 0; i < total; i++) {
                String reply = client.nextText();
                if (reply.equals(ERROR_REPLY)) {
                    refused++;
                } else {
                    called++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            int mostAllowed = 10 + (int) Math.ceil(seconds * 5) + 1;
            assertTrue(called >= 10 && called <= mostAllowed, called + " of " + total + " reached the script in " + seconds + " s");
            assertEquals(total - called, refused);
            // once a token is back, the script runs again and has counted exactly the calls that got through
            String reply;
            do {
                reply = client.ask(COUNT_CALL);
            } while (reply.equals(ERROR_REPLY));
            assertEquals("{\"ok\":true,\"r\":" + (called + 1) + "}", reply);
            assertFalse(client.closed.isDone(), "action error keeps the connection open");
        }
    }

    @Test
    void withActionErrorAPingOverTheLimitGetsTheErrorReplyAndNoPong() throws Exception {
        // one token, refilled once a minute: the first ping is answered, the second is refused
        try (TestNode node = TestNode.withScript("probe.lua", "servers[0].rateLimit.action=error",
                "servers[0].rateLimit.messagesPerSecond=1", "servers[0].rateLimit.burst=1");
             WsClient client = WsClient.connect(node.wsUri())) {
            client.ping(new byte[] {1});
            assertTrue(client.pingNoWait(new byte[] {2}));
            assertEquals(ERROR_REPLY, client.nextText());
            assertEquals(0, client.pongCount(), "the refused ping got no pong");
        }
    }

    @Test
    void aClientUnderTheLimitIsNeverLimited() throws Exception {
        // 100/s with bursts of 20; the client asks 100 times at about 50/s, each after the last reply
        try (TestNode node = TestNode.withScript("probe.lua", "servers[0].rateLimit.messagesPerSecond=100",
                "servers[0].rateLimit.burst=20");
             WsClient client = WsClient.connect(node.wsUri())) {
            for (int i = 1; i <= 100; i++) {
                assertEquals("{\"ok\":true,\"r\":" + i + "}", client.ask(COUNT_CALL));
                if (i % 10 == 0) {
                    client.ping(new byte[] {(byte) i}); // pings count too, and are answered
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the client's pace, not synchronisation
            }
            assertFalse(client.closed.isDone());
        }
    }

    @Test
    void rateLimitZeroTurnsItOff() throws Exception {
        try (TestNode node = TestNode.withScript("probe.lua", "servers[0].rateLimit.messagesPerSecond=0",
                "servers[0].rateLimit.burst=1");
             WsClient client = WsClient.connect(node.wsUri())) {
            for (int i = 0; i < 500; i++) {
                assertTrue(client.pingNoWait(new byte[] {1}));
            }
            Eventually.until("500 pongs", () -> client.pongCount() == 500);
            assertFalse(client.closed.isDone());
        }
    }
}
