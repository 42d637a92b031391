package io.mixgate.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One {@code /ws/v1} connection of the back office, closed loop: keeps {@code depth} publish
 * requests in flight, each {@code {"m":"mesh.publish","p":<the target's publish body>,"i":seq}},
 * and sends the next as each reply comes back (replies may come out of order: matched by id).
 * Runs on its channel's event loop only.
 */
final class WsPublishConnection extends SimpleChannelInboundHandler<WebSocketFrame> {

    private final PublishStats stats;
    private final int depth;
    private final Supplier<Target.Publish> next;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Request id → (publish, start nanos). */
    private final Map<Long, Object[]> inFlight = new HashMap<>();
    private long seq;
    private volatile ChannelHandlerContext context;

    WsPublishConnection(PublishStats stats, int depth, Supplier<Target.Publish> next) {
        this.stats = stats;
        this.depth = depth;
        this.next = next;
    }

    /** Completes once the upgrade is done; the loop starts with {@link #start}. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** Fills the pipe; called once {@link #ready} completed. */
    void start() {
        ChannelHandlerContext ctx = context;
        ctx.executor().execute(() -> {
            for (int i = 0; i < depth; i++) {
                send(ctx);
            }
            ctx.flush();
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            context = ctx;
            ready.complete(null);
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            ready.completeExceptionally(new IllegalStateException("handshake timeout"));
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void send(ChannelHandlerContext ctx) {
        Target.Publish p = next.get();
        if (p == null) {
            return;
        }
        long id = ++seq;
        String request = "{\"m\":\"mesh.publish\",\"p\":" + new String(p.body(), StandardCharsets.UTF_8) + ",\"i\":" + id + "}";
        stats.sent.increment();
        inFlight.put(id, new Object[] {p, System.nanoTime()});
        ctx.write(new TextWebSocketFrame(request), ctx.voidPromise());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            return;
        }
        String body = text.text();
        WsReply reply = WsReply.parse(body);
        Object[] call = inFlight.remove(reply.id());
        if (call == null) {
            if (stats.firstError == null) {
                stats.firstError = "unmatched reply: " + body.substring(0, Math.min(200, body.length()));
            }
            return;
        }
        stats.answered((Target.Publish) call[0], reply.ok(), System.nanoTime() - (long) call[1],
                reply.ok() ? null : body.substring(0, Math.min(200, body.length())));
        send(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush(); // the requests refilled for a whole read of replies leave in one write
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ready.completeExceptionally(new IllegalStateException("connection closed during the upgrade"));
        for (Object[] call : inFlight.values()) {
            stats.answered((Target.Publish) call[0], false, System.nanoTime() - (long) call[1], "connection closed");
        }
        inFlight.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (stats.firstError == null) {
            stats.firstError = cause.toString();
        }
        ctx.close();
    }
}
