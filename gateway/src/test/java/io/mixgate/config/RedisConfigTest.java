package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisConfigTest {

    private static RedisConfig redis(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "gw.yaml", List.of()).redis();
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml", List.of())).getMessage();
    }

    @Test
    void noRedisSectionMeansASingleNodeWithCONNMIXsDefaultPool() throws Exception {
        RedisConfig config = redis("node:\n  id: 1\n");
        assertEquals(RedisConfig.Mode.NONE, config.mode());
        assertEquals("mixgate:", config.prefix());
        assertEquals(Duration.ofSeconds(6), config.nodeExpiry());
        assertEquals(List.of(new RedisPoolConfig("default", "localhost:6379", "", 0, 4)), config.pools());
    }

    @Test
    void theShippedConfigRunsAlone() throws Exception {
        assertEquals(RedisConfig.Mode.NONE,
                ConfigLoader.load(java.nio.file.Path.of("config/gateway.yaml"), List.of()).redis().mode());
    }

    @Test
    void eachKindOfRedisIsRecognised() throws Exception {
        assertEquals(RedisConfig.Mode.STANDALONE, redis("redis:\n  uri: redis://r:6379/0\n").mode());
        assertEquals(RedisConfig.Mode.SENTINEL, redis("redis:\n  sentinel:\n    nodes: [s1:26379, s2:26379]\n").mode());
        RedisConfig cluster = redis("redis:\n  cluster: [c1:7000, c2:7000]\n  prefix: \"app1:\"\n");
        assertEquals(RedisConfig.Mode.CLUSTER, cluster.mode());
        assertEquals("app1:", cluster.prefix());
        assertEquals("mymaster", cluster.sentinel().master());
    }

    @Test
    void overridesReachTheRedisSection() throws Exception {
        RedisConfig config = ConfigLoader.parse("", "gw.yaml",
                List.of("redis.uri=redis://127.0.0.1:7777", "redis.pools[0].addr=127.0.0.1:7778")).redis();
        assertEquals(RedisConfig.Mode.STANDALONE, config.mode());
        assertEquals("127.0.0.1:7778", config.pools().get(0).addr());
    }

    @Test
    void errorsNameTheKeyAndTheValue() {
        assertEquals("gw.yaml: redis.uri: \"redis://a:1\" (expected: only one of uri, sentinel.nodes and cluster "
                + "(they are 2 set))", error("redis:\n  uri: redis://a:1\n  cluster: [b:2]\n"));
        assertEquals("gw.yaml: redis.uri: \"http://a:1\" (expected: redis://host:port or rediss://host:port)",
                error("redis:\n  uri: http://a:1\n"));
        assertEquals("gw.yaml: redis.cluster[1]: \"nohost\" (expected: host:port)",
                error("redis:\n  cluster: [a:1, nohost]\n"));
        assertEquals("gw.yaml: redis.nodeExpiry: 2s (expected: longer than heartbeat (2s))",
                error("redis:\n  nodeExpiry: 2s\n"));
        assertEquals("gw.yaml: redis.pools[1].name: \"default\" (expected: a name not already used by pools[0])",
                error("redis:\n  pools:\n    - name: default\n    - name: default\n"));
        assertEquals("gw.yaml: redis.pools[0].db: 16 (expected: 0..15)", error("redis:\n  pools:\n    - db: 16\n"));
        assertEquals("gw.yaml: redis.publishCounts: \"clients\" (expected: connections or nodes)",
                error("redis:\n  publishCounts: clients\n"));
        assertEquals("gw.yaml: redis.countTimeout: 0s (expected: a duration > 0s)", error("redis:\n  countTimeout: 0s\n"));
    }

    @Test
    void publishesCountConnectionsWithinOneSecondByDefault() throws Exception {
        RedisConfig config = redis("node:\n  id: 1\n");
        assertEquals(Duration.ofSeconds(1), config.countTimeout());
        assertEquals(true, config.countsConnections());
        assertEquals(false, redis("redis:\n  publishCounts: nodes\n").countsConnections());
    }
}
