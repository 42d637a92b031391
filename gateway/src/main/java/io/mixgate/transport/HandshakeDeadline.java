package io.mixgate.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole-handshake deadline: a connection not upgraded within {@code timeout} of being
 * accepted gets 408 and ends (see {@link HttpRefusal}), however it trickles its bytes. The idle
 * timeout cannot do this (every byte restarts it), nor Netty's handshake timeout (it starts only
 * once the request is complete). Sits after the WebSocket protocol handler, whose
 * {@link HandshakeComplete} event cancels the deadline and removes this handler.
 *
 * <p>One instance per connection, used on its event loop only; passes every message on.
 */
final class HandshakeDeadline extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HandshakeDeadline.class);

    private final Duration timeout;
    private ScheduledFuture<?> timer;

    HandshakeDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> expire(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timer.cancel(false);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HandshakeComplete) {
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void expire(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive() || ctx.isRemoved()) {
            return;
        }
        log.debug("{} upgrade not complete within {} ms: 408", ctx.channel().remoteAddress(), timeout.toMillis());
        HttpRefusal.send(ctx, HttpResponseStatus.REQUEST_TIMEOUT,
                "upgrade request not complete within " + timeout.toMillis() + " ms");
    }
}
