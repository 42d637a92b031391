package io.mixgate.transport;

import io.mixgate.config.CompressionConfig;
import io.mixgate.session.WireFormat;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import java.util.concurrent.atomic.LongAdder;

/**
 * One WebSocket server's wire formats: plain frames, and, when the server has compression on,
 * permessage-deflate frames for each window a client may negotiate (8..15 bits). A connection
 * gets the compressed format when its handshake negotiated the extension (the pipeline then holds
 * {@link DeflateNegotiated}), so every subscriber with the same window shares one compression of
 * each published message.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class WebSocketFormats {
    private final WebSocketFrameFormat plain;
    private final DeflateFrameFormat[] compressedByWindow; // index = window bits; null when compression is off
    private final LongAdder compressions = new LongAdder();

    /** Plain frames only. */
    WebSocketFormats() {
        this.plain = new WebSocketFrameFormat();
        this.compressedByWindow = null;
    }

    WebSocketFormats(CompressionConfig compression) {
        this.plain = new WebSocketFrameFormat();
        if (!compression.enabled()) {
            this.compressedByWindow = null;
            return;
        }
        this.compressedByWindow = new DeflateFrameFormat[16];
        for (int bits = 8; bits <= 15; bits++) {
            compressedByWindow[bits] = new DeflateFrameFormat(plain, ByteBufAllocator.DEFAULT, compression.level(),
                    compression.minSize(), bits, compressions);
        }
    }

    /** The format for a connection whose handshake just completed; on its event loop. */
    WireFormat negotiated(ChannelPipeline pipeline) {
        DeflateNegotiated deflate = compressedByWindow == null ? null : pipeline.get(DeflateNegotiated.class);
        return deflate == null ? plain : compressedByWindow[deflate.serverWindowBits()];
    }

    /** Messages compressed since start (once per message and window, however many subscribers share it). */
    long compressions() {
        return compressions.sum();
    }
}
