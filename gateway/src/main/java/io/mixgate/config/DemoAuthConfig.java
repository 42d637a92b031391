package io.mixgate.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny built-in HTTP endpoint that answers the entry script's auth callback
 * ({@code auth_url}) from a fixed token table, so that the README walkthrough
 * runs without a back office ({@code demoAuth:} in the YAML). Never for production.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param enabled whether to start it, default {@code false}
 * @param port    TCP port, {@code 0..65535}, default 8000
 * @param bind    address to listen on, default {@code 127.0.0.1}
 * @param path    HTTP path it answers, starting with {@code /}, default {@code /websocket_auth}
 * @param tokens  token to user id; unmodifiable, in the configured order
 */
public record DemoAuthConfig(boolean enabled, int port, String bind, String path, Map<String, Long> tokens) {

    /** Validates every value and copies the token table. */
    public DemoAuthConfig {
        Require.port("port", port);
        Require.nonBlank("bind", bind);
        Require.absolutePath("path", path);
        tokens = Require.entries("tokens", tokens, "an integer user id");
    }

    /** The defaults: disabled, 127.0.0.1:8000/websocket_auth, two demo tokens. */
    public static DemoAuthConfig defaults() {
        Map<String, Long> tokens = new LinkedHashMap<>();
        tokens.put("***", 1001L);
        tokens.put("token-1002", 1002L);
        return new DemoAuthConfig(false, 8000, "127.0.0.1", "/websocket_auth", tokens);
    }
}
