package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryConfigTest {

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml", List.of())).getMessage();
    }

    @Test
    void noRulesByDefaultNorInTheShippedConfigAndRulesCanComeFromOverrides() throws Exception {
        assertEquals(List.of(), ConfigLoader.parse("node: {}\n", "gw.yaml", List.of()).history().rules());
        HistoryConfig shipped = ConfigLoader.load(Path.of("config/gateway.yaml"), List.of()).history();
        assertEquals(HistoryConfig.defaults(), shipped, "no channel keeps history unless a rule asks (single node or mesh): the shipped config is the defaults");
        HistoryConfig set = ConfigLoader.load(Path.of("config/gateway.yaml"), List.of("history.rules[0].match=ex:*@depth",
                "history.rules[0].size=100", "history.rules[0].ttl=60s")).history();
        assertEquals(List.of(new HistoryRuleConfig("ex:*@depth", 100, Duration.ofSeconds(60))), set.rules());
    }

    @Test
    void aRuleTakesDefaultSizeAndTtl() throws Exception {
        HistoryConfig h = ConfigLoader.parse("history:\n  rules:\n    - match: \"a:*\"\n", "gw.yaml", List.of()).history();
        assertEquals(new HistoryRuleConfig("a:*", 100, Duration.ofSeconds(60)), h.rules().getFirst());
    }

    @Test
    void errorsNameKeyAndValue() {
        assertEquals("gw.yaml: history.rules[0].size: 20000 (expected: 1..10000 (history.maxSize))",
                error("history:\n  rules:\n    - match: \"a:*\"\n      size: 20000\n"));
        assertEquals("gw.yaml: history.rules[0].ttl: 2h0m0s (expected: 1ms..1h0m0s (history.maxTtl))",
                error("history:\n  rules:\n    - match: \"a:*\"\n      ttl: 2h\n"));
        assertEquals("gw.yaml: history.maxChannels: 0 (expected: 1..1000000)", error("history:\n  maxChannels: 0\n"));
        assertEquals("gw.yaml: history.maxEnvelopes: 1001 (expected: 1..1000)", error("history:\n  maxEnvelopes: 1001\n"));
        assertEquals("gw.yaml: history.maxHeld: 0 (expected: 1..1000000)", error("history:\n  maxHeld: 0\n"));
        assertTrue(error("history:\n  metaTtl: 0s\n").startsWith("gw.yaml: history.metaTtl: 0s (expected: "),
                error("history:\n  metaTtl: 0s\n"));
    }
}
