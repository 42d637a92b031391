package io.mixgate.transport;

import io.mixgate.core.MessageType;
import io.mixgate.session.OutboundFrame;
import io.mixgate.session.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.Deflater;

/**
 * permessage-deflate frames (RFC 7692) for the connections of one server that negotiated the
 * extension with the same window: each message is compressed alone (a fresh compression context,
 * so no connection's earlier messages are needed to read it), once, and every such subscriber
 * shares the result. A message shorter than {@code minSize}, longer than the window (then no
 * compressor may look back that far: sent as is, RSV1 clear), or that would not shrink goes out
 * uncompressed, which the extension allows message by message.
 *
 * <p>Thread-safe: compressors come from a small pool and go back reset.
 */
final class DeflateFrameFormat implements WireFormat {
    /** The empty stored block a sync flush ends with; RFC 7692 §7.2.1 says to drop it. */
    private static final int TAIL = 4;
    private static final int POOLED_COMPRESSORS = 16;

    private final WebSocketFrameFormat plain;
    private final ByteBufAllocator allocator;
    private final int level;
    private final int minSize;
    private final int maxSize;
    private final ConcurrentLinkedQueue<Deflater> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();
    private final LongAdder compressed;

    /**
     * @param windowBits the window negotiated for these connections, 8..15: longer messages are not compressed
     * @param compressed counts the messages this format compressed (shared by a server's formats)
     */
    DeflateFrameFormat(WebSocketFrameFormat plain, ByteBufAllocator allocator, int level, int minSize, int windowBits,
                       LongAdder compressed) {
        this.plain = plain;
        this.allocator = allocator;
        this.level = level;
        this.minSize = minSize;
        // java.util.zip always has a 32 KiB window; a message no longer than the window cannot
        // refer further back than the window, whatever the compressor's own size
        this.maxSize = windowBits >= 15 ? Integer.MAX_VALUE : 1 << windowBits;
        this.compressed = compressed;
    }

    @Override
    public OutboundFrame encode(byte[] data, MessageType type) {
        if (data.length < minSize || data.length > maxSize || data.length == 0) {
            return plain.encode(data, type);
        }
        byte[] deflated = deflate(data);
        int length = deflated.length - TAIL;
        if (length >= data.length) {
            return plain.encode(data, type);
        }
        ByteBuf buf = allocator.directBuffer(WebSocketFrameFormat.headerLength(length) + length);
        WebSocketFrameFormat.writeHeader(buf, WebSocketFrameFormat.RSV1, type, length);
        buf.writeBytes(deflated, 0, length);
        compressed.increment();
        return new NettyOutboundFrame(buf);
    }

    private byte[] deflate(byte[] data) {
        Deflater deflater = idle.poll();
        if (deflater == null) {
            deflater = new Deflater(level, true);
        } else {
            pooled.decrementAndGet();
        }
        try {
            deflater.setInput(data);
            byte[] out = new byte[data.length + 64];
            int n = 0;
            while (true) {
                n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
                if (n < out.length) { // a sync flush that did not fill the buffer is complete
                    return Arrays.copyOf(out, n);
                }
                out = Arrays.copyOf(out, out.length * 2);
            }
        } finally {
            deflater.reset();
            if (pooled.incrementAndGet() <= POOLED_COMPRESSORS) {
                idle.offer(deflater);
            } else {
                pooled.decrementAndGet();
                deflater.end();
            }
        }
    }
}
