package io.mixgate.config;

/**
 * Thrown by the compact constructors of the config records when a value is out of
 * bounds. It carries the key relative to the record (such as {@code port} or
 * {@code options.path}) so that {@link ConfigLoader} can prefix the full path
 * ({@code servers[0].port}) before showing it to the user.
 */
final class InvalidValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String shownValue;
    private final String expected;

    InvalidValueException(String key, String shownValue, String expected) {
        super(key + ": " + shownValue + " (expected: " + expected + ")");
        this.key = key;
        this.shownValue = shownValue;
        this.expected = expected;
    }

    /** The key relative to the record that rejected it, e.g. {@code maxFrameSize}. */
    String key() {
        return key;
    }

    /** The rejected value as the user should see it: strings quoted, durations Go-style. */
    String shownValue() {
        return shownValue;
    }

    /** What would have been accepted, e.g. {@code 1..16777216}. */
    String expected() {
        return expected;
    }
}
