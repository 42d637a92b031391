package io.mixgate.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.config.OriginRule;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeGuardsTest {

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    @Test
    void sizeLimitPassesARequestUpToTheLimitAndRemovesItselfAtTheBlankLine() {
        String request = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
        EmbeddedChannel channel = new EmbeddedChannel(new HandshakeSizeLimit(request.length()));
        assertTrue(channel.writeInbound(bytes(request.substring(0, 10))));
        assertTrue(channel.writeInbound(bytes(request.substring(10) + "frames after the upgrade are not counted")));
        assertNull(channel.pipeline().get(HandshakeSizeLimit.class), "still counting after the headers ended");
        ((ByteBuf) channel.readInbound()).release();
        ((ByteBuf) channel.readInbound()).release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void sizeLimitCountsBareLineFeedsAndLeadingBlankLines() {
        String request = "\r\n\nGET / HTTP/1.1\nHost: h\n\n";
        EmbeddedChannel channel = new EmbeddedChannel(new HandshakeSizeLimit(request.length()));
        assertTrue(channel.writeInbound(bytes(request)));
        assertNull(channel.pipeline().get(HandshakeSizeLimit.class));
        ((ByteBuf) channel.readInbound()).release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void sizeLimitRefusesOneByteOverWith431AndReleasesWhatItRead() {
        String request = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
        EmbeddedChannel channel = new EmbeddedChannel(new HandshakeSizeLimit(request.length() - 1));
        ByteBuf over = bytes(request);
        assertFalse(channel.writeInbound(over), "passed on");
        assertEquals(0, over.refCnt(), "not released");
        // HttpRefusal writes from the tail: without an HTTP encoder the response object itself arrives
        FullHttpResponse response = assertInstanceOf(FullHttpResponse.class, channel.readOutbound());
        assertEquals(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, response.status());
        response.release();
        assertFalse(channel.isOpen(), "an embedded channel cannot half-close: closed at once");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void originPolicyComparesHostsAndPortsExactly() {
        OriginPolicy sameHostOnly = new OriginPolicy(List.of());
        assertTrue(sameHostOnly.allows(null, "anything"));
        assertTrue(sameHostOnly.allows("http://[::1]:8080", "[::1]:8080"));
        assertTrue(sameHostOnly.allows("HTTPS://CHAT.example.com", "chat.EXAMPLE.com"));
        assertFalse(sameHostOnly.allows("https://chat.example.com", null));
        assertFalse(sameHostOnly.allows("https://chat.example.com/path", "chat.example.com"));
        assertFalse(sameHostOnly.allows("https://user@chat.example.com", "chat.example.com"));
        assertFalse(sameHostOnly.allows("not an origin", "chat.example.com"));
        assertFalse(sameHostOnly.allows("http://chat.example.com:8080", "chat.example.com"));
        assertTrue(new OriginPolicy(List.of(OriginRule.ANY)).allows("null", null));
    }
}
