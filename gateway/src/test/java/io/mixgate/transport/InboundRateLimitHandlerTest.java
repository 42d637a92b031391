package io.mixgate.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.config.RateLimitConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboundRateLimitHandlerTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(7 * SECOND);
    private EmbeddedChannel channel;

    private EmbeddedChannel channel(String action) {
        RateLimitConfig config = new RateLimitConfig(1, 1, action, "{\"code\":9}");
        channel = new EmbeddedChannel(new InboundRateLimitHandler(config,
                Unpooled.unreleasableBuffer(Unpooled.copiedBuffer("{\"code\":9}", StandardCharsets.UTF_8)), now::get));
        return channel;
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void withActionErrorAFragmentedMessageOverTheLimitIsDroppedWholeAndAnsweredOnce() {
        EmbeddedChannel ch = channel("error");
        ch.writeInbound(new TextWebSocketFrame("first"));
        assertEquals("first", readText(ch.readInbound()));

        ch.writeInbound(new TextWebSocketFrame(false, 0, "frag-1"));
        ch.writeInbound(new ContinuationWebSocketFrame(false, 0, "frag-2"));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, "frag-3"));
        assertNull(ch.readInbound(), "no fragment of the refused message goes on");
        assertEquals("{\"code\":9}", readText(ch.readOutbound()));
        assertNull(ch.readOutbound(), "one reply per refused message");

        ch.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        assertInstanceOf(CloseWebSocketFrame.class, take(ch.readInbound()), "close frames are never limited");

        now.addAndGet(SECOND);
        ch.writeInbound(new TextWebSocketFrame(false, 0, "next-1"));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, "next-2"));
        assertEquals("next-1", readText(ch.readInbound()));
        assertEquals("next-2", readText(ch.readInbound()), "a message within the limit keeps its fragments");
        assertTrue(ch.isActive());
    }

    @Test
    void pingsTakeTokensAndWithActionCloseEverythingAfterTheLimitIsDropped() {
        EmbeddedChannel ch = channel("close");
        ch.writeInbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1})));
        assertInstanceOf(PingWebSocketFrame.class, take(ch.readInbound()));

        ch.writeInbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {2})));
        assertNull(ch.readInbound());
        assertFalse(ch.isActive(), "no session handler here: the channel itself is closed");
    }

    private static String readText(Object frame) {
        try {
            return ((WebSocketFrame) frame).content().toString(StandardCharsets.UTF_8);
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private static Object take(Object frame) {
        ReferenceCountUtil.release(frame);
        return frame;
    }
}
