package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrainConfigTest {

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml", List.of())).getMessage();
    }

    @Test
    void defaultsAreFiveTenThirtySeconds() throws Exception {
        assertEquals(new DrainConfig(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)),
                DrainConfig.defaults());
        assertEquals(DrainConfig.defaults(), ConfigLoader.load(Path.of("config/gateway.yaml"), List.of()).drain(),
                "the shipped config says the defaults");
        assertEquals(DrainConfig.defaults(), ConfigLoader.parse("node: {}\n", "gw.yaml", List.of()).drain());
    }

    @Test
    void errorsNameKeyAndValue() {
        assertEquals("gw.yaml: drain.delay: -1s (expected: 0s..10m0s)", error("drain:\n  delay: -1s\n"));
        assertEquals("gw.yaml: drain.window: 2h0m0s (expected: 0s..1h0m0s)", error("drain:\n  window: 2h\n"));
        assertEquals("gw.yaml: drain.timeout: 500ms (expected: 1s..1h0m0s)", error("drain:\n  timeout: 500ms\n"));
        assertEquals("gw.yaml: drain.timeout: 15s (expected: more than delay + window = 15s)",
                error("drain:\n  timeout: 15s\n"));
    }
}
