package io.mixgate.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import java.util.List;

/**
 * Stands in the pipeline where Netty would put its permessage-deflate encoder, once a handshake
 * negotiated the extension: messages reach the wire already compressed (shared by every
 * subscriber, see {@link DeflateFrameFormat}) below this point, and control frames are never
 * compressed, so it passes every frame on untouched. Its presence tells the session which format
 * the connection uses, and with which window.
 */
final class DeflateNegotiated extends WebSocketExtensionEncoder {
    private final int serverWindowBits;

    DeflateNegotiated(int serverWindowBits) {
        this.serverWindowBits = serverWindowBits;
    }

    /** The largest window the server's compression may use on this connection, 8..15. */
    int serverWindowBits() {
        return serverWindowBits;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        out.add(frame.retain());
    }
}
