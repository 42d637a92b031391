package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presence on a lone node (no Redis): local joins reach a follower; a connection's follows are
 * bounded; a follower that stops reading is dropped with a {@code presence.dropped} event while
 * the node goes on serving.
 */
class PresenceLimitsTest {
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.withScript("probe.lua", "presence.maxFollowsPerConnection=2", "presence.maxBufferedEvents=8");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static ObjectNode params(String channel) {
        return Probe.JSON.createObjectNode().put("c", channel).put("k", "uid");
    }

    @Test
    void followsAreBoundedPerConnection() throws Exception {
        try (WsApiClient api = WsApiClient.connect(node); WsClient client = WsClient.connect(node.wsUri())) {
            WsApiClient.ok(api.call("presence.subscribe", params("one")));
            JsonNode again = api.call("presence.subscribe", params("one"));
            assertTrue(again.path("E").path("m").asText().contains("already followed"), again.toString());
            WsApiClient.ok(api.call("presence.subscribe", params("two")));

            JsonNode third = api.call("presence.subscribe", params("three"));

            assertEquals(101, third.path("E").path("c").asInt(), third.toString());
            assertTrue(third.path("E").path("m").asText().contains("presence.maxFollowsPerConnection"), third.toString());
            Probe.eval(client, "mix.websocket():set_context_value('uid', 'bob') return mix.websocket():subscribe('two')");
            JsonNode join = api.nextEvent();
            assertEquals("two", join.path("c").asText(), join.toString());
            assertEquals("bob", join.path("v").asText(), join.toString());
        }
    }

    @Test
    void aFollowerThatStopsReadingIsDroppedAndTheNodeGoesOn() throws Exception {
        try (Socket follower = new Socket(); WsClient flooder = WsClient.connect(node.wsUri())) {
            follower.setReceiveBufferSize(4096); // before connecting: a small window fills fast
            follower.connect(new InetSocketAddress("127.0.0.1", node.gateway.apiPort()), 10_000);
            follower.setSoTimeout(10_000);
            upgrade(follower);
            RawWsClient.sendText(follower, "{\"m\":\"presence.subscribe\",\"p\":{\"c\":\"flood\",\"k\":\"uid\"},\"i\":1}");
            DataInputStream in = new DataInputStream(follower.getInputStream());
            assertTrue(readText(in).contains("\"i\":1"), "the subscribe reply");

            // the follower reads nothing now: 16 KB events pile up in its socket, then in the node
            JsonNode done = Probe.eval(flooder, "mix.websocket():set_context_value('uid', string.rep('x', 16384))"
                    + " for i = 1, 400 do mix.websocket():subscribe('flood') mix.websocket():unsubscribe('flood') end"
                    + " return 'done'");
            assertEquals("done", done.asText());
            assertEquals(1, Probe.eval(flooder, "return 1").asInt(), "the node still answers");

            boolean dropped = false;
            for (int frames = 0; frames < 2000 && !dropped; frames++) {
                String text = readText(in);
                dropped = text.contains("\"presence.dropped\"");
                if (dropped) {
                    assertTrue(text.contains("presence.maxBufferedEvents"), text);
                    assertTrue(text.contains("\"c\":\"flood\""), text);
                }
            }
            assertTrue(dropped, "a presence.dropped event");
            assertFalse(ApiClient.get(node.api("/health")).body().isEmpty());
        }
    }

    private static void upgrade(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET /ws/v1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        assertTrue(headers.toString().startsWith("HTTP/1.1 101"), headers.toString());
    }

    /** The next unmasked text frame, any length. */
    private static String readText(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte() & 0x7f;
        long length = second == 126 ? in.readUnsignedShort() : second == 127 ? in.readLong() : second;
        byte[] payload = in.readNBytes((int) length);
        assertEquals(0x81, first, "a final text frame");
        return new String(payload, StandardCharsets.UTF_8);
    }
}
