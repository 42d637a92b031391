package io.mixgate.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Answers a connection that will not be upgraded with a plain-text HTTP error and ends it
 * without losing the answer: from then on every byte the client sends is read and dropped, the
 * answer is written through the HTTP encoder, the write side is shut down (the client sees the
 * end of the answer), and the connection closes when the client closes or after
 * {@link #LINGER_MILLIS}, whichever is first. Closing at once with unread bytes in the socket
 * would send a reset, which can destroy the answer before the client reads it.
 *
 * <p>Call on the channel's event loop only, before the upgrade (the HTTP encoder must still be there).
 */
final class HttpRefusal {
    /** How long a refused client may take to read the answer and close. */
    static final long LINGER_MILLIS = 1_000;

    private HttpRefusal() {
    }

    static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
        Channel channel = ctx.channel();
        if (channel.pipeline().get(Discard.class) != null) {
            return; // already refused
        }
        channel.pipeline().addFirst(new Discard());
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CONNECTION, "close");
        // from the tail, so that the response passes the HTTP encoder whatever handler refuses
        channel.writeAndFlush(response).addListener(written -> {
            if (written.isSuccess() && channel instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
                channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                channel.close();
            }
        });
        channel.config().setAutoRead(true);
    }

    /** Drops everything a refused client still sends; the first handler of the pipeline. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // swallowed with the bytes
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            ReferenceCountUtil.release(evt); // idle events and the like: the connection is ending anyway
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset while lingering: nothing left to say
        }
    }
}
