package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The upgrade request is bounded in time (servers[].handshakeTimeout) and size (servers[].maxHandshakeBytes). */
class HandshakeLimitsTest {
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        // an idle timeout shorter than the trickle's pace would close it too: keep it long, so only the deadline can
        node = TestNode.start("servers[0].handshakeTimeout=1s", "servers[0].readTimeout=60s");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static int port() {
        return node.gateway.serverPort(0);
    }

    @Test
    void upgradeTrickledAByteAtATimeIsClosedAtTheHandshakeDeadline() throws Exception {
        byte[] request = (RawUpgrade.request("/exchange-stream", "127.0.0.1") + "X-Slow: ").getBytes(StandardCharsets.US_ASCII);
        try (WsClient upgraded = WsClient.connect(node.wsUri()); Socket socket = new Socket("127.0.0.1", port())) {
            // the deadline is 1 s: closed within it plus a margin, long before the trickle would end
            socket.setSoTimeout(5_000);
            AtomicBoolean stop = new AtomicBoolean();
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int i = 0; !stop.get(); i++) {
                        out.write(i < request.length ? request[i] : 'a');
                        out.flush();
                        Thread.sleep(100); // the attacker's pace, not synchronisation
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the server: what the test waits for
                }
            });
            long started = System.nanoTime();
            boolean closed = RawUpgrade.closedByServer(socket);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            stop.set(true);
            trickle.join();
            assertTrue(closed, "still open after 5 s of trickling with handshakeTimeout=1s");
            assertTrue(tookMillis >= 900, "closed before the deadline: " + tookMillis + " ms");
            // the deadline is for the upgrade only: a client upgraded before the trickle began stays
            assertEquals("{\"op\":\"pong\"}", upgraded.ask("{\"op\":\"ping\"}"));
        }
    }

    @Test
    void upgradeWithAHundredKilobytesOfHeadersIsRefused() throws Exception {
        String status = RawUpgrade.status(port(), RawUpgrade.request("/exchange-stream", "127.0.0.1")
                + padding(100 * 1024, 1000) + "\r\n");
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", status);
    }

    @Test
    void upgradeWithOneTwentyKilobyteHeaderIsRefused() throws Exception {
        String status = RawUpgrade.status(port(), RawUpgrade.request("/exchange-stream", "127.0.0.1")
                + padding(20 * 1024, 20 * 1024) + "\r\n");
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", status);
    }

    @Test
    void upgradeWithAHugeRequestLineIsRefused() throws Exception {
        String status = RawUpgrade.status(port(), RawUpgrade.request("/exchange-stream?" + "q".repeat(20 * 1024), "127.0.0.1")
                + "\r\n");
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", status);
    }

    @Test
    void upgradeOfFifteenKilobytesIsAccepted() throws Exception {
        String head = RawUpgrade.request("/exchange-stream", "127.0.0.1");
        String request = head + padding(15 * 1024 - head.length() - 2, 7000) + "\r\n";
        assertTrue(request.length() > 14 * 1024 && request.length() <= 15 * 1024, "length " + request.length());
        assertEquals("HTTP/1.1 101 Switching Protocols", RawUpgrade.status(port(), request));
    }

    @Test
    void aDefaultNodeRefusesOverSixteenKilobytes() throws Exception {
        try (TestNode defaults = TestNode.start()) {
            int port = defaults.gateway.serverPort(0);
            String head = RawUpgrade.request("/exchange-stream", "127.0.0.1");
            assertEquals("HTTP/1.1 101 Switching Protocols",
                    RawUpgrade.status(port, head + padding(16 * 1024 - head.length() - 2, 4000) + "\r\n"));
            assertEquals("HTTP/1.1 431 Request Header Fields Too Large",
                    RawUpgrade.status(port, head + padding(16 * 1024 - head.length() - 1, 4000) + "\r\n"));
        }
    }

    /** Header lines {@code X-Pad-n: aaa…} of at most {@code perLine} bytes each, {@code total} bytes in all. */
    static String padding(int total, int perLine) {
        StringBuilder sb = new StringBuilder();
        for (int n = 0; sb.length() < total; n++) {
            String name = "X-Pad-" + n + ": ";
            int left = total - sb.length();
            int value = Math.min(perLine, left) - name.length() - 2;
            if (value < 1) {
                // too little room for another header: lengthen the previous one
                sb.insert(sb.length() - 2, "a".repeat(left));
                break;
            }
            sb.append(name).append("a".repeat(value)).append("\r\n");
        }
        return sb.toString();
    }
}
