package io.mixgate.transport.http;

import java.time.Duration;

/**
 * Bounds on the keep-alive connections of {@code mix.http.request}, per host and port.
 *
 * <p>Immutable.
 *
 * @param maxConnectionsPerHost connections open at once to one host and port, {@code 1..100000};
 *                              a request that finds all busy waits for one
 * @param maxPendingPerHost     requests that may wait for a connection to one host and port,
 *                              {@code 1..1000000}; the next one fails at once without being sent
 * @param idleTimeout           an idle pooled connection closes after this long, {@code > 0}
 * @param maxLifetime           a connection is not reused once it is this old, {@code > 0} (lets
 *                              DNS changes and server-side rebalancing take effect)
 */
public record ConnectionLimits(int maxConnectionsPerHost, int maxPendingPerHost, Duration idleTimeout,
                               Duration maxLifetime) {

    public ConnectionLimits {
        if (maxConnectionsPerHost < 1 || maxConnectionsPerHost > 100_000) {
            throw new IllegalArgumentException("maxConnectionsPerHost: " + maxConnectionsPerHost + " (expected: 1..100000)");
        }
        if (maxPendingPerHost < 1 || maxPendingPerHost > 1_000_000) {
            throw new IllegalArgumentException("maxPendingPerHost: " + maxPendingPerHost + " (expected: 1..1000000)");
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: > 0)");
        }
        if (maxLifetime == null || maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("maxLifetime: " + maxLifetime + " (expected: > 0)");
        }
    }

    /** 512 connections and 4096 waiting requests per host, 30 s idle, 5 min lifetime. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(512, 4096, Duration.ofSeconds(30), Duration.ofMinutes(5));
    }
}
