package io.mixgate.config;

/**
 * The configuration could not be read, parsed or validated. The message is the
 * full text to show the user, naming where the problem is (file or {@code --set}),
 * the key, the value and what was expected, e.g.
 * {@code config/gateway.yaml: servers[0].port: 70000 (expected: 0..65535)}.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}, the complete user-facing text. */
    public ConfigException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause}. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
