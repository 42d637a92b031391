package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled protocol modules end to end, each on a socket server of a node: jsonrpc over raw
 * sockets, and the Lua WebSocket module against the JDK's WebSocket client (handshake, masked
 * client frames, text and binary, published messages through protocol_encode, the close handshake).
 */
class SocketProtocolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path scripts;
    static TestNode node;

    @BeforeAll
    static void startNode() throws Exception {
        Files.createDirectories(scripts.resolve("protocols"));
        try (Stream<Path> protocols = Files.list(Path.of("scripts/protocols"))) {
            for (Path p : protocols.toList()) {
                Files.copy(p, scripts.resolve("protocols").resolve(p.getFileName()));
            }
        }
        for (String entry : new String[] {"jsonrpc.lua", "websocket.lua"}) {
            Files.copy(Path.of("gateway/src/test/resources/lua/socket/" + entry), scripts.resolve(entry));
        }
        node = TestNode.withScript("probe.lua",
                "servers[1].port=0", "servers[1].bind=127.0.0.1", "servers[1].protocol=socket",
                "servers[1].entry=" + scripts.resolve("jsonrpc.lua"),
                "servers[2].port=0", "servers[2].bind=127.0.0.1", "servers[2].protocol=socket",
                "servers[2].entry=" + scripts.resolve("websocket.lua"));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void jsonrpcAnswersCallsAndFramesPublishedMessagesAsLines() throws Exception {
        try (TcpClient client = TcpClient.connect(node.gateway.serverPort(1))) {
            JsonNode reply = JSON.readTree(client.ask("{\"method\":\"add\",\"params\":[1,2],\"id\":7}"));
            assertEquals(7, reply.get("id").asInt());
            assertEquals("add:[1,2]", reply.get("result").asText());

            client.ask("{\"method\":\"subscribe\",\"params\":[\"rpc-events\"],\"id\":8}");
            ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"rpc-events\",\"d\":\"{\\\"event\\\":1}\"}");
            assertEquals("{\"event\":1}", client.readLine());
        }
    }

    @Test
    void jsonrpcClosesALineThatIsNotACall() throws Exception {
        for (String bad : new String[] {"not json", "[1,2]", "{\"method\":\"m\"}"}) {
            try (TcpClient client = TcpClient.connect(node.gateway.serverPort(1))) {
                client.send(bad + "\n");
                assertEquals("", client.awaitClosed(), bad);
            }
        }
    }

    @Test
    void theLuaWebSocketModuleServesTheJdkWebSocketClient() throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + node.gateway.serverPort(2) + "/chat?room=1");
        try (WsClient ws = WsClient.connect(uri)) {
            assertEquals("echo hello /chat?room=1", ws.ask("hello"));
            String big = "x".repeat(3000); // a 16-bit length, masked by the client
            assertEquals("echo " + big + " /chat?room=1", ws.ask(big));
            byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0x80};
            ws.sendBinary(binary);
            assertArrayEquals(binary, ws.next().binary());

            assertEquals("subscribed", ws.ask("subscribe"));
            ApiClient.Reply reply = ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"ws-over-tcp\",\"d\":\"tick\"}");
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", reply.body());
            assertEquals("tick", ws.nextText(), "a published message, framed by protocol_encode");

            WsClient.Closed closed = ws.closeGracefully();
            assertEquals(1000, closed.code(), "the module answers the close frame: " + closed);
        }
    }

    @Test
    void theLuaWebSocketModuleRefusesAFrameOverItsCap() throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + node.gateway.serverPort(2) + "/chat");
        try (WsClient ws = WsClient.connect(uri)) {
            assertEquals("echo ok /chat", ws.ask("ok"));
            ws.trySend("y".repeat(65536)); // may fail midway: the node closes as soon as it reads the length
            Await.until("the node closes the connection", java.time.Duration.ofSeconds(10),
                    node.gateway::connectionCount, n -> n == 0);
        }
    }
}
