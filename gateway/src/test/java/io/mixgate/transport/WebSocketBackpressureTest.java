package io.mixgate.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading pauses while the script falls behind; a client that stops reading is dropped. */
class WebSocketBackpressureTest {
    private static final int LANE_HIGH_WATER = 4; // reading resumes at 1

    private final List<Boolean> autoReadSeenByScript = new ArrayList<>();
    private EmbeddedChannel channel;
    private final RecordingListener listener = new RecordingListener(LANE_HIGH_WATER, () -> {
        channel.runPendingTasks(); // let the event loop react to the backlog first
        autoReadSeenByScript.add(channel.config().isAutoRead());
    });

    WebSocketBackpressureTest() {
        channel = new EmbeddedChannel(OutboundWire.INSTANCE, new WebSocketSessionHandler(listener, Duration.ofMillis(100), Duration.ZERO));
        channel.freezeTime();
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    @Test
    void pausesReadingAtTheLaneHighWaterAndResumesAtAQuarterOfIt() {
        open();
        for (int i = 1; i <= LANE_HIGH_WATER; i++) {
            channel.writeInbound(new TextWebSocketFrame("m" + i));
            channel.runPendingTasks();
            assertEquals(i < LANE_HIGH_WATER, channel.config().isAutoRead(), "reading after " + i + " queued messages");
        }

        listener.laneDrains.remove().run();

        assertEquals(List.of(false, false, false, true), autoReadSeenByScript,
                "resumes when 1 callback is left, not before");
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void readTimeoutDoesNotDropAClientWhileTheNodeIsNotReadingIt() {
        open();
        for (int i = 1; i <= LANE_HIGH_WATER; i++) {
            channel.writeInbound(new TextWebSocketFrame("m" + i));
        }
        channel.runPendingTasks();
        assertFalse(channel.config().isAutoRead());

        // no reads because the node paused them: the client may well be sending its heartbeats
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertTrue(channel.isOpen(), "dropped as idle while reading was paused");
        assertNull(channel.readOutbound());

        listener.laneDrains.remove().run();
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead());
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        CloseWebSocketFrame close = channel.readOutbound();
        assertEquals(1001, close.statusCode(), "once reading again, silence counts");
        close.release();
        assertFalse(channel.isOpen());
    }

    @Test
    void closesAClientThatStaysUnwritablePastTheWriteTimeout() {
        open();
        stallWrites();

        channel.advanceTimeBy(99, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen(), "closed before the write timeout");

        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
        assertEquals(1, listener.closed.size());
        assertEquals("slow consumer: outbound buffer full for 100 ms", listener.closed.get(0).error());
    }

    @Test
    void keepsAClientThatCatchesUpAndWatchesTheNextStallAfresh() {
        open();
        stallWrites();
        channel.flush();
        assertTrue(channel.isWritable());
        channel.releaseOutbound();

        channel.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen(), "a client that caught up in time was closed");

        stallWrites();
        channel.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen(), "the second stall went unwatched");
    }

    private Session open() {
        channel.pipeline().fireUserEventTriggered(new HandshakeComplete("/ws", new DefaultHttpHeaders(), null));
        return listener.session;
    }

    /** Queues more than the high-water mark without flushing, as a peer that stopped reading causes. */
    private void stallWrites() {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        ByteBuf pending = Unpooled.wrappedBuffer(new byte[32]);
        channel.write(pending);
        channel.runPendingTasks();
        assertFalse(channel.isWritable());
    }
}
