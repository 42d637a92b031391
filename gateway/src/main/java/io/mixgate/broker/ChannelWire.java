package io.mixgate.broker;

import io.mixgate.core.MessageType;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How a published message travels on a Redis channel. Two forms, big-endian:
 * <pre>
 * plain:   type:byte ('t' text | 'b' binary) data...
 * counted: type:byte ('T' text | 'B' binary) publisherNode:int requestId:long data...
 * </pre>
 * A node that receives a counted message reports its delivery counts for {@code requestId} to
 * {@code publisherNode} ({@link CountReports}); a plain one (publishCounts: nodes, or an older
 * node) is only delivered. Both forms are always readable. Stateless.
 */
final class ChannelWire {
    private static final byte TEXT = 't';
    private static final byte BINARY = 'b';
    private static final byte COUNTED_TEXT = 'T';
    private static final byte COUNTED_BINARY = 'B';
    private static final int COUNTED_HEADER = 1 + 4 + 8;
    /** Publisher of a plain message: nobody to report to. */
    static final int NO_PUBLISHER = -1;

    /** A received message; {@code publisher} is {@link #NO_PUBLISHER} for the plain form. */
    record Message(MessageType type, int publisher, long requestId, byte[] data) {
        boolean counted() {
            return publisher != NO_PUBLISHER;
        }
    }

    private ChannelWire() {
    }

    static byte[] encode(byte[] data, MessageType type) {
        byte[] out = new byte[data.length + 1];
        out[0] = type == MessageType.BINARY ? BINARY : TEXT;
        System.arraycopy(data, 0, out, 1, data.length);
        return out;
    }

    static byte[] encodeCounted(byte[] data, MessageType type, int publisher, long requestId) {
        ByteBuffer out = ByteBuffer.allocate(COUNTED_HEADER + data.length);
        out.put(type == MessageType.BINARY ? COUNTED_BINARY : COUNTED_TEXT).putInt(publisher).putLong(requestId).put(data);
        return out.array();
    }

    /** The message in {@code payload}, or null when it is not one of ours. */
    static Message read(byte[] payload) {
        if (payload.length == 0) {
            return null;
        }
        return switch (payload[0]) {
            case TEXT -> new Message(MessageType.TEXT, NO_PUBLISHER, 0, Arrays.copyOfRange(payload, 1, payload.length));
            case BINARY -> new Message(MessageType.BINARY, NO_PUBLISHER, 0, Arrays.copyOfRange(payload, 1, payload.length));
            case COUNTED_TEXT, COUNTED_BINARY -> {
                if (payload.length < COUNTED_HEADER) {
                    yield null;
                }
                ByteBuffer in = ByteBuffer.wrap(payload, 1, COUNTED_HEADER - 1);
                int publisher = in.getInt();
                long requestId = in.getLong();
                yield publisher < 0 ? null : new Message(payload[0] == COUNTED_BINARY ? MessageType.BINARY : MessageType.TEXT,
                        publisher, requestId, Arrays.copyOfRange(payload, COUNTED_HEADER, payload.length));
            }
            default -> null;
        };
    }
}
