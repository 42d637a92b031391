package io.mixgate.transport.upstream;

import io.mixgate.upstream.UpstreamConnector;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The last handler of one upstream connection: tells its {@link UpstreamConnector.Events} when the
 * handshake completed, each whole message (the frame is released here), and once when it closed
 * or failed. Not shareable: one per connection.
 */
final class UpstreamFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final UpstreamConnector.Events events;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile String error;

    UpstreamFrameHandler(UpstreamConnector.Events events) {
        this.events = events;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            events.opened(new ChannelSocket(ctx.channel()));
        } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            error = "handshake timed out";
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            events.text(text.text());
        } else if (frame instanceof BinaryWebSocketFrame binary) {
            events.text(binary.content().toString(StandardCharsets.UTF_8));
        } else if (frame instanceof CloseWebSocketFrame close) {
            error = "closed by the provider: " + close.statusCode() + " " + close.reasonText();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        error = cause.toString();
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        failed(error == null ? "connection closed" : error);
        super.channelInactive(ctx);
    }

    /** Tells the events, once, that the connection is gone (or never opened). */
    void failed(String why) {
        if (done.compareAndSet(false, true)) {
            events.closed(why);
        }
    }

    /** The open connection as the feed sees it. */
    private record ChannelSocket(Channel channel) implements UpstreamConnector.Socket {
        @Override
        public boolean send(String text) {
            if (!channel.isActive()) {
                return false;
            }
            channel.writeAndFlush(new TextWebSocketFrame(text));
            return true;
        }

        @Override
        public void readable(boolean on) {
            channel.config().setAutoRead(on);
        }

        @Override
        public void close() {
            channel.close();
        }
    }
}
