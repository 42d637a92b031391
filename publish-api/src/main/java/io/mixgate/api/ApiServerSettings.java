package io.mixgate.api;

import java.util.Objects;

/**
 * Where and how the back-office API listens.
 *
 * @param bind        the address to bind, for example {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port        the port, {@code 0} for any free port (see {@link ApiServer#port()})
 * @param maxBodySize the largest request body accepted, in bytes; larger bodies get HTTP 413
 */
public record ApiServerSettings(String bind, int port, int maxBodySize) {

    /** The CONNMIX back-office port. */
    public static final int DEFAULT_PORT = 6789;
    /** Large enough for any sensible publish; small enough that a flood of requests cannot exhaust the heap. */
    public static final int DEFAULT_MAX_BODY_SIZE = 1024 * 1024;

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
    }
}
