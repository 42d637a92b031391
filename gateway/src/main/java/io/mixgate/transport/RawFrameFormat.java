package io.mixgate.transport;

import io.mixgate.core.MessageType;
import io.mixgate.session.OutboundFrame;
import io.mixgate.session.WireFormat;
import io.netty.buffer.Unpooled;

/**
 * Bytes as they are: what a socket server's {@code conn:send} writes, its script having built the
 * packet itself. Stateless; one instance serves every connection.
 */
final class RawFrameFormat implements WireFormat {
    static final RawFrameFormat INSTANCE = new RawFrameFormat();

    private RawFrameFormat() {
    }

    @Override
    public OutboundFrame encode(byte[] data, MessageType type) {
        return new NettyOutboundFrame(Unpooled.wrappedBuffer(data.clone()));
    }
}
