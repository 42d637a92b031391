package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A socket server's framing on the script lane, with gateway/src/test/resources/lua/socket/entry.lua
 * (the bundled text protocol, plus misbehaviours picked by a buffer's first byte): garbage lengths,
 * scripts that never complete a packet, errors and runaway loops are bounded and close the
 * connection with a clear on_close error; protocol_encode runs for published and mesh-sent
 * messages, once, and its failures fail the send. on_close errors are published by the script to
 * the channel "closed", which a WebSocket probe on servers[0] watches.
 */
class SocketFramingTest {
    @TempDir
    static Path scripts;
    static TestNode node;
    static WsClient watcher;

    @BeforeAll
    static void startNode() throws Exception {
        Files.createDirectories(scripts.resolve("protocols"));
        try (Stream<Path> protocols = Files.list(Path.of("scripts/protocols"))) {
            for (Path p : protocols.toList()) {
                Files.copy(p, scripts.resolve("protocols").resolve(p.getFileName()));
            }
        }
        Files.copy(Path.of("gateway/src/test/resources/lua/socket/entry.lua"), scripts.resolve("entry.lua"));
        node = TestNode.withScript("probe.lua", "servers[1].port=0", "servers[1].bind=127.0.0.1",
                "servers[1].protocol=socket", "servers[1].entry=" + scripts.resolve("entry.lua"),
                "servers[1].maxFrameSize=1024", "script.instructionBudget=200000");
        watcher = WsClient.connect(node.wsUri(0, "/exchange-stream"));
        watcher.ask("conn:subscribe('closed') return 1");
    }

    @AfterAll
    static void stopNode() {
        if (watcher != null) {
            watcher.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private record Client(TcpClient tcp, String id) {
    }

    private static Client connect() throws IOException {
        TcpClient tcp = TcpClient.connect(node.gateway.serverPort(1));
        return new Client(tcp, tcp.readLine()); // on_connect sends the client id
    }

    /** Sends {@code bytes}, waits for the node to close the connection, returns on_close's err. */
    private static String closedBy(String bytes) throws Exception {
        Client c = connect();
        try (TcpClient tcp = c.tcp()) {
            tcp.send(bytes);
            tcp.awaitClosed();
            String closed = watcher.nextText();
            while (!closed.startsWith(c.id() + " ")) { // other tests' clients close too (err nil)
                closed = watcher.nextText();
            }
            return closed.substring(c.id().length() + 1);
        }
    }

    @Test
    void minusOneClosesTheConnection() throws Exception {
        assertEquals("closed by protocol_input (-1)", closedBy("X\n"));
    }

    @Test
    void aScriptThatNeverCompletesAPacketIsStoppedAtMaxFrameSize() throws Exception {
        assertEquals("no complete packet within maxFrameSize (1024 bytes)", closedBy("Z" + "z".repeat(1099)));
    }

    @Test
    void garbageLengthsCloseWithWhatTheScriptReturned() throws Exception {
        assertEquals("protocol_input returned string \"nope\" (expected an integer: the packet's length, 0 = need more bytes, -1 = close)",
                closedBy("S\n"));
        assertEquals("protocol_input returned nil (expected an integer: the packet's length, 0 = need more bytes, -1 = close)",
                closedBy("N\n"));
        assertEquals("protocol_input returned 1.5 (expected an integer: the packet's length, 0 = need more bytes, -1 = close)",
                closedBy("F\n"));
        assertEquals("protocol_input returned 1000000000000 (expected -1, 0 or a packet length of 1..1024, maxFrameSize)",
                closedBy("H\n"));
        assertEquals("protocol_input returned -7 (expected -1, 0 or a packet length of 1..1024, maxFrameSize)",
                closedBy("M\n"));
    }

    @Test
    void anErrorOrARunawayProtocolInputClosesTheConnection() throws Exception {
        String error = closedBy("E\n");
        assertTrue(error.startsWith("protocol_input failed: ") && error.endsWith("bad framing"), error);
        assertEquals("script budget exceeded", closedBy("L\n"));
    }

    @Test
    void aLengthBeyondWhatIsBufferedWaitsForMoreBytes() throws Exception {
        Client c = connect();
        try (TcpClient tcp = c.tcp()) {
            tcp.send("W");
            tcp.send("1234");
            assertEquals("echo W1234", tcp.readLine());
        }
    }

    @Test
    void theBufferObjectAndClearBuffer() throws Exception {
        Client c = connect();
        try (TcpClient tcp = c.tcp()) {
            // read(2), read past the end, position, length, find, tostring
            assertEquals("B1 nil EOF 2 7 7 nil 7", tcp.ask("B12345"));
            tcp.send("Cgarbage");
            assertEquals("cleared 8", tcp.readLine());
            assertEquals("echo after", tcp.ask("after"), "the cleared bytes are gone");
        }
    }

    @Test
    void protocolDecodeReturningNilSkipsTheMessage() throws Exception {
        Client c = connect();
        try (TcpClient tcp = c.tcp()) {
            tcp.send("Dskipped\n");
            assertEquals("echo next", tcp.ask("next"));
        }
    }

    @Test
    void protocolEncodeFramesPublishedMessagesAndItsFailuresFailThem() throws Exception {
        Client c = connect();
        try (TcpClient tcp = c.tcp()) {
            assertEquals("subscribed nil", tcp.ask("subscribe"));
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", publish("hello"));
            assertEquals("<hello>", tcp.readLine());
            assertEquals("{\"E\":null,\"r\":{\"s\":0,\"f\":1}}", publish("fail"));
            assertEquals("{\"E\":null,\"r\":{\"s\":0,\"f\":1}}", publish("empty"));
            assertEquals("{\"E\":null,\"r\":{\"s\":0,\"f\":1}}", publish("boom"));
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", publish("tcp?"));
            assertEquals("nil", tcp.readLine(), "no current connection inside protocol_encode");
            assertEquals("echo still open", tcp.ask("still open"));
        }
    }

    private static String publish(String data) throws Exception {
        return ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"socket-test\",\"d\":\"" + data + "\"}").body();
    }

    @Test
    void meshSendToATcpClientGoesThroughProtocolEncodeFromTheApiAndFromAnotherClientsCallback() throws Exception {
        Client a = connect();
        Client b = connect();
        try (TcpClient ta = a.tcp(); TcpClient tb = b.tcp()) {
            assertEquals("sent nil", ta.ask("send " + b.id() + " from a"));
            assertEquals("<from a>", tb.readLine());
            ApiClient.Reply reply = ApiClient.post(node.api("/v1/mesh/send"), "{\"c\":\"" + a.id() + "\",\"d\":\"from api\"}");
            assertEquals("{\"E\":null,\"r\":{\"s\":true}}", reply.body());
            assertEquals("<from api>", ta.readLine());
            String refused = ta.ask("send " + b.id() + " fail");
            assertTrue(refused.startsWith("sent ") && !refused.equals("sent nil"), refused);
            ApiClient.Reply failed = ApiClient.post(node.api("/v1/mesh/send"), "{\"c\":\"" + b.id() + "\",\"d\":\"fail\"}");
            assertTrue(failed.body().contains("\"c\":401"), failed.body());
            assertEquals("echo b still open", tb.ask("b still open"));
        }
    }

    @Test
    void mixWebsocketIsNilOnASocketServerAndMixSocketTcpIsNilOnAWebSocketServer() throws Exception {
        Client c = connect();
        try (TcpClient tcp = c.tcp()) {
            assertEquals("nil not a websocket connection: use mix.socket.tcp() on this server", tcp.ask("ws"));
        }
        try (WsClient ws = WsClient.connect(node.wsUri(0, "/exchange-stream"))) {
            assertEquals("{\"ok\":true,\"r\":\"nil not a socket connection: use mix.websocket() on this server\"}",
                    ws.ask("local c, err = mix.socket.tcp() return tostring(c) .. ' ' .. err"));
        }
    }
}
