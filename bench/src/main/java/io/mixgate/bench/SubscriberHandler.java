package io.mixgate.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One subscriber connection after Netty's client handshaker: sends the target's setup
 * messages one by one, each awaiting {@code {"result":true}}, then completes {@link #ready()}
 * and counts every bench payload it receives. Runs on its channel's event loop only.
 */
final class SubscriberHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final String OK = "{\"result\":true}";

    private final List<String> setup;
    private final DeliveryCounters counters;
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private int step;

    SubscriberHandler(List<String> setup, DeliveryCounters counters) {
        this.setup = setup;
        this.counters = counters;
    }

    /** Completes with the setup time in nanoseconds (connect to subscribed), or fails. */
    CompletableFuture<Long> ready() {
        return ready;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            next(ctx);
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail(ctx, "handshake timeout");
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void next(ChannelHandlerContext ctx) {
        if (step < setup.size()) {
            ctx.writeAndFlush(new TextWebSocketFrame(setup.get(step++)), ctx.voidPromise());
        } else {
            ready.complete(System.nanoTime() - startNanos);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame)) {
            return;
        }
        ByteBuf content = frame.content();
        if (!ready.isDone()) {
            String reply = content.toString(StandardCharsets.UTF_8);
            if (reply.startsWith(OK)) {
                next(ctx);
            } else {
                fail(ctx, "setup refused: " + reply);
            }
            return;
        }
        long sent = Payload.sendNanos(content);
        if (sent >= 0) {
            counters.delivered(sent);
        } else {
            counters.unexpected.increment();
        }
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        ready.completeExceptionally(new IllegalStateException(why));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!ready.completeExceptionally(new IllegalStateException("connection closed during setup"))) {
            counters.droppedConnections.increment();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause.toString());
    }
}
