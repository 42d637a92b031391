package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CONNMIX connmix.yaml loads as is; check lists every problem; MIXGATE_* variables set keys. */
class ConnmixConfigTest {

    private static final Path FIXTURE = Path.of("gateway/src/test/resources/connmix/connmix.yaml");

    @Test
    void mapsConnmixYamlOntoMixgatesKeys() throws ConfigException {
        GatewayConfig config = ConfigLoader.load(FIXTURE, List.of());

        assertEquals("debug", config.logging().level());
        ServerConfig server = config.servers().get(0);
        assertEquals(1, config.servers().size());
        assertEquals(6798, server.port());
        assertEquals("/chat", server.path());
        assertEquals("lua/entry.websocket.lua", server.entry());
        assertEquals(Duration.ofSeconds(5), server.byteCodeExpires());
        assertEquals(2048, server.readBufferSize());
        assertEquals(4096, server.writeBufferSize());
        assertEquals(Duration.ofSeconds(90), server.readTimeout());
        assertEquals(Duration.ofSeconds(20), server.writeTimeout());
        assertEquals(6799, config.apiServer().port());
        assertEquals("127.0.0.1", config.apiServer().bind());
        assertEquals(new QueueConfig(3000, 50, QueueConfig.defaults().claimAfter()), config.queue());
        assertEquals(List.of(new RedisPoolConfig("default", "redis.internal:6380", "pw", 2, 20)), config.redis().pools());
        assertEquals(RedisConfig.Mode.NONE, config.redis().mode(), "a luavm pool is not the mesh");
        AccessUserConfig user = config.access().users().get(0);
        assertEquals("backoffice", user.username());
        assertEquals(List.of("read", "write"), user.roles());
        assertEquals("172.*.*.*", user.host());
    }

    @Test
    void answersACenterSectionWithRedis() {
        String message = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "center:\n  registry: {port: 0}\nengine:\n  servers: [{port: 0}]\n", "connmix.yaml", List.of()))
                .getMessage();

        assertTrue(message.startsWith("connmix.yaml: center: mixgate has no center"), message);
        assertTrue(message.contains("redis.uri: redis://host:6379"), message);
        assertTrue(message.contains("MIXGATE_REDIS_URI"), message);
    }

    @Test
    void refusesAKeyGivenInBothLayouts() {
        String message = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "servers: [{port: 1}]\nengine:\n  servers: [{port: 2}]\n", "c.yaml", List.of())).getMessage();

        assertEquals("c.yaml: engine.servers: given twice (also as servers)", message);
    }

    @Test
    void checkListsAProblemInEverySection(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                logging: {level: loud}
                engine:
                  servers: [{port: 70000}]
                  apiServer: {port: -1}
                  luavm:
                    queue: {topicSize: 0}
                """);

        List<String> problems = ConfigLoader.check(bad, Map.of("MIXGATE_REDIS_DATABASE", "99"), List.of());

        assertEquals(List.of(
                bad + ": logging.level: \"loud\" (expected: one of trace, debug, info, warn, error)",
                bad + ": servers[0].port: 70000 (expected: 0..65535)",
                bad + ": apiServer.port: -1 (expected: 0..65535)",
                "environment MIXGATE_REDIS_DATABASE=99: redis.database: 99 (expected: 0..15)",
                bad + ": queue.topicSize: 0 (expected: 1..1000000)"), problems);
        assertEquals(List.of(), ConfigLoader.check(FIXTURE, Map.of(), List.of()));
    }

    @Test
    void environmentSetsKeysAfterTheFileAndBeforeSet() throws ConfigException {
        Map<String, String> env = Map.of(
                "MIXGATE_SERVERS_0_PORT", "7000",
                "MIXGATE_SERVERS_0_MAXFRAMESIZE", "131072",
                "MIXGATE_SERVERS_1_PORT", "7001",
                "MIXGATE_REDIS_URI", "redis://redis:6379",
                "MIXGATE_ACCESS_USERS_0_USERNAME", "ops",
                "MIXGATE_ACCESS_USERS_0_PASSWORD", "s3cret",
                "MIXGATE_ACCESS_USERS_0_ROLES_0", "write",
                "MIXGATE_SERVERS_0_OPTIONS_AUTH_URL", "http://auth/check",
                "MIXGATE_APISERVER_PORT", "7100",
                "MIXGATE_JAVA_OPTS", "-Xmx1g");

        GatewayConfig config = ConfigLoader.parse("servers: [{port: 6000}]\napiServer: {port: 6001}\n", "c.yaml", env,
                List.of("apiServer.port=7200"));

        assertEquals(7000, config.servers().get(0).port());
        assertEquals(131072, config.servers().get(0).maxFrameSize());
        assertEquals("http://auth/check", config.servers().get(0).option("auth_url"));
        assertEquals(7001, config.servers().get(1).port());
        assertEquals("redis://redis:6379", config.redis().uri());
        assertEquals("ops", config.access().users().get(0).username());
        assertEquals("s3cret", config.access().users().get(0).password());
        assertEquals(7200, config.apiServer().port(), "--set comes after the environment");
    }

    @Test
    void aBadVariableIsNamedWithItsValue() {
        String badValue = assertThrows(ConfigException.class, () -> ConfigLoader.parse("", "c.yaml",
                Map.of("MIXGATE_SERVERS_0_PORT", "many"), List.of())).getMessage();
        String unknown = assertThrows(ConfigException.class, () -> ConfigLoader.parse("", "c.yaml",
                Map.of("MIXGATE_SERVERS_0_PROT", "7000"), List.of())).getMessage();

        assertEquals("environment MIXGATE_SERVERS_0_PORT=many: servers[0].port: \"many\" (expected: an integer)", badValue);
        assertTrue(unknown.startsWith("environment MIXGATE_SERVERS_0_PROT=7000: MIXGATE_SERVERS_0_PROT names no config key"),
                unknown);
    }

    @Test
    void resolvesVariableNamesAgainstTheRecords() {
        assertEquals("servers[0].maxFrameSize", String.valueOf(ConfigEnvironment.resolve("SERVERS_0_MAXFRAMESIZE")));
        assertEquals("redis.sentinel.master", String.valueOf(ConfigEnvironment.resolve("REDIS_SENTINEL_MASTER")));
        assertEquals("redis.cluster[2]", String.valueOf(ConfigEnvironment.resolve("REDIS_CLUSTER_2")));
        assertEquals("null", String.valueOf(ConfigEnvironment.resolve("REDIS")), "a section is not a value");
        assertEquals("null", String.valueOf(ConfigEnvironment.resolve("SERVERS_X_PORT")));
        assertEquals("null", String.valueOf(ConfigEnvironment.resolve("APISERVER_PORT_X")));
    }
}
