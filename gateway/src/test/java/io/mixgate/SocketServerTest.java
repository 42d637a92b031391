package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A {@code protocol: socket} server running the shipped scripts/entry.socket.lua (the bundled text
 * protocol) beside the shipped WebSocket server, talked to with raw sockets as nc would.
 */
class SocketServerTest {
    static final String[] SOCKET_SERVER = {"servers[1].port=0", "servers[1].bind=127.0.0.1", "servers[1].protocol=socket"};

    @Test
    void linesInRepliesOutAndPipelinedOrSplitLinesAreFramedByTheScript() throws Exception {
        try (TestNode node = TestNode.start(SOCKET_SERVER);
             TcpClient client = TcpClient.connect(node.gateway.serverPort(1))) {
            assertEquals("hello", client.ask("hello"));
            client.send("one\ntwo\nthr");
            assertEquals("one", client.readLine());
            assertEquals("two", client.readLine());
            client.send("ee\n");
            assertEquals("three", client.readLine());
            assertEquals("subscribed news", client.ask("subscribe news"));
        }
    }

    @Test
    void publishReachesWebSocketAndTcpSubscribersEachInItsFramingEncodedOnceForAllTcpOnes() throws Exception {
        try (TestNode node = TestNode.start(SOCKET_SERVER);
             WsClient ws = WsClient.connect(node.wsUri());
             TcpClient a = TcpClient.connect(node.gateway.serverPort(1));
             TcpClient b = TcpClient.connect(node.gateway.serverPort(1));
             TcpClient c = TcpClient.connect(node.gateway.serverPort(1))) {
            ws.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\"}");
            for (TcpClient tcp : new TcpClient[] {a, b, c}) {
                assertEquals("subscribed ex:BTCUSDT@depth", tcp.ask("subscribe ex:BTCUSDT@depth"));
            }
            long before = node.gateway.scriptEncodedMessages(1);

            ApiClient.Reply reply = ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"ex:BTCUSDT@depth\",\"d\":\"tick\"}");

            assertEquals("{\"E\":null,\"r\":{\"s\":4,\"f\":0}}", reply.body());
            assertEquals("tick", ws.nextText());
            assertEquals("tick", a.readLine());
            assertEquals("tick", b.readLine());
            assertEquals("tick", c.readLine());
            assertEquals(1, node.gateway.scriptEncodedMessages(1) - before, "protocol_encode once for three TCP subscribers");
        }
    }

    @Test
    void aSocketServerWithTlsFramesRepliesAndPublishedMessagesInsideTls() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("mixgate-tcp-tls-");
        io.mixgate.tls.KeyMaterial cert = TestCerts.make("localhost");
        TestCerts.writePem(cert, dir.resolve("cert.pem"), dir.resolve("key.pem"));
        try (TestNode node = TestNode.start("servers[1].port=0", "servers[1].bind=127.0.0.1", "servers[1].protocol=socket",
                "servers[1].tls.certFile=" + dir.resolve("cert.pem"), "servers[1].tls.keyFile=" + dir.resolve("key.pem"));
             TcpClient client = TcpClient.connectTls(node.gateway.serverPort(1), TestCerts.trusting(cert))) {
            assertEquals("hello", client.ask("hello"));
            assertEquals("subscribed news", client.ask("subscribe news"));
            ApiClient.Reply reply = ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"news\",\"d\":\"over tls\"}");
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", reply.body());
            assertEquals("over tls", client.readLine());
        }
    }

    @Test
    void aClientThatHalfClosesStillGetsItsRepliesThenTheConnectionCloses() throws Exception {
        try (TestNode node = TestNode.start(SOCKET_SERVER);
             Socket socket = new Socket("127.0.0.1", node.gateway.serverPort(1))) {
            socket.getOutputStream().write("first\nsecond\n".getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput(); // as nc does at the end of its input
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("first\nsecond\n", all);
            Await.until("the node forgets the connection", Duration.ofSeconds(10), node.gateway::connectionCount, n -> n == 0);
        }
    }

    @Test
    void theBundledTextProtocolClosesALineOver65535Bytes() throws Exception {
        try (TestNode node = TestNode.start(SOCKET_SERVER);
             TcpClient client = TcpClient.connect(node.gateway.serverPort(1))) {
            assertEquals("x".repeat(65535), client.ask("x".repeat(65535)));
            client.send("y".repeat(65536) + "\n");
            assertEquals("", client.awaitClosed());
            assertTrue(node.gateway.connectionCount() <= 1);
        }
    }

    @Test
    void aSilentClientIsClosedAfterReadTimeout() throws Exception {
        try (TestNode node = TestNode.start("servers[1].port=0", "servers[1].bind=127.0.0.1", "servers[1].protocol=socket",
                "servers[1].readTimeout=300ms");
             TcpClient client = TcpClient.connect(node.gateway.serverPort(1))) {
            assertEquals("", client.awaitClosed());
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedThenClosedAsASlowConsumer() throws Exception {
        try (TestNode node = TestNode.start("servers[1].port=0", "servers[1].bind=127.0.0.1", "servers[1].protocol=socket",
                "servers[1].maxOutboundBytes=65536", "servers[1].writeTimeout=200ms");
             TcpClient client = TcpClient.connect(node.gateway.serverPort(1))) {
            assertEquals("subscribed flood", client.ask("subscribe flood"));
            String body = "{\"c\":\"flood\",\"d\":\"" + "f".repeat(60_000) + "\"}";
            // the client reads nothing more: kernel buffers fill, then the node's outbound limit
            Await.until("publishes to the stalled client fail or it is closed", Duration.ofSeconds(30), () -> {
                String reply = ApiClient.post(node.api("/v1/mesh/publish"), body).body();
                return reply.contains("\"f\":1") || node.gateway.connectionCount() == 0;
            }, failedOrGone -> failedOrGone);
            Await.until("the slow consumer is closed after writeTimeout", Duration.ofSeconds(10),
                    node.gateway::connectionCount, n -> n == 0);
        }
    }
}
