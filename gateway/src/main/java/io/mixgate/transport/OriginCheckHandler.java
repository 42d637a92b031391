package io.mixgate.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses an upgrade whose {@code Origin} the server's {@link OriginPolicy} does not allow with
 * 403, before the handshake; logged at DEBUG only, as it is the client's doing. Passes every
 * other message on. Shared by every connection of a server; holds no state.
 */
@ChannelHandler.Sharable
final class OriginCheckHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(OriginCheckHandler.class);

    private final OriginPolicy policy;

    OriginCheckHandler(OriginPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (!policy.allows(origin, request.headers().get(HttpHeaderNames.HOST))) {
                request.release();
                log.debug("{} origin {} not allowed: 403", ctx.channel().remoteAddress(), origin);
                HttpRefusal.send(ctx, HttpResponseStatus.FORBIDDEN, "origin not allowed: " + origin
                        + " (the server's allowedOrigins lists the origins it accepts besides its own host)");
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
