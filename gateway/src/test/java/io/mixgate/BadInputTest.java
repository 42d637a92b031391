package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.config.ConfigLoader;
import io.mixgate.script.ScriptException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad frames, bad messages, bad API bodies and bad scripts: a clear answer, and nobody else hurt. */
class BadInputTest {
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void malformedMessagesGetAnErrorAndTheConnectionStays() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("{\"code\":2,\"msg\":\"Invalid message: not JSON\"}", c.ask("{\"op\":"));
            assertEquals("{\"code\":2,\"msg\":\"Invalid message: expected a JSON object\"}", c.ask("[1,2]"));
            assertEquals("{\"code\":3,\"msg\":\"Unknown op: nil\"}", c.ask("{\"channel\":\"x@depth\"}"));
            assertEquals("{\"code\":3,\"msg\":\"Unknown op: fly\"}", c.ask("{\"op\":\"fly\"}"));
            assertTrue(c.ask("{\"op\":\"subscribe\"}").contains("\"code\":4"));
            assertEquals("{\"op\":\"pong\"}", c.ask("{\"op\":\"ping\"}"));
        }
    }

    @Test
    void binaryFrameIsRefusedByTheExchangeProtocol() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            c.sendBinary(new byte[] {1, 2, 3});
            assertEquals("{\"code\":2,\"msg\":\"Invalid message: binary frames are not supported\"}", c.nextText());
        }
    }

    @Test
    void fragmentedMessageIsReassembled() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            c.sendFragment("{\"op\":", false).sendFragment("\"pi", false).sendFragment("ng\"}", true);
            assertEquals("{\"op\":\"pong\"}", c.nextText());
        }
    }

    @Test
    void oversizeFrameClosesWithMessageTooBigAndSparesOthers() throws Exception {
        try (WsClient big = WsClient.connect(node.wsUri()); WsClient other = WsClient.connect(node.wsUri())) {
            big.send("x".repeat(64 * 1024 + 1));
            assertEquals(1009, big.awaitClose().code());
            assertEquals("{\"op\":\"pong\"}", other.ask("{\"op\":\"ping\"}"));
        }
    }

    @Test
    void oversizeFragmentedMessageClosesWithMessageTooBig() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            for (int i = 0; i < 5; i++) {
                c.sendFragment("y".repeat(16 * 1024), false);
            }
            c.sendFragment("}", true);
            assertEquals(1009, c.awaitClose().code());
        }
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("beat", WsClient.utf8(c.ping("beat".getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void otherPathsGetPlainHttpErrors() throws Exception {
        ApiClient.Reply notFound = ApiClient.get(URI.create("http://127.0.0.1:" + node.gateway.serverPort(0) + "/other"));
        assertEquals(404, notFound.status());
        ApiClient.Reply notUpgrade = ApiClient.get(URI.create("http://127.0.0.1:" + node.gateway.serverPort(0) + "/exchange-stream"));
        assertEquals(400, notUpgrade.status());
    }

    @Test
    void idleConnectionIsClosedAfterReadTimeout() throws Exception {
        try (TestNode idle = TestNode.start("servers[0].readTimeout=300ms"); WsClient c = WsClient.connect(idle.wsUri())) {
            WsClient.Closed closed = c.awaitClose();
            assertEquals(1001, closed.code());
            assertEquals("idle timeout", closed.reason());
        }
    }

    @Test
    void malformedApiBodyNamesTheProblem() throws Exception {
        ApiClient.Reply bad = ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":");
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("\"c\":101"), bad.body());
        ApiClient.Reply missing = ApiClient.post(node.api("/v1/mesh/publish"), "{\"d\":\"x\"}");
        assertEquals(400, missing.status());
        assertTrue(missing.body().contains("\\\"c\\\""), missing.body());
        ApiClient.Reply health = ApiClient.get(node.api("/health"));
        assertEquals(200, health.status());
    }

    @Test
    void scriptSyntaxErrorStopsTheStartNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("broken.lua");
        Files.writeString(script, "function on_message(msg)\n  local x = = 1\nend\n");
        var config = ConfigLoader.load(Path.of("config/gateway.yaml"),
                List.of("servers[0].port=0", "apiServer.port=0", "servers[0].entry=" + script));
        StartException e = assertThrows(StartException.class, () -> Gateway.start(config, Clock.systemUTC()));
        assertTrue(e.getMessage().startsWith("servers[0].entry: ") && e.getMessage().contains("broken.lua:2"), e.getMessage());
        assertTrue(e.getCause() instanceof ScriptException, String.valueOf(e.getCause()));
    }

    @Test
    void scriptRuntimeErrorAtLoadStopsTheStart(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("fails.lua");
        Files.writeString(script, "local a = nil\nlocal b = a.field\n");
        var config = ConfigLoader.load(Path.of("config/gateway.yaml"),
                List.of("servers[0].port=0", "apiServer.port=0", "servers[0].entry=" + script));
        StartException e = assertThrows(StartException.class, () -> Gateway.start(config, Clock.systemUTC()));
        assertTrue(e.getMessage().startsWith("servers[0].entry: "), e.getMessage());
        assertTrue(e.getMessage().contains("fails.lua:2"), e.getMessage());
    }
}
