package io.mixgate.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the back-office API listens.
 *
 * @param bind        the address to bind, for example {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port        the port, {@code 0} for any free port (see {@link ApiServer#port()})
 * @param maxBodySize the largest request body accepted, in bytes; larger bodies get HTTP 413
 * @param requestTimeout how long a request's headers may take from their first byte, and its
 *                    body from the end of the headers; a slower request's connection is closed
 * @param idleTimeout how long a connection may wait for its next (or first) request before it is closed
 */
public record ApiServerSettings(String bind, int port, int maxBodySize, Duration requestTimeout, Duration idleTimeout) {

    /** The CONNMIX back-office port. */
    public static final int DEFAULT_PORT = 6789;
    /** Large enough for any sensible publish; small enough that a flood of requests cannot exhaust the heap. */
    public static final int DEFAULT_MAX_BODY_SIZE = 1024 * 1024;
    /** Headers, then the body, each within this: a slow client cannot hold a connection for long. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** A keep-alive connection waiting for its next request. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** Default request and idle timeouts. */
    public ApiServerSettings(String bind, int port, int maxBodySize) {
        this(bind, port, maxBodySize, DEFAULT_REQUEST_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }

    public ApiServerSettings {
        Objects.requireNonNull(bind, "bind");
        if (bind.isBlank()) {
            throw new IllegalArgumentException("bind: \"" + bind + "\" (expected: a host name or IP address)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        if (maxBodySize < 1) {
            throw new IllegalArgumentException("maxBodySize: " + maxBodySize + " (expected: at least 1)");
        }
        positive("requestTimeout", requestTimeout);
        positive("idleTimeout", idleTimeout);
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: 1ms..24 days)");
        }
    }
}
