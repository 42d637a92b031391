package io.mixgate.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.LongAdder;

/** First in a subscriber's pipeline: counts the bytes read off the socket, before any decoding. */
final class WireBytes extends ChannelInboundHandlerAdapter {
    private final LongAdder bytes;

    WireBytes(LongAdder bytes) {
        this.bytes = bytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            bytes.add(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }
}
