package io.mixgate.pubsub;

/**
 * What a channel name may be: CONNMIX's rule, "any string without spaces", with a length cap
 * so a client cannot make the node hold huge keys.
 */
public final class ChannelNames {
    /** Longest channel name, in UTF-16 chars. */
    public static final int MAX_LENGTH = 512;

    private ChannelNames() {
    }

    public static boolean isValid(String channel) {
        if (channel == null || channel.isEmpty() || channel.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }
}
