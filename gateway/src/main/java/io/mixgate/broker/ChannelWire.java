package io.mixgate.broker;

import io.mixgate.core.MessageType;
import java.util.Arrays;

/**
 * How a published message travels on a Redis channel: one type byte ({@code 't'} text,
 * {@code 'b'} binary) followed by the data, unchanged. Stateless.
 */
final class ChannelWire {
    private static final byte TEXT = 't';
    private static final byte BINARY = 'b';

    private ChannelWire() {
    }

    static byte[] encode(byte[] data, MessageType type) {
        byte[] out = new byte[data.length + 1];
        out[0] = type == MessageType.BINARY ? BINARY : TEXT;
        System.arraycopy(data, 0, out, 1, data.length);
        return out;
    }

    /** The type of an encoded message, or null when it is not one of ours. */
    static MessageType type(byte[] payload) {
        if (payload.length == 0) {
            return null;
        }
        return switch (payload[0]) {
            case TEXT -> MessageType.TEXT;
            case BINARY -> MessageType.BINARY;
            default -> null;
        };
    }

    static byte[] data(byte[] payload) {
        return Arrays.copyOfRange(payload, 1, payload.length);
    }
}
