package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
            upgradeAndSubscribe(stalled, "BTCUSDT@depth");
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

    /** A raw WebSocket client: handshake, one masked subscribe frame, then it never reads again. */
    private static void upgradeAndSubscribe(Socket socket, String channel) throws Exception {
        OutputStream out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET /exchange-stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String headers = readHeaders(in);
        assertTrue(headers.startsWith("HTTP/1.1 101"), headers);
        byte[] text = ("{\"op\":\"subscribe\",\"channel\":\"" + channel + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[2 + 4 + text.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | text.length);
        byte[] mask = {1, 2, 3, 4};
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < text.length; i++) {
            frame[6 + i] = (byte) (text[i] ^ mask[i % 4]);
        }
        out.write(frame);
        out.flush();
        // the {"result":true} reply: read it so we know the subscription exists, then stop reading
        byte[] reply = in.readNBytes(2 + "{\"result\":true}".length());
        assertEquals("{\"result\":true}", new String(reply, 2, reply.length - 2, StandardCharsets.UTF_8));
    }

    private static String readHeaders(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
