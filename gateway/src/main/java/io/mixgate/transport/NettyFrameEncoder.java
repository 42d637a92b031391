package io.mixgate.transport;

import io.mixgate.api.MessageType;
import io.mixgate.session.FrameEncoder;
import io.mixgate.session.OutboundFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** Encodes messages into pooled direct buffers, one per message whatever the number of readers. Thread-safe. */
public final class NettyFrameEncoder implements FrameEncoder {
    private final ByteBufAllocator allocator;

    public NettyFrameEncoder() {
        this(ByteBufAllocator.DEFAULT);
    }

    NettyFrameEncoder(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public OutboundFrame encode(byte[] data, MessageType type) {
        ByteBuf buf = allocator.directBuffer(data.length).writeBytes(data);
        return new NettyOutboundFrame(type == MessageType.BINARY ? new BinaryWebSocketFrame(buf) : new TextWebSocketFrame(buf));
    }
}
