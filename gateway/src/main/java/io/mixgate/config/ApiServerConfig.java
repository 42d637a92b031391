package io.mixgate.config;

import java.time.Duration;

/**
 * The back-office HTTP API server ({@code apiServer:} in the YAML), CONNMIX's
 * {@code engine.apiServer}.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param port        TCP port, {@code 0..65535}, default 6789; 0 picks a free port (tests)
 * @param bind        address to listen on, default {@code 0.0.0.0}
 * @param maxBodySize largest request body in bytes, {@code 1024..1 GiB}, default 16 MiB
 * @param requestTimeout time a request's headers may take from their first byte, and its body
 *                    from the end of the headers; a slower request's connection is closed,
 *                    {@code > 0}, default 10s
 * @param idleTimeout time a connection may stay open without a request (before the first one
 *                    and between keep-alive requests) before it is closed, {@code > 0}, default 60s
 * @param tls         HTTPS (and {@code wss://} for {@code /ws/v1}) instead of HTTP, off by default (see
 *                    {@link TlsConfig}; its {@code provider} is ignored: Undertow uses the JDK's engine)
 */
public record ApiServerConfig(int port, String bind, int maxBodySize, Duration requestTimeout, Duration idleTimeout,
        TlsConfig tls) {

    /** Validates every value. */
    public ApiServerConfig {
        Require.port("port", port);
        Require.nonBlank("bind", bind);
        Require.range("maxBodySize", maxBodySize, 1024, 1 << 30);
        Require.positive("requestTimeout", requestTimeout);
        Require.positive("idleTimeout", idleTimeout);
        Require.present("tls", tls, "a mapping");
    }

    /** The defaults: port 6789 on all interfaces, 16 MiB bodies, 10s per request, 60s idle. */
    public static ApiServerConfig defaults() {
        return new ApiServerConfig(6789, "0.0.0.0", 16 << 20, Duration.ofSeconds(10), Duration.ofSeconds(60),
                TlsConfig.defaults());
    }
}
