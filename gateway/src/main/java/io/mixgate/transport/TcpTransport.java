package io.mixgate.transport;

import io.mixgate.session.CloseCode;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.WireFormat;
import io.netty.channel.Channel;

/**
 * A raw TCP client connection as the session layer sees it: {@link ChannelTransport}'s write
 * path with the script's {@code protocol_encode} as its format, {@code conn:send}'s bytes as they
 * are, and the close and flow control of {@link TcpSessionHandler}, run on the event loop.
 * A close code means nothing on raw TCP: anything but 1000 becomes the reason {@code on_close} sees.
 */
final class TcpTransport extends ChannelTransport {
    private final TcpSessionHandler handler;

    /** @param writeDelayNanos how long fan-out writes may wait for more before a flush (servers[].writeDelay) */
    TcpTransport(Channel channel, TcpSessionHandler handler, WireFormat format, long writeDelayNanos) {
        super(channel, format, writeDelayNanos);
        this.handler = handler;
    }

    @Override
    boolean isClosing() {
        return handler.isClosing();
    }

    @Override
    public boolean scriptFramed() {
        return true;
    }

    @Override
    public boolean writeUnframed(OutboundMessage message) {
        return write(message, RawFrameFormat.INSTANCE);
    }

    @Override
    public void close(CloseCode code, String reason) {
        close(code.code(), reason);
    }

    @Override
    public void close(int code, String reason) {
        String error = code == CloseCode.NORMAL.code() ? null : reason;
        channel.eventLoop().execute(() -> handler.closeWith(error));
    }

    @Override
    public void backlogChanged() {
        channel.eventLoop().execute(handler::updateReading);
    }
}
