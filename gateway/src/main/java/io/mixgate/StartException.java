package io.mixgate;

import io.mixgate.config.RedisConfig;
import java.net.BindException;
import java.util.Locale;

/**
 * A node could not start for a reason the operator can fix, said in one line that names the config
 * key (e.g. {@code servers[0].port: 6790 is already in use}); {@link Main} prints it without a stack
 * trace and exits with 1. Immutable.
 */
public final class StartException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code failure} as a {@link StartException} naming {@code key} and {@code port} when it says the
     * address is taken (Netty's native transport and Undertow word it differently); otherwise
     * {@code failure} itself.
     */
    static Exception portInUse(Exception failure, String key, String bind, int port) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof BindException || message.contains("address already in use")) {
                String detail = message.contains("address already in use") ? "already in use"
                        : "cannot be bound (" + t.getMessage() + ")";
                return new StartException(key + ": " + port + " is " + detail + " (on " + bind
                        + "); stop what holds it or choose another port", failure);
            }
        }
        return failure;
    }

    /**
     * {@code failure} as a {@link StartException} naming the configured Redis key when it is Lettuce's
     * failure to connect; otherwise {@code failure} itself. The URI is not shown: it may hold a password.
     */
    static Exception redisUnreachable(RuntimeException failure, RedisConfig redis) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("io.lettuce.core.RedisConnectionException")) {
                String key = switch (redis.mode()) {
                    case SENTINEL -> "redis.sentinel.nodes";
                    case CLUSTER -> "redis.cluster";
                    default -> "redis.uri";
                };
                Throwable root = t;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                String why = root == t ? String.valueOf(t.getMessage()) : t.getMessage() + ": " + root.getMessage();
                return new StartException(key + ": Redis unreachable at start (" + why
                        + "); check the address, that Redis runs, and redis.connectTimeout", failure);
            }
        }
        return failure;
    }
}
