package io.mixgate.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.core.MessageType;
import io.mixgate.session.CloseCode;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write path every connection shares: encoded bytes enter at {@link OutboundWire}, so a
 * handler below it (where TLS sits) sees every message — single writes, several at once, and
 * published ones alike — while handlers above it (the framing) are not asked to frame them again.
 */
class ChannelTransportTest {
    /** Stands where an SslHandler would: records every write that reaches it, and how often it is flushed. */
    private final Recorder below = new Recorder();
    /** Stands where the WebSocket encoder is: must never see an already-encoded message. */
    private final Recorder above = new Recorder();
    private final EmbeddedChannel embedded = new EmbeddedChannel(below, OutboundWire.INSTANCE, above);
    private final AtomicInteger encodes = new AtomicInteger();
    private final WireFormat format = (data, type) -> {
        encodes.incrementAndGet();
        return new NettyOutboundFrame(Unpooled.wrappedBuffer(("<" + new String(data, StandardCharsets.UTF_8) + ">")
                .getBytes(StandardCharsets.UTF_8)));
    };
    private final TestTransport transport = new TestTransport();

    @AfterEach
    void releaseWhatWasWritten() {
        embedded.finishAndReleaseAll();
    }

    @Test
    void aWriteIsEncodedForTheFormatAndPassesTheHandlersBelowTheWire() {
        OutboundMessage message = new OutboundMessage("hi".getBytes(StandardCharsets.UTF_8), MessageType.TEXT);
        assertTrue(transport.write(message));
        message.release();

        assertEquals(List.of("<hi>"), below.writes);
        assertEquals(1, below.flushes);
        assertEquals(List.of(), above.writes, "the framing above the wire is not asked again");
        assertEquals("<hi>", read(embedded.readOutbound()));
    }

    @Test
    void writeManyKeepsTheOrderAndFlushesOnce() {
        List<OutboundMessage> messages = List.of(text("a"), text("b"), text("c"));
        assertEquals(3, transport.writeMany(messages));
        messages.forEach(OutboundMessage::release);

        assertEquals(List.of("<a>", "<b>", "<c>"), below.writes);
        assertEquals(1, below.flushes);
    }

    @Test
    void oneMessageForManyConnectionsIsEncodedOnce() {
        TestTransport second = new TestTransport();
        OutboundMessage message = text("shared");
        assertTrue(transport.write(message));
        assertTrue(second.write(message));
        message.release();

        assertEquals(1, encodes.get());
        assertEquals(List.of("<shared>", "<shared>"), below.writes);
    }

    @Test
    void aFormatThatCannotEncodeFailsTheWrite() {
        TestTransport refusing = new TestTransport((data, type) -> null);
        OutboundMessage message = text("x");
        assertFalse(refusing.write(message));
        message.release();
        assertEquals(List.of(), below.writes);
    }

    @Test
    void nothingIsWrittenOnceTheCloseHasBegun() {
        transport.closing = true;
        OutboundMessage message = text("late");
        transport.write(message);
        message.release();
        assertEquals(List.of(), below.writes);
    }

    @Test
    void aPipelineWithoutTheWireIsRefused() {
        EmbeddedChannel bare = new EmbeddedChannel();
        assertThrows(IllegalStateException.class, () -> new ChannelTransport(bare, format, 0) {
            @Override
            boolean isClosing() {
                return false;
            }

            @Override
            public void close(CloseCode code, String reason) {
            }

            @Override
            public void close(int code, String reason) {
            }

            @Override
            public void backlogChanged() {
            }
        });
        bare.finishAndReleaseAll();
    }

    private static OutboundMessage text(String s) {
        return new OutboundMessage(s.getBytes(StandardCharsets.UTF_8), MessageType.TEXT);
    }

    private static String read(ByteBuf buf) {
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    private final class TestTransport extends ChannelTransport {
        boolean closing;

        TestTransport() {
            this(format);
        }

        TestTransport(WireFormat format) {
            super(embedded, format, 0);
        }

        @Override
        boolean isClosing() {
            return closing;
        }

        @Override
        public void close(CloseCode code, String reason) {
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public void backlogChanged() {
        }
    }

    private static final class Recorder extends ChannelOutboundHandlerAdapter {
        final List<String> writes = new ArrayList<>();
        int flushes;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            writes.add(((ByteBuf) msg).toString(StandardCharsets.UTF_8));
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }
}
