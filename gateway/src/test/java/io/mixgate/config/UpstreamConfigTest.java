package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** upstreams[]: every key but name and entry defaults; bad values name their key and value. */
class UpstreamConfigTest {

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml", List.of())).getMessage();
    }

    @Test
    void noUpstreamsByDefault() throws Exception {
        assertEquals(List.of(), ConfigLoader.parse("", "gw.yaml", List.of()).upstreams());
    }

    @Test
    void aMinimalUpstreamTakesEveryDefault() throws Exception {
        UpstreamConfig up = ConfigLoader.parse("upstreams:\n  - name: binance\n    entry: scripts/upstreams/binance.lua\n",
                "gw.yaml", List.of()).upstreams().getFirst();
        assertEquals(UpstreamConfig.of("binance", "scripts/upstreams/binance.lua"), up);
        assertEquals(200, up.maxSubscriptionsPerConnection());
        assertEquals(Duration.ofSeconds(1), up.reconnect().initial());
        assertEquals(Duration.ofSeconds(60), up.reconnect().max());
        assertEquals(0.2, up.reconnect().jitter());
        assertEquals(Duration.ofSeconds(30), up.trafficTimeout());
        assertEquals(Duration.ZERO, up.heartbeatInterval());
        assertEquals(5, up.rateLimit());
        assertEquals(Duration.ofSeconds(30), up.linger());
        assertEquals(Duration.ofSeconds(60), up.staleAfter());
        assertEquals(Duration.ofSeconds(10), up.requestTimeout());
        assertEquals(4 << 20, up.maxMessageSize());
        assertEquals(List.of(), up.subscriptions());
    }

    @Test
    void readsEveryKey() throws Exception {
        UpstreamConfig up = ConfigLoader.parse("""
                upstreams:
                  - name: b
                    entry: e.lua
                    options: { url: "ws://x" }
                    maxSubscriptionsPerConnection: 240
                    reconnect: { initial: 10ms, max: 2s, jitter: 0.5 }
                    trafficTimeout: 5s
                    heartbeatInterval: 15s
                    rateLimit: 9
                    linger: 0s
                    staleAfter: 0s
                    requestTimeout: 3s
                    maxMessageSize: 2048
                    byteCodeExpires: 0s
                    subscriptions: [a, b]
                """, "gw.yaml", List.of()).upstreams().getFirst();
        assertEquals("ws://x", up.options().get("url"));
        assertEquals(240, up.maxSubscriptionsPerConnection());
        assertEquals(new UpstreamBackoffConfig(Duration.ofMillis(10), Duration.ofSeconds(2), 0.5), up.reconnect());
        assertEquals(Duration.ofSeconds(15), up.heartbeatInterval());
        assertEquals(9, up.rateLimit());
        assertEquals(Duration.ZERO, up.linger());
        assertEquals(List.of("a", "b"), up.subscriptions());
    }

    @Test
    void badValuesNameTheirKeyAndValue() {
        String head = "upstreams:\n  - name: b\n    entry: e.lua\n";
        assertEquals("gw.yaml: upstreams[0].maxSubscriptionsPerConnection: 0 (expected: 1..100000)",
                error(head + "    maxSubscriptionsPerConnection: 0\n"));
        assertEquals("gw.yaml: upstreams[0].rateLimit: 0 (expected: 1..100000)", error(head + "    rateLimit: 0\n"));
        assertEquals("gw.yaml: upstreams[0].linger: 2h0m0s (expected: 0s..1h0m0s)", error(head + "    linger: 2h\n"));
        assertEquals("gw.yaml: upstreams[0].reconnect.jitter: 1.5 (expected: a fraction of 0..1)",
                error(head + "    reconnect: { jitter: 1.5 }\n"));
        assertEquals("gw.yaml: upstreams[0].reconnect.max: 1s (expected: 2s..1h0m0s)",
                error(head + "    reconnect: { initial: 2s, max: 1s }\n"));
        assertEquals("gw.yaml: upstreams[0].name: \"a b\" (expected: 1..64 letters, digits, '_', '-' or '.')",
                error("upstreams:\n  - name: a b\n    entry: e.lua\n"));
        assertEquals("gw.yaml: upstreams[0].entry: null (expected: a non-empty string)",
                error("upstreams:\n  - name: a\n"));
        assertEquals("gw.yaml: upstreams[1].name: \"b\" (expected: a name not already used by upstreams[0])",
                error(head + "  - name: b\n    entry: f.lua\n"));
    }

    @Test
    void theShippedCommentedExampleParses() throws Exception {
        String shipped = java.nio.file.Files.readString(java.nio.file.Path.of("config/gateway.yaml"));
        StringBuilder example = new StringBuilder("upstreams:\n");
        boolean in = false;
        for (String line : shipped.split("\n")) {
            if (line.startsWith("upstreams: []")) {
                in = true;
            } else if (in && line.startsWith("#  ")) {
                example.append(line.substring(1).replaceFirst("\\s+# .*$", "")).append('\n');
            } else if (in) {
                break;
            }
        }
        UpstreamConfig up = ConfigLoader.parse(example.toString(), "example", List.of()).upstreams().getFirst();
        assertEquals("binance", up.name());
        assertEquals(new UpstreamBackoffConfig(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2), up.reconnect());
        assertEquals(List.of("btcusdt@bookTicker"), up.subscriptions());
    }
}
