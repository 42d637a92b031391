package io.mixgate.config;

/**
 * The back-office HTTP API server ({@code apiServer:} in the YAML), CONNMIX's
 * {@code engine.apiServer}.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param port        TCP port, {@code 0..65535}, default 6789; 0 picks a free port (tests)
 * @param bind        address to listen on, default {@code 0.0.0.0}
 * @param maxBodySize largest request body in bytes, {@code 1024..1 GiB}, default 16 MiB
 */
public record ApiServerConfig(int port, String bind, int maxBodySize) {

    /** Validates every value. */
    public ApiServerConfig {
        Require.port("port", port);
        Require.nonBlank("bind", bind);
        Require.range("maxBodySize", maxBodySize, 1024, 1 << 30);
    }

    /** The defaults: port 6789 on all interfaces, 16 MiB bodies. */
    public static ApiServerConfig defaults() {
        return new ApiServerConfig(6789, "0.0.0.0", 16 << 20);
    }
}
