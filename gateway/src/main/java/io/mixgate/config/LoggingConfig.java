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
 * @param format how lines are written to standard output: {@code text} (the default, one
 *               human-readable line with a date and time) or {@code json} (one JSON object per
 *               line, Logback's JsonEncoder); read at start only
 */
public record LoggingConfig(String level, String format) {

    /** The accepted levels, most verbose first. */
    public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");
    /** The accepted formats. */
    public static final List<String> FORMATS = List.of("text", "json");

    /** Validates and lower-cases the level and the format. */
    public LoggingConfig {
        String lower = level == null ? null : level.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(lower)) {
            throw new InvalidValueException("level", Require.show(level), "one of " + String.join(", ", LEVELS));
        }
        level = lower;
        String lowerFormat = format == null ? null : format.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(lowerFormat)) {
            throw new InvalidValueException("format", Require.show(format), "one of " + String.join(", ", FORMATS));
        }
        format = lowerFormat;
    }

    /** Whether lines are JSON objects. */
    public boolean json() {
        return format.equals("json");
    }

    /** The defaults: level {@code info}, format {@code text}. */
    public static LoggingConfig defaults() {
        return new LoggingConfig("info", "text");
    }
}
