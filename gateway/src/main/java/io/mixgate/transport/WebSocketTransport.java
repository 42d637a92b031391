package io.mixgate.transport;

import io.mixgate.session.CloseCode;
import io.mixgate.session.WireFormat;
import io.netty.channel.Channel;

/**
 * A WebSocket client connection as the session layer sees it: {@link ChannelTransport}'s write
 * path, with the close handshake and flow control of {@link WebSocketSessionHandler}, both run on
 * the event loop.
 */
final class WebSocketTransport extends ChannelTransport {
    private final WebSocketSessionHandler handler;

    /** @param format plain or compressed frames, as the handshake negotiated */
    WebSocketTransport(Channel channel, WebSocketSessionHandler handler, WireFormat format, long writeDelayNanos) {
        super(channel, format, writeDelayNanos);
        this.handler = handler;
    }

    @Override
    boolean isClosing() {
        return handler.isClosing();
    }

    @Override
    public void close(CloseCode code, String reason) {
        channel.eventLoop().execute(() -> handler.closeWith(code, reason));
    }

    @Override
    public void close(int code, String reason) {
        channel.eventLoop().execute(() -> handler.closeWith(code, reason));
    }

    @Override
    public void backlogChanged() {
        channel.eventLoop().execute(handler::updateReading);
    }
}
