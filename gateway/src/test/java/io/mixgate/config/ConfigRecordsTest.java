package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfigRecordsTest {

    private static ServerConfig serverWithOptions(Map<String, String> options) {
        ServerConfig d = ServerConfig.defaults();
        return new ServerConfig(d.port(), d.bind(), d.protocol(), d.entry(), options, d.readBufferSize(),
                d.writeBufferSize(), d.readTimeout(), d.writeTimeout(), d.maxFrameSize(), d.maxOutboundBytes(),
                d.maxQueuedMessages(), d.maxSubscriptions(), d.byteCodeExpires(), d.writeDelay(), d.rateLimit(),
                d.maxConnectionsPerSecondPerIp(), d.handshakeTimeout(),
                d.maxHandshakeBytes(), d.allowedOrigins(), d.compression(), d.tls());
    }

    @Test
    void constructorsNameTheKeyValueAndExpectation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ApiServerConfig(70000, "0.0.0.0", 1024, Duration.ofSeconds(10), Duration.ofSeconds(60), TlsConfig.defaults()));
        assertEquals("port: 70000 (expected: 0..65535)", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> new ScriptConfig(0, Duration.ofSeconds(1), 10_000_000, 1000));
        assertEquals("maxVms: 0 (expected: 1..100000)", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> new ScriptConfig(1, Duration.ofSeconds(1), 5, 1000));
        assertEquals("instructionBudget: 5 (expected: 10000..2000000000)", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> new ApiServerConfig(1, " ", 1024, Duration.ofSeconds(10), Duration.ofSeconds(60), TlsConfig.defaults()));
        assertEquals("bind: \" \" (expected: a non-empty string)", e.getMessage());
    }

    @Test
    void copiesOptionsSoLaterChangesDoNotLeakIn() {
        Map<String, String> options = new HashMap<>(Map.of("path", "/a"));
        ServerConfig server = serverWithOptions(options);
        options.put("path", "/b");

        assertEquals("/a", server.path());
        assertThrows(UnsupportedOperationException.class, () -> server.options().put("x", "y"));
    }

    @Test
    void rejectsANullOptionValue() {
        Map<String, String> options = new HashMap<>();
        options.put("path", null);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> serverWithOptions(options));
        assertEquals("options.path: null (expected: a string)", e.getMessage());
    }

    @Test
    void serversListIsImmutableAndNonEmpty() {
        GatewayConfig d = GatewayConfig.defaults();
        assertThrows(UnsupportedOperationException.class, () -> d.servers().add(ServerConfig.defaults()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GatewayConfig(d.node(),
                d.logging(), List.of(), d.apiServer(), d.script(), d.demoAuth(), d.redis(), d.queue(), d.access(), d.drain(), d.presence(), d.history(), d.mesh(), List.of()));
        assertEquals("servers: [] (expected: at least one server)", e.getMessage());
    }

    @Test
    void portZeroNeverClashes() {
        ServerConfig d = ServerConfig.defaults();
        ServerConfig anyPort = new ServerConfig(0, d.bind(), d.protocol(), d.entry(), d.options(), d.readBufferSize(),
                d.writeBufferSize(), d.readTimeout(), d.writeTimeout(), d.maxFrameSize(), d.maxOutboundBytes(),
                d.maxQueuedMessages(), d.maxSubscriptions(), d.byteCodeExpires(), d.writeDelay(), d.rateLimit(),
                d.maxConnectionsPerSecondPerIp(), d.handshakeTimeout(),
                d.maxHandshakeBytes(), d.allowedOrigins(), d.compression(), d.tls());
        GatewayConfig g = GatewayConfig.defaults();

        assertEquals(2, new GatewayConfig(g.node(), g.logging(), List.of(anyPort, anyPort),
                new ApiServerConfig(0, "0.0.0.0", 1024, Duration.ofSeconds(10), Duration.ofSeconds(60), TlsConfig.defaults()), g.script(), g.demoAuth(), g.redis(), g.queue(), g.access(), g.drain(), g.presence(), g.history(), g.mesh(), List.of()).servers().size());
    }

    @Test
    void nodeIdZeroResolvesToARandomValidId() {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            int id = NodeConfig.defaults().resolveId(random);
            assertEquals(true, id >= 1 && id <= NodeConfig.MAX_ID, "id " + id);
        }
        assertEquals(7, new NodeConfig(7).resolveId(random));
    }
}
