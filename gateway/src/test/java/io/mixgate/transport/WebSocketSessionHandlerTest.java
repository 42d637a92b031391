package io.mixgate.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.core.MessageType;
import io.mixgate.session.CloseCode;
import io.mixgate.session.Session;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketSessionHandlerTest {
    private final RecordingListener listener = new RecordingListener(1_000, () -> { });
    private final EmbeddedChannel channel = new EmbeddedChannel(OutboundWire.INSTANCE, new WebSocketSessionHandler(listener, Duration.ofSeconds(10), Duration.ZERO));

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    @Test
    void handshakeOpensTheSession() {
        Session session = open();

        assertTrue(channel.isOpen());
        assertEquals("/ws?token=abc", listener.handshake.requestUri());
        assertEquals("embedded", session.remoteAddress());
    }

    @Test
    void textAndBinaryMessagesReachTheListenerAsCopies() {
        open();
        TextWebSocketFrame text = new TextWebSocketFrame("hello");
        BinaryWebSocketFrame binary = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {0, 1, (byte) 0xff}));

        channel.writeInbound(text, binary);

        assertEquals(0, text.refCnt(), "the handler releases what it reads");
        assertEquals(0, binary.refCnt());
        assertEquals(2, listener.received.size());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), listener.received.get(0).data());
        assertEquals(MessageType.TEXT, listener.received.get(0).type());
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, listener.received.get(1).data());
        assertEquals(MessageType.BINARY, listener.received.get(1).type());
        assertNull(channel.readInbound(), "messages stop at this handler");
    }

    @Test
    void framesBeforeTheHandshakeAndPongsAreDropped() {
        TextWebSocketFrame early = new TextWebSocketFrame("too early");
        channel.writeInbound(early);
        open();
        PongWebSocketFrame pong = new PongWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1}));
        channel.writeInbound(pong);

        assertEquals(0, early.refCnt());
        assertEquals(0, pong.refCnt());
        assertEquals(0, listener.received.size());
    }

    @Test
    void clientCloseIsAnsweredWithItsCodeAndReportedAsNormal() {
        Session session = open();

        channel.writeInbound(new CloseWebSocketFrame(1001, "navigating away"));

        assertSentClose(1001, "");
        assertFalse(channel.isOpen());
        assertEquals(1, listener.closed.size());
        assertSame(session, listener.closed.get(0).session());
        assertNull(listener.closed.get(0).error());
    }

    @Test
    void clientCloseWithoutACodeIsAnsweredWith1000() {
        open();

        channel.writeInbound(new CloseWebSocketFrame());

        assertSentClose(1000, "");
        assertNull(onlyCloseError());
    }

    @Test
    void messageTooBigClosesWith1009() {
        open();

        channel.pipeline().fireExceptionCaught(new TooLongFrameException("frame length exceeds 65536"));

        assertSentClose(1009, "message too big");
        assertEquals("message too big", onlyCloseError());
    }

    @Test
    void idleTimeoutClosesWith1001() {
        open();

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);

        assertSentClose(1001, "idle timeout");
        assertEquals("idle timeout", onlyCloseError());
    }

    @Test
    void scriptCloseSendsItsCodeAndReasonFromAnyThread() {
        Session session = open();

        session.close(CloseCode.POLICY_VIOLATION, "refused");
        assertTrue(channel.isOpen(), "the close runs as an event loop task");
        channel.runPendingTasks();

        assertSentClose(1008, "refused");
        assertEquals("refused", onlyCloseError());
    }

    @Test
    void normalScriptCloseReportsNoError() {
        Session session = open();

        session.close(CloseCode.NORMAL, "");
        channel.runPendingTasks();

        assertSentClose(1000, "");
        assertNull(onlyCloseError());
    }

    @Test
    void brokenFrameIsAnsweredWithTheDecodersCodeThenTheConnectionEnds() {
        open();

        // the decoder sends no close frame of its own (closeOnProtocolViolation is off)
        channel.pipeline().fireExceptionCaught(new CorruptedWebSocketFrameException(
                WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "bytes are not UTF-8"));

        assertSentClose(1007, "");
        assertFalse(channel.isOpen());
        assertEquals("protocol error: bytes are not UTF-8", onlyCloseError());
    }

    @Test
    void otherProtocolErrorsAre1002() {
        open();

        channel.pipeline().fireExceptionCaught(new CorruptedFrameException("bad rsv bits"));

        assertSentClose(1002, "");
        assertEquals("protocol error: bad rsv bits", onlyCloseError());
    }

    @Test
    void invalidCloseCodeIsAnsweredWith1002AndValidOnesAreEchoed() {
        open();
        channel.writeInbound(new CloseWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {0x13, (byte) 0x88}))); // 5000

        assertSentClose(1002, "");
        assertEquals("protocol error: invalid close code 5000", onlyCloseError());
    }

    @Test
    void applicationCloseCodeIsEchoed() {
        open();
        channel.writeInbound(new CloseWebSocketFrame(4999, "bye"));

        assertSentClose(4999, "");
        assertNull(onlyCloseError());
    }

    @Test
    void dropInTheMiddleOfAMessageIsNotAnError() {
        open();

        channel.pipeline().fireExceptionCaught(new PrematureChannelClosureException("still aggregating"));

        assertNull(channel.readOutbound());
        assertFalse(channel.isOpen());
        assertEquals("connection lost", onlyCloseError());
    }

    @Test
    void ioErrorIsReportedAsConnectionReset() {
        open();

        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertNull(channel.readOutbound());
        assertEquals("connection reset", onlyCloseError());
    }

    @Test
    void unexpectedErrorClosesWith1011() {
        open();

        channel.pipeline().fireExceptionCaught(new IllegalStateException("expected by the test: a bug"));

        assertSentClose(1011, "internal error");
        assertEquals("internal error", onlyCloseError());
    }

    @Test
    void connectionLostWithoutACloseFrameIsReportedAsLost() {
        open();

        channel.close();

        assertEquals("connection lost", onlyCloseError());
    }

    private Session open() {
        channel.pipeline().fireUserEventTriggered(new HandshakeComplete("/ws?token=abc", new DefaultHttpHeaders(), null));
        assertTrue(listener.session != null, "the listener opened no session");
        return listener.session;
    }

    private void assertSentClose(int code, String reason) {
        WebSocketFrame frame = channel.readOutbound();
        try {
            CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, frame);
            assertEquals(code, close.statusCode());
            assertEquals(reason, close.reasonText());
        } finally {
            if (frame != null) {
                frame.release();
            }
        }
        assertNull(channel.readOutbound(), "one close frame only");
        assertFalse(channel.isOpen(), "the connection closes once the close frame is out");
    }

    private String onlyCloseError() {
        assertEquals(1, listener.closed.size(), "closed reported " + listener.closed.size() + " times");
        return listener.closed.get(0).error();
    }
}
