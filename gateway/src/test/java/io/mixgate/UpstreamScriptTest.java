package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The provider script's timers and life: heartbeat(up) at its interval, hot reload of the script. */
class UpstreamScriptTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OK = "{\"result\":true}";

    @Test
    void heartbeatRunsOnEachOpenConnectionAtItsInterval() throws Exception {
        try (ReplayExchange exchange = new ReplayExchange(new ReplayExchange.Behavior() { });
             UpstreamNode node = UpstreamNode.start("""
                       - name: t
                         entry: gateway/src/test/resources/lua/upstreams/generic.lua
                         options: { url: "%s" }
                         heartbeatInterval: 100ms
                         subscriptions: [h]
                     """.formatted(exchange.url("/ws")))) {
            Await.until("three heartbeats", WAIT, () -> exchange.connections.isEmpty() ? 0
                    : exchange.connections.get(0).received.stream().filter(f -> f.contains("ping")).count(), n -> n >= 3);
            assertEquals("{\"n\":1,\"op\":\"ping\"}", exchange.connections.get(0).received.stream()
                    .filter(f -> f.contains("ping")).findFirst().orElseThrow());
        }
    }

    @Test
    void anEditedScriptIsReloadedAndHandlesTheNextMessages() throws Exception {
        Path dir = Files.createTempDirectory("mixgate-upstream-script");
        Path script = dir.resolve("generic.lua");
        Files.copy(Path.of("gateway/src/test/resources/lua/upstreams/generic.lua"), script);
        try (ReplayExchange exchange = new ReplayExchange(new ReplayExchange.Behavior() { });
             UpstreamNode node = UpstreamNode.start("""
                       - name: t
                         entry: %s
                         options: { url: "%s" }
                         byteCodeExpires: 100ms
                     """.formatted(script, exchange.url("/ws")));
             WsClient client = WsClient.connect(node.wsUri())) {
            assertEquals(OK, client.ask("{\"op\":\"subscribe\",\"channel\":\"r@t\"}"));
            Await.until("upstream open", WAIT, () -> exchange.open().size(), n -> n == 1);
            exchange.open().get(0).send("{\"s\":\"r\",\"v\":1}");
            assertEquals("{\"s\":\"r\",\"v\":1}", client.nextText());
            assertEquals(1, node.status("t").scriptVersion());

            Files.writeString(script, Files.readString(script)
                    .replace("local PREFIX = \"\"", "local PREFIX = \"v2 \""));
            Await.until("version 2", WAIT, () -> node.status("t").scriptVersion(), v -> v == 2);
            exchange.open().get(0).send("{\"s\":\"r\",\"v\":2}");
            assertEquals("v2 {\"s\":\"r\",\"v\":2}", client.nextText());
            assertEquals(1, exchange.connections.size(), "a reload keeps the connections");

            // SIGHUP and POST /v1/scripts/reload reload upstream scripts too
            ApiClient.Reply reload = ApiClient.post(node.api("/v1/scripts/reload"), "{}");
            assertEquals(200, reload.status(), reload.body());
            assertEquals(3, node.status("t").scriptVersion());
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(dir);
        }
    }
}
