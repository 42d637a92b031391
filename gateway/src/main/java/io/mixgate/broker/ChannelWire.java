package io.mixgate.broker;

import io.mixgate.core.MessageType;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How a published message travels on a Redis channel. Two forms, big-endian:
 * <pre>
 * plain:   type:byte ('t' text | 'b' binary) data...
 * counted: type:byte ('T' text | 'B' binary) publisherNode:int requestId:long data...
 * history: 'O' offset:decimal ':' epoch ':' (a plain or counted message)
 * </pre>
 * The history form is written by the publish script of {@link RedisHistoryStore}, which puts the
 * offset and epoch it assigned in front of the message the node gave it.
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

    private static final byte NUMBERED = 'O';

    /**
     * A received message; {@code publisher} is {@link #NO_PUBLISHER} for the plain form,
     * {@code offset} 0 and {@code epoch} null without the history form.
     */
    record Message(MessageType type, int publisher, long requestId, byte[] data, long offset, String epoch) {
        Message(MessageType type, int publisher, long requestId, byte[] data) {
            this(type, publisher, requestId, data, 0, null);
        }

        boolean counted() {
            return publisher != NO_PUBLISHER;
        }

        boolean numbered() {
            return epoch != null;
        }
    }

    /** Bytes in front of the data in an {@link #encode} or {@link #encodeCounted} message. */
    static int headerLength(boolean counted) {
        return counted ? COUNTED_HEADER : 1;
    }

    /** The type letter the history stream keeps with a publication: {@code t} or {@code b}. */
    static byte typeLetter(MessageType type) {
        return type == MessageType.BINARY ? BINARY : TEXT;
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
        if (payload[0] == NUMBERED) {
            return readNumbered(payload);
        }
        return readInner(payload);
    }

    /** 'O' offset ':' epoch ':' inner; null when malformed. */
    private static Message readNumbered(byte[] payload) {
        int i = 1;
        long offset = 0;
        while (i < payload.length && payload[i] >= '0' && payload[i] <= '9' && i < 20) {
            offset = offset * 10 + (payload[i++] - '0');
        }
        if (i == 1 || i >= payload.length || payload[i] != ':' || offset <= 0) {
            return null;
        }
        int epochStart = ++i;
        while (i < payload.length && payload[i] != ':') {
            i++;
        }
        if (i >= payload.length || i == epochStart) {
            return null;
        }
        String epoch = new String(payload, epochStart, i - epochStart, java.nio.charset.StandardCharsets.US_ASCII);
        Message inner = readInner(Arrays.copyOfRange(payload, i + 1, payload.length));
        return inner == null ? null : new Message(inner.type(), inner.publisher(), inner.requestId(), inner.data(),
                offset, epoch);
    }

    private static Message readInner(byte[] payload) {
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
