package io.mixgate.transport;

import io.mixgate.core.MessageType;
import io.mixgate.core.RateLimitedLog;
import io.mixgate.session.CloseCode;
import io.mixgate.session.ConnectionListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's frames, after Netty's protocol handler has done the upgrade, answered pings
 * and reassembled fragments: opens the session, hands complete messages to the listener (which
 * queues them for the script), and reports why the connection ended. Runs on the channel's
 * event loop only; never blocks.
 */
final class WebSocketSessionHandler extends SessionHandler {
    private static final Logger log = LoggerFactory.getLogger(WebSocketSessionHandler.class);
    /** Shared by every connection: one call site, so one budget of lines a minute. */
    private static final RateLimitedLog unexpected = new RateLimitedLog(log::warn);

    private final WebSocketFormats formats;
    private boolean closeOnPeerAnswer;
    private boolean misbehaviourLogged;

    /**
     * @param writeTimeout how long the outbound buffer may stay over its limit before the connection is closed
     * @param writeDelay   how long fan-out writes may wait for more before they are flushed (0 = at once)
     */
    WebSocketSessionHandler(ConnectionListener listener, Duration writeTimeout, Duration writeDelay) {
        this(listener, new WebSocketFormats(), writeTimeout, writeDelay, new LongAdder());
    }

    /**
     * @param formats    the server's wire formats: plain, and compressed for connections that negotiate it
     * @param slowCloses counts the connections this handler closes as slow consumers (shared by a server's connections)
     */
    WebSocketSessionHandler(ConnectionListener listener, WebSocketFormats formats, Duration writeTimeout, Duration writeDelay,
                            LongAdder slowCloses) {
        super(listener, writeTimeout, writeDelay, slowCloses, "connection lost");
        this.formats = formats;
    }

    /** See {@link #closeAwaitingPeer}: reading goes on until the peer's answer. */
    @Override
    boolean readingPinned() {
        return closeOnPeerAnswer;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete handshake) {
            WebSocketTransport transport = new WebSocketTransport(ctx.channel(), this, formats.negotiated(ctx.pipeline()),
                    writeDelayNanos);
            session = listener.opened(transport, HandshakeInfos.from(handshake, transport.remoteAddress()));
        } else if (evt instanceof IdleStateEvent) {
            // while reading is paused for the script, no reads says nothing about the client
            if (!readingPaused) {
                closeWith(CloseCode.GOING_AWAY, "idle timeout");
            }
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame text) {
                deliver(text, MessageType.TEXT);
            } else if (msg instanceof BinaryWebSocketFrame binary) {
                deliver(binary, MessageType.BINARY);
            } else if (msg instanceof CloseWebSocketFrame close) {
                if (closing) {
                    if (closeOnPeerAnswer) {
                        ctx.close();
                    }
                    return; // the peer's answer to our own close: the reason we recorded stands
                }
                PeerCloseFrame.Verdict verdict = PeerCloseFrame.judge(close);
                if (verdict.problem() != null) {
                    misbehaved("protocol error: " + verdict.problem(), null);
                }
                closeError = verdict.problem() == null ? null : "protocol error: " + verdict.problem();
                closing = true;
                ctx.writeAndFlush(new CloseWebSocketFrame(verdict.code(), ""))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            // pongs and stray frames are dropped
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void deliver(WebSocketFrame frame, MessageType type) {
        if (session == null || closing) {
            return;
        }
        ByteBuf content = frame.content();
        listener.received(session, ByteBufUtil.getBytes(content), type);
    }

    /** Starts the close handshake; the connection ends when the close frame is flushed. */
    void closeWith(CloseCode code, String reason) {
        closeWith(code.code(), reason);
    }

    /** Starts our close handshake with {@code code}; a code other than 1000 is the close error {@code on_close} sees. */
    void closeWith(int code, String reason) {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        closing = true;
        closeError = code == CloseCode.NORMAL.code() ? null : reason;
        ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
        // a peer that doesn't read cannot hold the connection open
        ctx.executor().schedule(() -> ctx.close(), 5, TimeUnit.SECONDS);
    }

    /**
     * Starts the close handshake with a peer that is still sending (a flood): the connection
     * ends when the peer answers with its close frame, or after 5 s. Closing the socket at once
     * would leave the peer's unread frames in the kernel, which then resets the connection and
     * can destroy our close frame before the peer reads it. Frames read meanwhile are dropped
     * by the caller; reading resumes if it was paused, so the answer can arrive.
     */
    void closeAwaitingPeer(CloseCode code, String reason) {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        closing = true;
        closeOnPeerAnswer = true;
        closeError = reason;
        ctx.writeAndFlush(new CloseWebSocketFrame(code.code(), reason));
        ctx.executor().schedule(() -> ctx.close(), 5, TimeUnit.SECONDS);
        if (readingPaused) {
            readingPaused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * Client misbehaviour (protocol errors, resets, drops mid-message, bad UTF-8, oversize): one
     * DEBUG line per connection at most, without a stack trace, so clients cannot flood the log.
     */
    private void misbehaved(String what, Throwable cause) {
        if (misbehaviourLogged) {
            return;
        }
        misbehaviourLogged = true;
        if (log.isDebugEnabled()) {
            log.debug("conn={} {}{}", session == null ? "-" : session.idString(), what,
                    cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            misbehaved("message too big", cause);
            closeWith(CloseCode.MESSAGE_TOO_BIG, "message too big");
        } else if (cause instanceof DecompressionException) {
            // a compressed frame that inflates past maxFrameSize (a decompression bomb), or one that does not inflate
            boolean tooBig = String.valueOf(cause.getMessage()).contains("maximum size");
            misbehaved(tooBig ? "compressed message too big" : "bad compressed data", cause);
            failWith(tooBig ? CloseCode.MESSAGE_TOO_BIG : CloseCode.INVALID_PAYLOAD,
                    tooBig ? "message too big" : "bad compressed data");
        } else if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            // the frame decoder sends no close frame of its own (closeOnProtocolViolation is off):
            // this is the one place that answers a broken frame, with the code the decoder chose
            misbehaved("protocol error", cause);
            String reason = "protocol error: " + cause.getMessage();
            failWith(codeFor(corrupt), reason);
        } else if (cause instanceof CorruptedFrameException) {
            misbehaved("protocol error", cause);
            failWith(CloseCode.PROTOCOL_ERROR, "protocol error: " + cause.getMessage());
        } else if (cause instanceof PrematureChannelClosureException) {
            // the client went away in the middle of a fragmented message: its loss, not the node's
            misbehaved("connection lost in the middle of a message", null);
            ctx.close();
        } else if (cause instanceof IOException) {
            misbehaved("I/O error", cause);
            if (!closing) { // after a close handshake, the peer's reset says nothing new
                closeError = "connection reset";
            }
            ctx.close();
        } else {
            unexpected.log("conn={} unexpected error, closing", session == null ? "-" : session.idString(), cause);
            closeWith(CloseCode.INTERNAL_ERROR, "internal error");
        }
    }

    private static CloseCode codeFor(CorruptedWebSocketFrameException e) {
        return switch (e.closeStatus().code()) {
            case 1007 -> CloseCode.INVALID_PAYLOAD;
            case 1009 -> CloseCode.MESSAGE_TOO_BIG;
            default -> CloseCode.PROTOCOL_ERROR;
        };
    }

    /** Fails the connection (RFC 6455 §7.1.7): a close frame, then the TCP connection ends, whatever the peer does. */
    private void failWith(CloseCode code, String reason) {
        if (!closing) {
            closeError = reason;
        }
        if (session == null || closing || !ctx.channel().isActive()) {
            ctx.close(); // not upgraded yet, or a close frame has already gone out
            return;
        }
        closing = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(code.code(), "")).addListener(ChannelFutureListener.CLOSE);
    }
}
