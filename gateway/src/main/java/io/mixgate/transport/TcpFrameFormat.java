package io.mixgate.transport;

import io.mixgate.core.MessageType;
import io.mixgate.session.MessageEncoder;
import io.mixgate.session.OutboundFrame;
import io.mixgate.session.WireFormat;
import io.netty.buffer.Unpooled;
import java.util.concurrent.atomic.LongAdder;

/**
 * A socket server's wire format: the bytes its script's {@code protocol_encode} makes of a
 * message, once per message for every connection of the server. One instance per server.
 *
 * <p>Thread-safe, as {@link MessageEncoder}.
 */
final class TcpFrameFormat implements WireFormat {
    private final MessageEncoder encoder;
    private final LongAdder encodings = new LongAdder();

    TcpFrameFormat(MessageEncoder encoder) {
        this.encoder = encoder;
    }

    @Override
    public OutboundFrame encode(byte[] data, MessageType type) {
        encodings.increment();
        byte[] wire = encoder.encode(data, type);
        return wire == null ? null : new NettyOutboundFrame(Unpooled.wrappedBuffer(wire));
    }

    /** Messages handed to the script's encoder since start (failed ones included). */
    long encodings() {
        return encodings.sum();
    }
}
