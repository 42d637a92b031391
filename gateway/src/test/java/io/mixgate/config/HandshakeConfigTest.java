package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeConfigTest {

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml", List.of())).getMessage();
    }

    @Test
    void defaultsAreSafe() throws ConfigException {
        ServerConfig server = ConfigLoader.parse("", "gw.yaml", List.of()).servers().get(0);
        assertEquals(Duration.ofSeconds(5), server.handshakeTimeout());
        assertEquals(16 * 1024, server.maxHandshakeBytes());
        assertEquals(List.of(), server.allowedOrigins());
        ApiServerConfig api = ConfigLoader.parse("", "gw.yaml", List.of()).apiServer();
        assertEquals(Duration.ofSeconds(10), api.requestTimeout());
        assertEquals(Duration.ofSeconds(60), api.idleTimeout());
    }

    @Test
    void errorsNameTheKeyAndValue() {
        assertEquals("gw.yaml: servers[0].handshakeTimeout: 0s (expected: a duration > 0s)",
                error("servers:\n  - handshakeTimeout: 0s\n"));
        assertEquals("gw.yaml: servers[0].maxHandshakeBytes: 100 (expected: 1024..1048576)",
                error("servers:\n  - maxHandshakeBytes: 100\n"));
        assertEquals("gw.yaml: servers[0].allowedOrigins[1]: \"example.com\" (expected: " + OriginRule.EXPECTED + ")",
                error("servers:\n  - allowedOrigins: [\"https://a.example.com\", example.com]\n"));
        assertEquals("gw.yaml: servers[0].allowedOrigins[0]: \"https://a.example.com/path\" (expected: " + OriginRule.EXPECTED + ")",
                error("servers:\n  - allowedOrigins: [\"https://a.example.com/path\"]\n"));
        assertEquals("gw.yaml: apiServer.requestTimeout: 0s (expected: a duration > 0s)",
                error("apiServer:\n  requestTimeout: 0s\n"));
        assertEquals("gw.yaml: apiServer.idleTimeout: 0s (expected: a duration > 0s)",
                error("apiServer:\n  idleTimeout: 0s\n"));
    }

    @Test
    void originRulesMatchSchemeHostAndPort() {
        OriginRule exact = OriginRule.parse("k", "https://App.Example.com");
        assertEquals(true, exact.matches("https", "app.example.com", -1));
        assertEquals(true, exact.matches("https", "app.example.com", 443));
        assertEquals(false, exact.matches("https", "app.example.com", 8443));
        assertEquals(false, exact.matches("http", "app.example.com", -1));
        OriginRule pattern = OriginRule.parse("k", "https://*.example.com");
        assertEquals(true, pattern.matches("https", "a.b.example.com", -1));
        assertEquals(false, pattern.matches("https", "example.com", -1));
        assertEquals(false, pattern.matches("https", "badexample.com", -1));
        assertEquals(true, OriginRule.parse("k", "*").matches("http", "evil.example", 1));
    }
}
