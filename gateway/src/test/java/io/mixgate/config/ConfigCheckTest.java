package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mixgate check} lists every bad key, several in one section too; a node still refuses with the first. */
class ConfigCheckTest {

    @Test
    void listsEveryBadKeyOfOneSection(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                servers:
                  - {port: 70000, maxFrameSize: 0, entry: x.lua}
                  - {port: "abc", colour: blue, entry: y.lua}
                apiServer: {port: -1}
                """);

        List<String> problems = ConfigLoader.check(bad, Map.of(), List.of());

        assertEquals(List.of(
                bad + ": servers[0].port: 70000 (expected: 0..65535)",
                bad + ": servers[0].maxFrameSize: 0 (expected: 1..16777216)",
                bad + ": servers[1].port: \"abc\" (expected: an integer)",
                bad + ": servers[1].colour: unknown key (expected one of: "
                        + String.join(", ", ConfigSchema.keysOf(ServerConfig.class)) + ")",
                bad + ": apiServer.port: -1 (expected: 0..65535)"), problems, problems.toString());
    }

    @Test
    void aNodeStillRefusesWithTheFirstProblem(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "servers: [{port: 70000, maxFrameSize: 0}]\n");

        String message = assertThrows(ConfigException.class, () -> ConfigLoader.load(bad, List.of())).getMessage();

        assertTrue(message.startsWith(bad + ": servers[0]."), message);
    }

    @Test
    void aValidConfigHasNoProblems() {
        assertEquals(List.of(), ConfigLoader.check(Path.of("config/gateway.yaml"), Map.of(), List.of()));
    }

    @Test
    void presenceLimitsNameTheirKeyAndValue(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "presence: {maxBufferedEvents: 0, maxChannels: -1}\n");

        assertEquals(List.of(bad + ": presence.maxChannels: -1 (expected: 1..1000000)",
                bad + ": presence.maxBufferedEvents: 0 (expected: 1..1000000)"), ConfigLoader.check(bad, Map.of(), List.of()));
    }
}
