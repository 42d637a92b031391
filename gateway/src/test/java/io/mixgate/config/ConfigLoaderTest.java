package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static GatewayConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", List.of());
    }

    @Test
    void loadsTheShippedConfigWithConnmixValues() throws ConfigException {
        GatewayConfig config = ConfigLoader.load(Path.of("config/gateway.yaml"), List.of());

        assertEquals(1, config.servers().size());
        ServerConfig server = config.servers().get(0);
        assertEquals(6790, server.port());
        assertEquals("0.0.0.0", server.bind());
        assertEquals("websocket", server.protocol());
        assertEquals("scripts/entry.websocket.lua", server.entry());
        assertEquals("/exchange-stream", server.path());
        assertEquals("http://127.0.0.1:8000/websocket_auth", server.option("auth_url"));
        assertEquals(Duration.ofSeconds(60), server.readTimeout());
        assertEquals(Duration.ofSeconds(10), server.writeTimeout());
        assertEquals(6789, config.apiServer().port());
        assertEquals("info", config.logging().level());
        assertEquals(new ScriptConfig(512, Duration.ofSeconds(10), 10_000_000, 1000), config.script());
        assertEquals(false, config.demoAuth().enabled());
        assertEquals(Map.of("***", 1001L, "token-1002", 1002L), config.demoAuth().tokens());
    }

    @Test
    void shippedConfigDiffersFromDefaultsOnlyInTheServerOptions() throws ConfigException {
        GatewayConfig shipped = ConfigLoader.load(Path.of("config/gateway.yaml"), List.of());
        GatewayConfig defaults = GatewayConfig.defaults();

        ServerConfig server = shipped.servers().get(0);
        ServerConfig withDefaultOptions = new ServerConfig(server.port(), server.bind(), server.protocol(),
                server.entry(), Map.of(), server.readBufferSize(), server.writeBufferSize(), server.readTimeout(),
                server.writeTimeout(), server.maxFrameSize(), server.maxOutboundBytes(), server.maxQueuedMessages(),
                server.maxSubscriptions(), server.byteCodeExpires(), server.writeDelay(), server.rateLimit(),
                server.maxConnectionsPerSecondPerIp(), server.handshakeTimeout(),
                server.maxHandshakeBytes(), server.allowedOrigins(), server.compression(), server.tls());
        assertEquals(defaults.servers(), List.of(withDefaultOptions));
        assertEquals(defaults.node(), shipped.node());
        assertEquals(defaults.logging(), shipped.logging());
        assertEquals(defaults.apiServer(), shipped.apiServer());
        assertEquals(defaults.script(), shipped.script());
        assertEquals(defaults.demoAuth(), shipped.demoAuth());
    }

    @Test
    void emptyYamlGivesAllDefaults() throws ConfigException {
        assertEquals(GatewayConfig.defaults(), parse(""));
        assertEquals(GatewayConfig.defaults(), parse("# only a comment\n"));
    }

    @Test
    void defaultsMatchTheDocumentedValues() {
        GatewayConfig config = GatewayConfig.defaults();
        ServerConfig server = config.servers().get(0);

        assertEquals(0, config.node().id());
        assertEquals(new ServerConfig(6790, "0.0.0.0", "websocket", "scripts/entry.websocket.lua", Map.of(),
                1024, 1024, Duration.ofSeconds(60), Duration.ofSeconds(10), 65536, 4 << 20, 128, 1000, Duration.ofSeconds(10),
                Duration.ZERO, new RateLimitConfig(50, 100, "close", "{\"code\":9,\"msg\":\"rate limit exceeded\"}"), 0,
                Duration.ofSeconds(5), 16 << 10, List.of(), new CompressionConfig("off", 6, 128, 15, 15, false), TlsConfig.defaults()), server);
        assertEquals("/", server.path());
        assertEquals(new ApiServerConfig(6789, "0.0.0.0", 16 << 20, Duration.ofSeconds(10), Duration.ofSeconds(60), TlsConfig.defaults()), config.apiServer());
        assertEquals(new DemoAuthConfig(false, 8000, "127.0.0.1", "/websocket_auth",
                Map.of("***", 1001L, "token-1002", 1002L)), config.demoAuth());
    }

    @Test
    void missingKeysInASectionTakeTheirDefaults() throws ConfigException {
        GatewayConfig config = parse("apiServer:\n  port: 0\nservers:\n  - port: 7000\n");

        assertEquals(new ApiServerConfig(0, "0.0.0.0", 16 << 20, Duration.ofSeconds(10), Duration.ofSeconds(60), TlsConfig.defaults()), config.apiServer());
        assertEquals(7000, config.servers().get(0).port());
        assertEquals(ServerConfig.defaults().entry(), config.servers().get(0).entry());
        assertEquals(ScriptConfig.defaults(), config.script());
    }

    @Test
    void emptyOrNullServersGiveOneDefaultServer() throws ConfigException {
        assertEquals(List.of(ServerConfig.defaults()), parse("servers: []\n").servers());
        assertEquals(List.of(ServerConfig.defaults()), parse("servers:\n").servers());
    }

    @Test
    void acceptsConnmixListFormOptions() throws ConfigException {
        GatewayConfig config = parse("""
                servers:
                  - options:
                      - name: path
                        value: /exchange-stream
                      - name: retries
                        value: 3
                """);

        ServerConfig server = config.servers().get(0);
        assertEquals("/exchange-stream", server.path());
        assertEquals("3", server.option("retries"));
        assertNull(server.option("absent"));
    }

    @Test
    void acceptsMapFormOptionsAndStoresValuesAsStrings() throws ConfigException {
        ServerConfig server = parse("servers:\n  - options: {path: /exchange-stream, secure: true, n: 7}\n")
                .servers().get(0);

        assertEquals(Map.of("path", "/exchange-stream", "secure", "true", "n", "7"), server.options());
    }

    @Test
    void readsGoStyleDurationsAndPlainSeconds() throws ConfigException {
        ServerConfig server = parse("servers:\n  - readTimeout: 1m30s\n    writeTimeout: 500ms\n").servers().get(0);

        assertEquals(Duration.ofSeconds(90), server.readTimeout());
        assertEquals(Duration.ofMillis(500), server.writeTimeout());
        assertEquals(Duration.ofSeconds(2), parse("script:\n  httpTimeout: 2\n").script().httpTimeout());
        assertEquals(Duration.ofMillis(1500), parse("script:\n  httpTimeout: 1.5\n").script().httpTimeout());
        assertEquals(Duration.ZERO, parse("servers:\n  - readTimeout: 0\n").servers().get(0).readTimeout());
    }

    @Test
    void acceptsLogLevelInAnyCaseAndStoresItLowerCase() throws ConfigException {
        assertEquals("warn", parse("logging:\n  level: WARN\n").logging().level());
    }

    @Test
    void keepsSeveralServersInOrder() throws ConfigException {
        GatewayConfig config = parse("""
                servers:
                  - port: 0
                  - port: 0
                    entry: scripts/other.lua
                """);

        assertEquals(2, config.servers().size());
        assertEquals("scripts/other.lua", config.servers().get(1).entry());
    }

    @Test
    void loadsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, "apiServer:\n  port: 70000\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertEquals(file + ": apiServer.port: 70000 (expected: 0..65535)", e.getMessage());
    }

    @Test
    void reportsAMissingFile(@TempDir Path dir) {
        Path file = dir.resolve("absent.yaml");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertEquals(file + ": no such file", e.getMessage());
    }
}
