package io.mixgate.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits before the WebSocket upgrade: a request the HTTP decoder could not read gets 400 (431 when
 * a line or the headers were too long), one for any path but the server's own (query string
 * aside) a plain 404, and the connection closes; everything else passes on. The decoder's
 * failed requests must stop here: they carry the headers read so far, which the handshaker
 * would otherwise upgrade.
 */
final class HttpFallbackHandler extends ChannelInboundHandlerAdapter {
    private final String path;

    HttpFallbackHandler(String path) {
        this.path = path;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            ReferenceCountUtil.release(request);
            boolean tooLong = cause instanceof TooLongFrameException;
            HttpRefusal.send(ctx, tooLong ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST,
                    (tooLong ? "upgrade request too large: " : "bad request: ") + cause.getMessage());
            return;
        }
        if (msg instanceof FullHttpRequest request && !path.equals(new QueryStringDecoder(request.uri()).rawPath())) {
            ReferenceCountUtil.release(request);
            HttpRefusal.send(ctx, HttpResponseStatus.NOT_FOUND, "not found: this port serves WebSocket upgrades on " + path);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
