package io.mixgate.transport;

import io.mixgate.session.OutboundFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * A WebSocket frame encoded once; each write sends a retained duplicate, so N writes share one
 * buffer. Ownership as {@link OutboundFrame}: the creator releases it once after its last write.
 */
final class NettyOutboundFrame implements OutboundFrame {
    private final WebSocketFrame frame;

    NettyOutboundFrame(WebSocketFrame frame) {
        this.frame = frame;
    }

    /** A new reference to the same bytes, owned by the caller (normally handed to a write). */
    WebSocketFrame retainedDuplicate() {
        return frame.retainedDuplicate();
    }

    @Override
    public void release() {
        frame.release();
    }
}
