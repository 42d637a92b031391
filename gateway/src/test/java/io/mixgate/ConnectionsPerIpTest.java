package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code servers[].maxConnectionsPerSecondPerIp} on a real node: beyond the limit, new TCP
 * connections from one address are closed at accept, without an HTTP answer; connections
 * already accepted are untouched; and with the default (0) nothing is refused.
 */
class ConnectionsPerIpTest {
    private static final String UPGRADE = "GET /exchange-stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    @Test
    void connectionsOverTheLimitAreClosedAtAcceptWithoutAnHttpAnswer() throws Exception {
        try (TestNode node = TestNode.withScript("probe.lua", "servers[0].maxConnectionsPerSecondPerIp=2")) {
            List<Socket> sockets = new ArrayList<>();
            int upgraded = 0;
            int refused = 0;
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 12; i++) {
                    Socket s = new Socket();
                    sockets.add(s);
                    s.connect(new InetSocketAddress("127.0.0.1", node.gateway.serverPort(0)), 5_000);
                    s.setSoTimeout(10_000);
                    String answer = answer(s);
                    if (answer.startsWith("HTTP/1.1 101")) {
                        upgraded++;
                    } else {
                        assertEquals("", answer, "a refused connection gets no HTTP answer");
                        refused++;
                    }
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int mostAllowed = 2 + (int) Math.ceil(seconds * 2) + 1; // a bucket of 2, refilled at 2/s
            assertTrue(upgraded >= 2 && upgraded <= mostAllowed, upgraded + " of 12 upgraded in " + seconds + " s");
            assertEquals(12 - upgraded, refused);
            assertEquals(refused, node.gateway.connectionsRefusedPerIp(0));
        }
    }

    @Test
    void byDefaultNoConnectionIsRefused() throws Exception {
        try (TestNode node = TestNode.withScript("probe.lua")) {
            for (int i = 0; i < 12; i++) {
                try (Socket s = new Socket("127.0.0.1", node.gateway.serverPort(0))) {
                    s.setSoTimeout(10_000);
                    assertTrue(answer(s).startsWith("HTTP/1.1 101"), "connection " + i);
                }
            }
            assertEquals(0, node.gateway.connectionsRefusedPerIp(0));
        }
    }

    /** Sends an upgrade request and returns the response's head, or "" if the connection ended first. */
    private static String answer(Socket s) throws IOException {
        try {
            s.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        } catch (IOException closedBeforeWeWrote) {
            return "";
        }
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        try {
            int b;
            while ((b = in.read()) != -1) {
                head.append((char) b);
                if (head.toString().endsWith("\r\n\r\n")) {
                    break;
                }
            }
        } catch (IOException reset) {
            // a reset says the same as an end of stream: closed without an answer
        }
        return head.toString();
    }
}
