package io.mixgate.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpFallbackHandlerTest {

    @Test
    void answers404AndClosesForAnyOtherPath() {
        for (String uri : new String[] {"/", "/other", "/ws/", "/wsx", "/WS", "/other?next=/ws", "/a/ws"}) {
            EmbeddedChannel channel = new EmbeddedChannel(new HttpFallbackHandler("/ws"));
            FullHttpRequest request = get(uri);

            assertFalse(channel.writeInbound(request), uri + " was passed on");

            assertEquals(0, request.refCnt(), uri + ": request not released");
            FullHttpResponse response = channel.readOutbound();
            try {
                assertEquals(HttpResponseStatus.NOT_FOUND, response.status(), uri);
                assertEquals("close", response.headers().get(HttpHeaderNames.CONNECTION));
                String body = response.content().toString(StandardCharsets.UTF_8);
                assertEquals(body.getBytes(StandardCharsets.UTF_8).length, response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH));
                assertTrue(body.contains("/ws"), "the body names the WebSocket path: " + body);
            } finally {
                response.release();
            }
            assertFalse(channel.isOpen(), uri + ": connection left open");
            assertFalse(channel.finishAndReleaseAll());
        }
    }

    @Test
    void passesTheConfiguredPathOnWithOrWithoutQueryString() {
        for (String uri : new String[] {"/ws", "/ws?token=abc", "/ws?"}) {
            EmbeddedChannel channel = new EmbeddedChannel(new HttpFallbackHandler("/ws"));
            FullHttpRequest request = get(uri);

            assertTrue(channel.writeInbound(request), uri + " was not passed on");

            FullHttpRequest passed = channel.readInbound();
            assertSame(request, passed);
            assertEquals(1, passed.refCnt(), "passed on untouched");
            passed.release();
            assertNull(channel.readOutbound(), uri + " got an answer");
            assertTrue(channel.isOpen());
            assertFalse(channel.finishAndReleaseAll());
        }
    }

    @Test
    void passesFramesOnAfterTheUpgrade() {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpFallbackHandler("/ws"));
        TextWebSocketFrame frame = new TextWebSocketFrame("hello");

        assertTrue(channel.writeInbound(frame));

        TextWebSocketFrame passed = channel.readInbound();
        assertSame(frame, passed);
        passed.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    private static FullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }
}
