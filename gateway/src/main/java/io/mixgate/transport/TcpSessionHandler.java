package io.mixgate.transport;

import io.mixgate.core.MessageType;
import io.mixgate.core.RateLimitedLog;
import io.mixgate.session.CloseCode;
import io.mixgate.session.ConnectionListener;
import io.mixgate.session.Session;
import io.mixgate.session.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One raw TCP connection: opens the session when the connection is accepted, hands each read's
 * bytes (a copy) to the listener, which queues them on the connection's script lane where the
 * script frames them (no framing and no Lua here), pauses reading while that lane is backlogged,
 * closes idle and slow connections, and reports why the connection ended. Runs on the channel's
 * event loop only; never blocks.
 */
final class TcpSessionHandler extends SessionHandler {
    private static final Logger log = LoggerFactory.getLogger(TcpSessionHandler.class);
    private static final RateLimitedLog unexpected = new RateLimitedLog(log::warn);

    private final WireFormat format;

    /**
     * @param format       the server's {@code protocol_encode} format, shared by its connections
     * @param writeTimeout how long the outbound buffer may stay over its limit before the connection is closed
     * @param writeDelay   how long fan-out writes may wait for more before they are flushed (0 = at once)
     * @param slowCloses   counts the connections closed as slow consumers (shared by a server's connections)
     */
    TcpSessionHandler(ConnectionListener listener, WireFormat format, Duration writeTimeout, Duration writeDelay,
                      LongAdder slowCloses) {
        super(listener, writeTimeout, writeDelay, slowCloses, null); // null = a normal close (the client's or the script's)
        this.format = format;
    }

    /** Nothing more is read once the close has begun. */
    @Override
    boolean readingPinned() {
        return closing;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        session = listener.opened(new TcpTransport(ctx.channel(), this, format, writeDelayNanos), null);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf bytes && session != null && !closing && bytes.isReadable()) {
                listener.received(session, ByteBufUtil.getBytes(bytes), MessageType.BINARY);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            // while reading is paused for the script, no reads says nothing about the client
            if (!readingPaused) {
                closeWith("idle timeout");
            }
        } else if (evt instanceof ChannelInputShutdownEvent) {
            // the client sent all it will send (nc at end of input): the script handles what is
            // queued, replies go out, then the connection closes normally
            Session s = session;
            if (s != null) {
                s.lane().submit(() -> s.close(CloseCode.NORMAL, ""));
            } else {
                ctx.close();
            }
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    /**
     * Flushes what is queued and closes; {@code error} (null = normal) is what {@code on_close} sees.
     * Idempotent: the first reason stands.
     */
    void closeWith(String error) {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        closing = true;
        closeError = error;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        // a peer that doesn't read cannot hold the connection open
        ctx.executor().schedule(() -> ctx.close(), 5, TimeUnit.SECONDS);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            if (!closing) {
                closeError = "connection reset";
                closing = true;
            }
            log.debug("conn={} I/O error: {}", session == null ? "-" : session.idString(), cause.getMessage());
            ctx.close();
        } else {
            unexpected.log("conn={} unexpected error, closing", session == null ? "-" : session.idString(), cause);
            closeWith("internal error");
        }
    }
}
