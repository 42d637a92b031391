package io.mixgate.config;

import java.util.List;
import java.util.Locale;

/**
 * Logging settings ({@code logging:} in the YAML).
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param level the root log level: {@code trace}, {@code debug}, {@code info}
 *              (the default), {@code warn} or {@code error}; accepted in any case
 *              and stored in lower case
 */
public record LoggingConfig(String level) {

    /** The accepted levels, most verbose first. */
    public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

    /** Validates and lower-cases the level. */
    public LoggingConfig {
        String lower = level == null ? null : level.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(lower)) {
            throw new InvalidValueException("level", Require.show(level), "one of " + String.join(", ", LEVELS));
        }
        level = lower;
    }

    /** The defaults: level {@code info}. */
    public static LoggingConfig defaults() {
        return new LoggingConfig("info");
    }
}
