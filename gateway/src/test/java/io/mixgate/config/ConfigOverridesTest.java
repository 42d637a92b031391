package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigOverridesTest {

    private static GatewayConfig parse(String yaml, String... overrides) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", List.of(overrides));
    }

    private static String error(String yaml, String... overrides) {
        return assertThrows(ConfigException.class, () -> parse(yaml, overrides)).getMessage();
    }

    @Test
    void overridesScalarsWithYamlTypes() throws ConfigException {
        GatewayConfig config = parse("", "apiServer.port=0", "servers[0].port=7000", "demoAuth.enabled=true",
                "script.httpTimeout=1m", "logging.level=DEBUG");

        assertEquals(0, config.apiServer().port());
        assertEquals(7000, config.servers().get(0).port());
        assertTrue(config.demoAuth().enabled());
        assertEquals(Duration.ofMinutes(1), config.script().httpTimeout());
        assertEquals("debug", config.logging().level());
    }

    @Test
    void overridesTheShippedFile() throws ConfigException {
        GatewayConfig config = ConfigLoader.load(Path.of("config/gateway.yaml"),
                List.of("servers[0].port=0", "servers[0].options.path=/x", "apiServer.port=0"));

        ServerConfig server = config.servers().get(0);
        assertEquals(0, server.port());
        assertEquals("/x", server.path());
        assertEquals("http://127.0.0.1:8000/websocket_auth", server.option("auth_url"));
    }

    @Test
    void createsTheNextServerFromDefaults() throws ConfigException {
        GatewayConfig config = parse("", "servers[0].port=0", "servers[1].entry=scripts/other.lua",
                "servers[1].port=0");

        assertEquals(2, config.servers().size());
        ServerConfig second = config.servers().get(1);
        assertEquals("scripts/other.lua", second.entry());
        assertEquals(ServerConfig.defaults().maxFrameSize(), second.maxFrameSize());
        assertEquals("/", second.path());
    }

    @Test
    void addsOptionsAndTokens() throws ConfigException {
        GatewayConfig config = parse("", "servers[0].options.path=/x", "servers[0].options.auth_url=http://h:1/a",
                "demoAuth.tokens.abc=7");

        assertEquals(Map.of("path", "/x", "auth_url", "http://h:1/a"), config.servers().get(0).options());
        assertEquals(7L, config.demoAuth().tokens().get("abc"));
    }

    @Test
    void laterOverridesWin() throws ConfigException {
        assertEquals(2, parse("", "node.id=1", "node.id=2").node().id());
    }

    @Test
    void emptyValueRestoresTheDefault() throws ConfigException {
        assertEquals(6789, parse("apiServer:\n  port: 1\n", "apiServer.port=").apiServer().port());
    }

    @Test
    void rejectsAnOverrideWithoutEquals() {
        assertEquals("--set foo: expected key=value", error("", "foo"));
        assertEquals("--set =1: expected key=value", error("", "=1"));
    }

    @Test
    void rejectsAMalformedKeyPath() {
        assertEquals("--set servers[x].port=1: \"servers[x].port\" (expected: a key path such as servers[0].port)",
                error("", "servers[x].port=1"));
    }

    @Test
    void reportsUnknownKeysThroughTheOverride() {
        String message = error("", "servers[0].prot=1");

        assertTrue(message.startsWith("--set servers[0].prot=1: servers[0].prot: unknown key (expected one of: port, bind, "),
                message);
    }

    @Test
    void blamesTheOverrideForABadValue() {
        assertEquals("--set servers[0].maxFrameSize=0: servers[0].maxFrameSize: 0 (expected: 1..16777216)",
                error("", "servers[0].maxFrameSize=0"));
    }

    @Test
    void blamesTheOverrideThatCreatedAServerForItsProblems() {
        assertEquals("--set servers[1].entry=x.lua: servers[1].port: 6790 (expected: a port not already used by "
                + "servers[0].port)", error("", "servers[1].entry=x.lua"));
    }

    @Test
    void rejectsSkippingAListIndex() {
        assertEquals("--set servers[3].port=1: servers[3]: no such entry (expected: an index from 0 to 1)",
                error("", "servers[3].port=1"));
    }

    @Test
    void rejectsAKeyBelowAPlainValue() {
        assertEquals("--set apiServer.port.x=1: apiServer.port is 6789, which has no key x",
                error("", "apiServer.port.x=1"));
    }
}
