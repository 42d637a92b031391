package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mixgate.api.DemoAuthServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's own {@code on_message}, pasted verbatim from shared/seeds/001 into
 * {@code lua/seed_entry.websocket.lua}: it posts the malformed body {@code {"token:"***"}}, which
 * the node's demo auth endpoint answers. Its auth URL is hard-wired to 127.0.0.1:8000; so that no
 * test needs a fixed port, the test runs a copy in a {@code @TempDir} in which only that URL
 * literal is replaced by the demo endpoint's address on a free port. Every other byte of the
 * seed's script is run as pasted.
 */
class SeedScriptTest {
    private static final String BALANCE = "{\"event\":\"@balance\",\"data\":{\"uid\":1001}}";
    private static final String SEED_AUTH_URL = "\"http://127.0.0.1:8000/websocket_auth\"";

    @TempDir
    Path dir;
    private DemoAuthServer auth;

    @Test
    void seedScriptAuthenticatesSubscribesAndReceives() throws Exception {
        try (TestNode node = seedNode();
             WsClient client = WsClient.connect(node.wsUri())) {
            client.send("{\"op\":\"auth\",\"token\":\"***\"}"); // the seed replies nothing to auth
            assertEquals("{\"result\":true}", client.ask("{\"op\":\"subscribe\",\"channel\":\"@balance\"}"));
            ApiClient.Reply reply = ApiClient.post(node.api("/v1/mesh/publish"),
                    "{\"c\":\"ex:1001@balance\",\"d\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(BALANCE) + "}");
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", reply.body());
            assertEquals(BALANCE, client.nextText());
        }
    }

    @Test
    void seedScriptRefusesPrivateChannelBeforeAuth() throws Exception {
        try (TestNode node = seedNode();
             WsClient client = WsClient.connect(node.wsUri())) {
            assertEquals("{\"code\":1,\"msg\":\"Not Auth\"}", client.ask("{\"op\":\"subscribe\",\"channel\":\"@order\"}"));
            assertEquals("{\"result\":true}", client.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\"}"));
        }
    }

    /**
     * Starts the demo auth endpoint (the shipped config's token table) on a free port, then a node
     * running the seed's script with only its auth URL literal pointed there.
     */
    private TestNode seedNode() throws Exception {
        auth = new DemoAuthServer("127.0.0.1", 0, "/websocket_auth", Map.of("***", 1001L));
        auth.start();
        String seed = Files.readString(Path.of("gateway/src/test/resources/lua/seed_entry.websocket.lua"));
        if (seed.indexOf(SEED_AUTH_URL) < 0 || seed.indexOf(SEED_AUTH_URL) != seed.lastIndexOf(SEED_AUTH_URL)) {
            throw new IllegalStateException("the seed script should hold its auth URL literal exactly once");
        }
        String url = "\"http://127.0.0.1:" + auth.port() + "/websocket_auth\"";
        Path script = dir.resolve("seed_entry.websocket.lua");
        Files.writeString(script, seed.replace(SEED_AUTH_URL, url));
        return TestNode.start("servers[0].entry=" + script);
    }

    @AfterEach
    void stopAuth() {
        if (auth != null) {
            auth.close();
        }
    }
}
