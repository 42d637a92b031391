package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueConfigTest {

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml", List.of())).getMessage();
    }

    @Test
    void defaultsAreConnmixsBounds() throws Exception {
        assertEquals(new QueueConfig(2000, 100, Duration.ofSeconds(10)), QueueConfig.defaults());
        assertEquals(QueueConfig.defaults(), ConfigLoader.load(Path.of("config/gateway.yaml"), List.of()).queue(),
                "the shipped config says the defaults");
        assertEquals(QueueConfig.defaults(), ConfigLoader.parse("node: {}\n", "gw.yaml", List.of()).queue());
    }

    @Test
    void errorsNameKeyAndValue() {
        assertEquals("gw.yaml: queue.topicSize: 0 (expected: 1..1000000)", error("queue:\n  topicSize: 0\n"));
        assertEquals("gw.yaml: queue.maxTopics: 100001 (expected: 1..100000)", error("queue:\n  maxTopics: 100001\n"));
        assertEquals("gw.yaml: queue.claimAfter: 10ms (expected: 100ms..1h)", error("queue:\n  claimAfter: 10ms\n"));
        assertEquals("gw.yaml: queue.claimAfter: 0s (expected: a duration > 0s)", error("queue:\n  claimAfter: 0\n"));
    }
}
