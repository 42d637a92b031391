package io.mixgate.transport;

import io.mixgate.core.MessageType;
import io.mixgate.session.ClientTransport;
import io.mixgate.session.CloseCode;
import io.mixgate.session.OutboundFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A client connection as the session layer sees it. Single writes from any thread go straight to
 * the channel (Netty queues them onto the event loop); fan-out writes come through
 * {@link EventLoopFanout}, which writes on the event loop and flushes once per batch; close and
 * flow control run on the event loop.
 *
 * <p>Slow consumers: while the channel's outbound buffer is over its high-water mark
 * ({@code maxOutboundBytes}) new messages are dropped for this connection and reported as
 * failed; {@link WebSocketSessionHandler} closes a connection that stays unwritable longer
 * than the write timeout.
 */
final class NettyClientTransport implements ClientTransport {
    private final Channel channel;
    private final WebSocketSessionHandler handler;
    private final String remoteAddress;
    /** How long fan-out writes to this connection may wait for more before a flush; 0 = flush in the same loop turn. */
    final long writeDelayNanos;
    /** Whether this connection waits in its loop's flush batch; touched on the event loop only. */
    boolean flushPending;

    NettyClientTransport(Channel channel, WebSocketSessionHandler handler, long writeDelayNanos) {
        this.channel = channel;
        this.handler = handler;
        this.writeDelayNanos = writeDelayNanos;
        this.remoteAddress = format(channel.remoteAddress());
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    /** Whether a message queued now would be taken: open and under the outbound limit. Any thread. */
    boolean canTake() {
        return channel.isActive() && channel.isWritable();
    }

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /**
     * Queues already-encoded frame bytes without flushing; on the event loop only. Takes ownership
     * of {@code wire}. The bytes enter the pipeline at its first handler, so they skip the walk
     * through the WebSocket handlers, which would pass them on untouched anyway; a connection
     * that has begun its close handshake gets nothing more, as the protocol handler would ensure.
     */
    void writeNoFlush(ByteBuf wire) {
        if (handler.isClosing()) {
            wire.release();
            return;
        }
        channel.pipeline().firstContext().write(wire, channel.voidPromise());
    }

    /** Flushes from the first handler, for the same reason as {@link #writeNoFlush}; on the event loop only. */
    void flush() {
        channel.pipeline().firstContext().flush();
    }

    @Override
    public boolean write(OutboundFrame frame) {
        if (!canTake()) {
            return false;
        }
        channel.writeAndFlush(((NettyOutboundFrame) frame).retainedDuplicate(), channel.voidPromise());
        return true;
    }

    @Override
    public boolean send(byte[] data, MessageType type) {
        if (!canTake()) {
            return false;
        }
        // a heap copy, not the channel's pooled allocator: callers are script lanes on short-lived
        // virtual threads, and the pooled allocator would build a thread cache for each of them
        // (measured: ~3% of the node's CPU in the connect benchmark); the event loop copies it
        // into its own pooled direct buffer when it writes
        ByteBuf buf = Unpooled.copiedBuffer(data);
        channel.writeAndFlush(type == MessageType.BINARY ? new BinaryWebSocketFrame(buf) : new TextWebSocketFrame(buf),
                channel.voidPromise());
        return true;
    }

    @Override
    public void close(CloseCode code, String reason) {
        channel.eventLoop().execute(() -> handler.closeWith(code, reason));
    }

    @Override
    public void close(int code, String reason) {
        channel.eventLoop().execute(() -> handler.closeWith(code, reason));
    }

    @Override
    public long outboundBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes(); // a volatile read: fine from any thread
    }

    @Override
    public void backlogChanged() {
        channel.eventLoop().execute(handler::updateReading);
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
