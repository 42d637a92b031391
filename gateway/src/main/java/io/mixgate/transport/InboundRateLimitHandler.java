package io.mixgate.transport;

import io.mixgate.config.RateLimitConfig;
import io.mixgate.session.CloseCode;
import io.mixgate.session.TokenBucket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@code servers[].rateLimit} on one connection. It sits before Netty's WebSocket
 * protocol handler, so it sees every frame as decoded, pings and pongs included (the protocol
 * handler answers pings itself; a ping over the limit never reaches it and gets no pong). Each
 * text, binary, ping or pong frame that starts a message takes a token; continuation frames
 * belong to their message and close frames are never limited.
 *
 * <p>Over the limit the frame is dropped, so the script never sees it, and then either the
 * connection is closed with 1008 "rate limit exceeded" ({@code action: close}; every later frame
 * but close is dropped too) or the configured reply is written as a text frame ({@code action:
 * error}; the continuation frames of a dropped fragmented message are dropped with it). The reply
 * may overtake the script's replies to earlier messages, which are still queued on its lane.
 *
 * <p>Before the upgrade it passes everything on untouched. One instance per channel, used by the
 * channel's event loop only; it owns each frame it is given and releases the ones it drops.
 */
final class InboundRateLimitHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(InboundRateLimitHandler.class);

    private final RateLimitConfig config;
    private final ByteBuf errorReply; // shared, unreleasable; written as a duplicate
    private final LongSupplier nanoClock;
    private TokenBucket bucket; // made on the first frame, i.e. after the upgrade
    private boolean dropContinuations;
    private boolean exceeded;

    /** @param errorReply the reply text as UTF-8 in an unreleasable buffer that this handler only duplicates */
    InboundRateLimitHandler(RateLimitConfig config, ByteBuf errorReply, LongSupplier nanoClock) {
        this.config = config;
        this.errorReply = errorReply;
        this.nanoClock = nanoClock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame) || frame instanceof CloseWebSocketFrame) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (frame instanceof ContinuationWebSocketFrame) {
            if (exceeded || dropContinuations) {
                dropContinuations = !frame.isFinalFragment();
                ReferenceCountUtil.release(frame);
            } else {
                ctx.fireChannelRead(frame);
            }
            return;
        }
        if (exceeded) {
            ReferenceCountUtil.release(frame);
            return;
        }
        long now = nanoClock.getAsLong();
        if (bucket == null) {
            bucket = new TokenBucket(config.messagesPerSecond(), config.burst(), now);
        }
        if (bucket.tryTake(now)) {
            ctx.fireChannelRead(frame);
            return;
        }
        boolean fragmented = !frame.isFinalFragment();
        ReferenceCountUtil.release(frame);
        refuse(ctx, fragmented);
    }

    private void refuse(ChannelHandlerContext ctx, boolean fragmented) {
        WebSocketSessionHandler session = ctx.pipeline().get(WebSocketSessionHandler.class);
        if (config.closes()) {
            exceeded = true;
            log.debug("{} over rateLimit ({}/s, burst {}): closing", ctx.channel().remoteAddress(),
                    config.messagesPerSecond(), config.burst());
            if (session != null) {
                session.closeAwaitingPeer(CloseCode.RATE_LIMITED, CloseCode.RATE_LIMITED.reason());
            } else {
                ctx.close();
            }
            return;
        }
        dropContinuations = fragmented;
        if (session == null || !session.isClosing()) {
            ctx.writeAndFlush(new TextWebSocketFrame(errorReply.duplicate()));
        }
    }
}
