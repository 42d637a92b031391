package io.mixgate.core;

/**
 * The one rule for channel names, shared by {@code conn:subscribe}, {@code conn.call subscribe}
 * and every publish of the API: CONNMIX's "any string without spaces", with a length cap so that
 * no one can make the node hold huge keys, and no control characters (a NUL or an escape in a
 * key is never intended and breaks logs).
 *
 * <p>Stateless and thread-safe.
 */
public final class ChannelNames {
    /** Longest channel name, in UTF-16 chars. */
    public static final int MAX_LENGTH = 512;

    /** The rule in words, for the {@code (expected: ...)} part of error messages. */
    public static final String RULE =
            "a channel name of 1.." + MAX_LENGTH + " characters without whitespace or control characters";

    private ChannelNames() {
    }

    /** Whether {@code channel} follows the rule. */
    public static boolean isValid(String channel) {
        return problem(channel) == null;
    }

    /**
     * What is wrong with {@code channel}, in a few words ("empty", "longer than 512 characters",
     * "whitespace at index 3", "control character U+0000 at index 0"), or null when it follows
     * the rule.
     */
    public static String problem(String channel) {
        if (channel == null) {
            return "missing";
        }
        if (channel.isEmpty()) {
            return "empty";
        }
        if (channel.length() > MAX_LENGTH) {
            return channel.length() + " characters, longer than " + MAX_LENGTH;
        }
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (Character.isISOControl(c)) {
                return String.format("control character U+%04X at index %d", (int) c, i);
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return String.format("whitespace U+%04X at index %d", (int) c, i);
            }
        }
        return null;
    }
}
