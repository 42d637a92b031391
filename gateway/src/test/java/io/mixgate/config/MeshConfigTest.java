package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeshConfigTest {

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml", List.of())).getMessage();
    }

    @Test
    void defaultsAreTheShippedOnes() throws Exception {
        assertEquals(new MeshConfig(Duration.ofSeconds(10), Duration.ofSeconds(6), Duration.ofSeconds(30)),
                MeshConfig.defaults());
        assertEquals(MeshConfig.defaults(), ConfigLoader.load(Path.of("config/gateway.yaml"), List.of()).mesh(),
                "the shipped config says the defaults");
        assertEquals(MeshConfig.defaults(), ConfigLoader.parse("node: {}\n", "gw.yaml", List.of()).mesh());
        assertEquals(Duration.ofSeconds(3),
                ConfigLoader.parse("mesh:\n  leaseTtl: 3s\n", "gw.yaml", List.of()).mesh().leaseTtl());
    }

    @Test
    void errorsNameKeyAndValue() {
        assertEquals("gw.yaml: mesh.leaseTtl: 500ms (expected: 1s..10m0s)", error("mesh:\n  leaseTtl: 500ms\n"));
        assertEquals("gw.yaml: mesh.interestTtl: 11m0s (expected: 1s..10m0s)", error("mesh:\n  interestTtl: 11m\n"));
        assertEquals("gw.yaml: mesh.interestReconcile: 0s (expected: 1s..1h0m0s)", error("mesh:\n  interestReconcile: 0s\n"));
    }
}
