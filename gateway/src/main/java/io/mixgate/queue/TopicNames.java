package io.mixgate.queue;

/**
 * The rule for queue topic names, shared by push and pop: non-empty, at most {@link #MAX_LENGTH}
 * characters, no whitespace and no control characters.
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicNames {
    public static final int MAX_LENGTH = 256;

    private TopicNames() {
    }

    /** Null when {@code topic} is a valid name, else what is wrong with it. */
    public static String problem(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "topic must not be empty";
        }
        if (topic.length() > MAX_LENGTH) {
            return "topic is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < topic.length(); ) {
            int c = topic.codePointAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                return "topic " + quoted(topic) + " contains whitespace or a control character";
            }
            i += Character.charCount(c);
        }
        return null;
    }

    private static String quoted(String topic) {
        StringBuilder out = new StringBuilder("\"");
        topic.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
