package io.mixgate.transport;

import io.mixgate.core.MessageType;
import io.mixgate.session.OutboundFrame;
import io.mixgate.session.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Uncompressed WebSocket frames: a message becomes one complete server-to-client frame (RFC 6455
 * header, unmasked, then the payload) in one pooled direct buffer, once per message whatever the
 * number of readers. Writing these bytes below the frame encoder spares it its per-write header
 * allocation and, for small messages, its copy of the payload. Thread-safe; one instance serves
 * every server.
 */
public final class WebSocketFrameFormat implements WireFormat {
    static final int FIN = 0x80;
    static final int RSV1 = 0x40;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;

    private final ByteBufAllocator allocator;

    public WebSocketFrameFormat() {
        this(ByteBufAllocator.DEFAULT);
    }

    WebSocketFrameFormat(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public OutboundFrame encode(byte[] data, MessageType type) {
        ByteBuf buf = allocator.directBuffer(headerLength(data.length) + data.length);
        writeHeader(buf, 0, type, data.length);
        buf.writeBytes(data);
        return new NettyOutboundFrame(buf);
    }

    /** The length of the header of a frame carrying {@code payloadLength} bytes. */
    static int headerLength(int payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** Writes a final frame's header; {@code rsv} is 0, or {@link #RSV1} for a compressed message. */
    static void writeHeader(ByteBuf buf, int rsv, MessageType type, int payloadLength) {
        buf.writeByte(FIN | rsv | (type == MessageType.BINARY ? OPCODE_BINARY : OPCODE_TEXT));
        if (payloadLength < 126) {
            buf.writeByte(payloadLength);
        } else if (payloadLength <= 0xFFFF) {
            buf.writeByte(126).writeShort(payloadLength);
        } else {
            buf.writeByte(127).writeLong(payloadLength);
        }
    }
}
