package io.mixgate.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks that the config records run in their compact constructors. Each one
 * returns the accepted value or throws {@link InvalidValueException} naming the key,
 * the value and what was expected.
 */
final class Require {

    private Require() {
    }

    static int range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidValueException(key, Integer.toString(value), min + ".." + max);
        }
        return value;
    }

    static long longRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidValueException(key, Long.toString(value),
                    max == Long.MAX_VALUE ? ">= " + min : min + ".." + max);
        }
        return value;
    }

    static Duration durationRange(String key, Duration value, Duration min, Duration max) {
        present(key, value, min + ".." + max);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidValueException(key, GoDuration.format(value), GoDuration.format(min) + ".." + GoDuration.format(max));
        }
        return value;
    }

    static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new InvalidValueException(key, Integer.toString(value), ">= " + min);
        }
        return value;
    }

    static int port(String key, int value) {
        return range(key, value, 0, 65535);
    }

    static String nonBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(key, show(value), "a non-empty string");
        }
        return value;
    }

    /** {@code host:port} with a port in 1..65535. */
    static String hostPort(String key, String value) {
        int colon = value == null ? -1 : value.lastIndexOf(':');
        boolean ok = colon > 0 && colon < value.length() - 1;
        if (ok) {
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                ok = port >= 1 && port <= 65535;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new InvalidValueException(key, show(value), "host:port");
        }
        return value;
    }

    static String absolutePath(String key, String value) {
        if (value == null || !value.startsWith("/")) {
            throw new InvalidValueException(key, show(value), "a path starting with \"/\"");
        }
        return value;
    }

    static Duration notNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new InvalidValueException(key, show(value), "a duration >= 0s, 0s = off");
        }
        return value;
    }

    static Duration positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidValueException(key, show(value), "a duration > 0s");
        }
        return value;
    }

    static <T> T present(String key, T value, String expected) {
        if (value == null) {
            throw new InvalidValueException(key, "null", expected);
        }
        return value;
    }

    /**
     * An unmodifiable, order-keeping copy of {@code map}, rejecting empty keys and
     * null values; {@code key} is the map's own key, e.g. {@code options}.
     */
    static <V> Map<String, V> entries(String key, Map<String, V> map, String expectedValue) {
        present(key, map, "a mapping");
        Map<String, V> copy = new LinkedHashMap<>();
        map.forEach((name, value) -> {
            if (name == null || name.isEmpty()) {
                throw new InvalidValueException(key, show(name), "non-empty names");
            }
            copy.put(name, present(key + "." + name, value, expectedValue));
        });
        return Collections.unmodifiableMap(copy);
    }

    /** The value as shown in messages: strings quoted, durations Go-style. */
    static String show(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Duration duration) {
            return GoDuration.format(duration);
        }
        if (value instanceof CharSequence text) {
            return quote(text.toString());
        }
        return value.toString();
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
