package io.mixgate.transport;

import io.mixgate.core.MessageType;
import io.mixgate.session.FrameEncoder;
import io.mixgate.session.OutboundFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes a message into a complete server-to-client WebSocket frame (RFC 6455 header, unmasked,
 * then the payload) in one pooled direct buffer, once per message whatever the number of
 * readers. Writing these bytes straight to the channel spares Netty's frame encoder its per-write
 * header allocation and, for small messages, its copy of the payload into a new buffer.
 * Thread-safe.
 */
public final class NettyFrameEncoder implements FrameEncoder {
    private static final int FIN = 0x80;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;

    private final ByteBufAllocator allocator;

    public NettyFrameEncoder() {
        this(ByteBufAllocator.DEFAULT);
    }

    NettyFrameEncoder(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public OutboundFrame encode(byte[] data, MessageType type) {
        int length = data.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf buf = allocator.directBuffer(header + length);
        buf.writeByte(FIN | (type == MessageType.BINARY ? OPCODE_BINARY : OPCODE_TEXT));
        if (length < 126) {
            buf.writeByte(length);
        } else if (length <= 0xFFFF) {
            buf.writeByte(126).writeShort(length);
        } else {
            buf.writeByte(127).writeLong(length);
        }
        buf.writeBytes(data);
        return new NettyOutboundFrame(buf);
    }
}
