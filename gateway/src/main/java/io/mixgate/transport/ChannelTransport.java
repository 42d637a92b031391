package io.mixgate.transport;

import io.mixgate.session.ClientTransport;
import io.mixgate.session.OutboundFrame;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * The write path every client connection shares, whatever its protocol: a message is encoded for
 * the connection's {@link WireFormat} (once per format, by {@link OutboundMessage}), and the
 * encoded bytes enter the pipeline at {@link OutboundWire}, so every handler below the framing
 * (TLS) sees them. Single writes from any thread hop to the event loop; fan-out writes come
 * through {@link EventLoopFanout}, which writes on the event loop and flushes once per batch.
 *
 * <p>Slow consumers: while the channel's outbound buffer is over its high-water mark
 * ({@code maxOutboundBytes}) new messages are dropped for this connection and reported as
 * failed; the protocol's handler closes a connection that stays unwritable longer than the write
 * timeout.
 *
 * <p>Subclasses add the protocol's close and flow control. Thread safety: as
 * {@link ClientTransport}; the fields marked below are touched on the event loop only.
 */
abstract class ChannelTransport implements ClientTransport {
    protected final Channel channel;
    private final ChannelHandlerContext wire;
    private final WireFormat format;
    private final String remoteAddress;
    /** How long fan-out writes to this connection may wait for more before a flush; 0 = flush in the same loop turn. */
    final long writeDelayNanos;
    /** Whether this connection waits in its loop's flush batch; touched on the event loop only. */
    boolean flushPending;

    /**
     * @param format how this connection's messages are encoded
     * @throws IllegalStateException if the pipeline has no {@link OutboundWire}
     */
    ChannelTransport(Channel channel, WireFormat format, long writeDelayNanos) {
        this.channel = channel;
        this.format = format;
        this.writeDelayNanos = writeDelayNanos;
        this.wire = channel.pipeline().context(OutboundWire.INSTANCE);
        if (wire == null) {
            throw new IllegalStateException("pipeline without OutboundWire: " + channel.pipeline().names());
        }
        this.remoteAddress = format(channel.remoteAddress());
    }

    /** Whether the protocol's close has begun (nothing more may be written); on the event loop only. */
    abstract boolean isClosing();

    @Override
    public final String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public final WireFormat format() {
        return format;
    }

    /** Whether a message queued now would be taken: open and under the outbound limit. Any thread. */
    final boolean canTake() {
        return channel.isActive() && channel.isWritable();
    }

    final EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /**
     * Queues encoded bytes without flushing; on the event loop only. Takes ownership of
     * {@code bytes}. A connection whose close has begun gets nothing more.
     */
    final void writeNoFlush(ByteBuf bytes) {
        if (isClosing()) {
            bytes.release();
            return;
        }
        wire.write(bytes, channel.voidPromise());
    }

    /** On the event loop only. */
    final void flush() {
        wire.flush();
    }

    @Override
    public final boolean write(OutboundMessage message) {
        return write(message, format);
    }

    /** As {@link #write(OutboundMessage)}, encoding for {@code wireFormat} instead of the connection's own. */
    final boolean write(OutboundMessage message, WireFormat wireFormat) {
        if (!canTake()) {
            return false;
        }
        ByteBuf bytes = encoded(message, wireFormat);
        if (bytes == null) {
            return false;
        }
        return onLoop(() -> {
            writeNoFlush(bytes);
            flush();
        }, bytes);
    }

    @Override
    public final int writeMany(List<OutboundMessage> messages) {
        if (messages.isEmpty() || !canTake()) {
            return 0;
        }
        ByteBuf[] all = new ByteBuf[messages.size()];
        int n = 0;
        for (OutboundMessage message : messages) {
            ByteBuf bytes = encoded(message, format);
            if (bytes == null) {
                break;
            }
            all[n++] = bytes;
        }
        int queued = n;
        Runnable task = () -> {
            for (int i = 0; i < queued; i++) {
                writeNoFlush(all[i]);
            }
            flush();
        };
        if (queued == 0 || !onLoop(task, all[0])) {
            for (int i = 1; i < queued; i++) {
                all[i].release();
            }
            return 0;
        }
        return queued;
    }

    /** A new reference to the message's bytes in this connection's format, or null when the format refused it. */
    private static ByteBuf encoded(OutboundMessage message, WireFormat format) {
        OutboundFrame frame = message.frameFor(format);
        return frame == null ? null : ((NettyOutboundFrame) frame).retainedDuplicate();
    }

    /** Runs {@code task} on the event loop; if the loop is shutting down, releases {@code owned} and says false. */
    private boolean onLoop(Runnable task, ByteBuf owned) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            task.run();
            return true;
        }
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            owned.release();
            return false;
        }
    }

    @Override
    public final long outboundBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes(); // a volatile read: fine from any thread
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
