package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixgate.testing.Chromium;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate ({@code servers[].compression}): negotiated with clients that offer it,
 * published messages compressed once for every subscriber that negotiated it, script replies on
 * the same path, clients that did not offer it served plain frames, and a compressed frame that
 * inflates past {@code maxFrameSize} closed with 1009.
 */
class CompressionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFER = "permessage-deflate; client_max_window_bits";
    /** Long and repetitive: well over minSize, and it shrinks. */
    private static final String BOOK = "{\"bids\":[" + "[\"42000.10\",\"1.5\"],".repeat(60) + "[\"1\",\"1\"]]}";

    @Test
    void aPublishedMessageIsCompressedOnceForEverySubscriberThatNegotiatedIt() throws Exception {
        try (TestNode node = TestNode.withScript("compress.lua", "servers[0].compression.mode=on")) {
            List<DeflateWsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    DeflateWsClient c = DeflateWsClient.connect(node, OFFER);
                    assertTrue(c.negotiated(), c.responseHeaders);
                    c.subscribe("book");
                    clients.add(c);
                }
                DeflateWsClient plain = DeflateWsClient.connect(node, null);
                clients.add(plain);
                assertFalse(plain.negotiated(), plain.responseHeaders);
                plain.subscribe("book");
                long before = node.gateway.compressedMessages(0);

                assertEquals(5, publish(node, "book", BOOK));

                for (DeflateWsClient c : clients.subList(0, 4)) {
                    DeflateWsClient.Frame frame = c.readFrame();
                    assertTrue(frame.compressed(), "RSV1 set");
                    assertTrue(frame.payload().length < BOOK.length() / 4, "compressed to " + frame.payload().length);
                    assertEquals(BOOK, c.message(frame));
                }
                DeflateWsClient.Frame frame = plain.readFrame();
                assertFalse(frame.compressed());
                assertEquals(BOOK, frame.text());
                assertEquals(1, node.gateway.compressedMessages(0) - before, "one compression for four subscribers");
            } finally {
                for (DeflateWsClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void scriptRepliesTakeTheSamePathAndTheClientsContextSurvivesManyMessages() throws Exception {
        try (TestNode node = TestNode.withScript("compress.lua", "servers[0].compression.mode=on");
             DeflateWsClient client = DeflateWsClient.connect(node, OFFER)) {
            for (int i = 0; i < 5; i++) {
                String text = BOOK.replace("42000", "4200" + i);
                client.sendCompressedText(text.getBytes(StandardCharsets.UTF_8)); // the node inflates it
                DeflateWsClient.Frame echo = client.readFrame();
                assertTrue(echo.compressed(), "the conn:send reply is compressed too");
                assertEquals(text, client.message(echo));
            }
        }
    }

    @Test
    void shortMessagesAndServersWithCompressionOffGoPlain() throws Exception {
        try (TestNode node = TestNode.withScript("compress.lua", "servers[0].compression.mode=on");
             DeflateWsClient client = DeflateWsClient.connect(node, OFFER)) {
            client.sendText("short");
            DeflateWsClient.Frame echo = client.readFrame();
            assertFalse(echo.compressed(), "under minSize (128 bytes)");
            assertEquals("short", echo.text());
        }
        try (TestNode node = TestNode.withScript("compress.lua");
             DeflateWsClient client = DeflateWsClient.connect(node, OFFER)) {
            assertFalse(client.negotiated(), "off by default: " + client.responseHeaders);
            client.sendText(BOOK.substring(0, 120));
            DeflateWsClient.Frame echo = client.readFrame();
            assertFalse(echo.compressed());
            assertEquals(BOOK.substring(0, 120), echo.text());
            assertEquals(0, node.gateway.compressedMessages(0));
        }
    }

    @Test
    void aClientsSmallerWindowIsHonoured() throws Exception {
        try (TestNode node = TestNode.withScript("compress.lua", "servers[0].compression.mode=on");
             DeflateWsClient client = DeflateWsClient.connect(node, "permessage-deflate; server_max_window_bits=9")) {
            assertTrue(client.responseHeaders.contains("server_max_window_bits=9"), client.responseHeaders);
            String fits = BOOK.substring(0, 400); // under 512 bytes: compressed
            client.sendText(fits.length() < 126 ? fits : fits.substring(0, 125));
            client.sendCompressedText(fits.getBytes(StandardCharsets.UTF_8));
            client.readFrame(); // the echo of the short text
            DeflateWsClient.Frame small = client.readFrame();
            assertTrue(small.compressed());
            assertEquals(fits, client.message(small));
            client.sendCompressedText(BOOK.getBytes(StandardCharsets.UTF_8)); // over 512 bytes: sent as is
            DeflateWsClient.Frame large = client.readFrame();
            assertFalse(large.compressed(), "longer than the window the client allowed");
            assertEquals(BOOK, large.text());
        }
    }

    @Test
    void aDecompressionBombIsClosedWith1009() throws Exception {
        try (TestNode node = TestNode.withScript("compress.lua", "servers[0].compression.mode=on");
             DeflateWsClient client = DeflateWsClient.connect(node, OFFER)) {
            byte[] bomb = new byte[8 << 20]; // 8 MiB of zeros: a few KiB compressed, 128 times maxFrameSize inflated
            client.sendCompressedText(bomb);
            DeflateWsClient.Frame close = client.readFrame();
            assertEquals(0x8, close.opcode(), "a close frame");
            assertEquals(1009, ((close.payload()[0] & 0xff) << 8) | (close.payload()[1] & 0xff));
        }
    }

    @Test
    void nettysClientWithItsDeflateExtensionReadsPublishesAndReplies() throws Exception {
        try (TestNode node = TestNode.withScript("compress.lua", "servers[0].compression.mode=on");
             NettyDeflateClient client = NettyDeflateClient.connect(node.wsUri())) {
            client.send("sub:book");
            assertEquals("ok", client.next());
            long before = node.gateway.compressedMessages(0);

            assertEquals(1, publish(node, "book", BOOK));
            assertEquals(BOOK, client.next());
            client.send(BOOK); // compressed by Netty's extension, inflated by the node, echoed compressed
            assertEquals(BOOK, client.next());
            assertEquals(2, node.gateway.compressedMessages(0) - before, "the publish and the echo were compressed");
        }
    }

    @Test
    void chromiumNegotiatesDeflateAndReadsAPublishedMessage() throws Exception {
        try (TestNode node = TestNode.withScript("compress.lua", "servers[0].compression.mode=on")) {
            String ws = "ws://127.0.0.1:" + node.gateway.serverPort(0) + "/exchange-stream";
            // a page of the node's own host, so the browser's Origin is the server's own
            try (Chromium browser = Chromium.open("about:blank")) {
                browser.navigate("http://127.0.0.1:" + node.gateway.serverPort(0) + "/");
                String extensions = browser.evaluate("new Promise((resolve, reject) => {"
                        + " const ws = new WebSocket('" + ws + "'); window.got = [];"
                        + " ws.onopen = () => ws.send('sub:book');"
                        + " ws.onmessage = e => { window.got.push(e.data); if (e.data === 'ok') resolve(ws.extensions); };"
                        + " ws.onclose = e => reject('closed ' + e.code); })").asText();
                assertTrue(extensions.startsWith("permessage-deflate"), extensions);
                long before = node.gateway.compressedMessages(0);

                assertEquals(1, publish(node, "book", BOOK));

                String received = browser.evaluate("new Promise(resolve => { const check = () =>"
                        + " window.got.length >= 2 ? resolve(window.got[1]) : setTimeout(check, 10); check(); })").asText();
                assertEquals(BOOK, received);
                assertEquals(1, node.gateway.compressedMessages(0) - before, "the browser got a compressed frame");
            }
        }
    }

    private static long publish(TestNode node, String channel, String data) throws Exception {
        var reply = JSON.readTree(ApiClient.post(node.api("/v1/mesh/publish"),
                JSON.writeValueAsString(java.util.Map.of("c", channel, "d", data))).body());
        return reply.get("r").get("s").asLong();
    }
}
