package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code servers[].protocol: socket}: accepted, with its own default entry script. */
class SocketServerConfigTest {

    private static ServerConfig server(String yaml, String... overrides) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", List.of(overrides)).servers().get(0);
    }

    @Test
    void aSocketServerRunsEntrySocketLuaUnlessTold() throws ConfigException {
        ServerConfig socket = server("servers:\n  - protocol: socket\n");
        assertTrue(socket.scriptFramed());
        assertEquals("scripts/entry.socket.lua", socket.entry());
        assertEquals("scripts/entry.socket.lua", server("servers:\n  - port: 7000\n", "servers[0].protocol=socket").entry());
        assertEquals("lua/mine.lua", server("servers:\n  - protocol: socket\n    entry: lua/mine.lua\n").entry());
    }

    @Test
    void aWebSocketServerKeepsItsDefaults() throws ConfigException {
        ServerConfig ws = server("servers:\n  - port: 7000\n");
        assertFalse(ws.scriptFramed());
        assertEquals("scripts/entry.websocket.lua", ws.entry());
    }
}
