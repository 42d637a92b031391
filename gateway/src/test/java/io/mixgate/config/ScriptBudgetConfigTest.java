package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The script budget keys of issue 10: defaults, values read from YAML, errors naming key and value. */
class ScriptBudgetConfigTest {

    private static ScriptConfig parse(String yaml) throws Exception {
        return ConfigLoader.parse(yaml, "gw.yaml", List.of()).script();
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml", List.of())).getMessage();
    }

    @Test
    void defaultsAreSafe() throws Exception {
        ScriptConfig d = parse("node: {}\n");
        assertEquals(Duration.ofMillis(500), d.cpuBudget());
        assertEquals(16L << 20, d.maxStringBytes());
        assertEquals(64L << 20, d.maxCallbackBytes());
        assertEquals(Duration.ofSeconds(5), d.stallThreshold());
    }

    @Test
    void readsTheKeys() throws Exception {
        ScriptConfig c = parse("script:\n  cpuBudget: 2s\n  maxStringBytes: 2048\n  maxCallbackBytes: 4096\n"
                + "  stallThreshold: 700ms\n");
        assertEquals(new ScriptConfig(512, Duration.ofSeconds(10), 10_000_000, 1000, Duration.ofSeconds(2), 2048, 4096,
                Duration.ofMillis(700)), c);
    }

    @Test
    void errorsNameKeyAndValue() {
        assertEquals("gw.yaml: script.cpuBudget: 5ms (expected: 10ms..1h0m0s)", error("script:\n  cpuBudget: 5ms\n"));
        assertEquals("gw.yaml: script.maxStringBytes: 10 (expected: 1024..1073741824)",
                error("script:\n  maxStringBytes: 10\n"));
        assertEquals("gw.yaml: script.maxCallbackBytes: 2000 (expected: >= 4096)",
                error("script:\n  maxStringBytes: 4096\n  maxCallbackBytes: 2000\n"));
        assertEquals("gw.yaml: script.stallThreshold: 0s (expected: 100ms..1h0m0s)", error("script:\n  stallThreshold: 0s\n"));
    }
}
