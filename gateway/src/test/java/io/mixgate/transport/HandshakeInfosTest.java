package io.mixgate.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mixgate.session.HandshakeInfo;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeInfosTest {

    @Test
    void handshakeCarriesHeadersUriHostAndPeer() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("host", "gw.example:8080")
                .add("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
                .add("x-forwarded-for", "10.0.0.1")
                .add("X-Forwarded-For", "10.0.0.2");

        HandshakeInfo info = HandshakeInfos.from(new HandshakeComplete("/ws?token=abc", headers, null), "192.0.2.7:50123");

        assertEquals(Map.of(
                "Host", "gw.example:8080",
                "Sec-Websocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
                "X-Forwarded-For", "10.0.0.1, 10.0.0.2"), info.headers());
        assertEquals("GET", info.method());
        assertEquals("/ws?token=abc", info.requestUri());
        assertEquals("HTTP/1.1", info.protocol());
        assertEquals("gw.example:8080", info.host());
        assertEquals("192.0.2.7:50123", info.remoteAddr());
    }

    @Test
    void missingHostIsEmpty() {
        HandshakeInfo info = HandshakeInfos.from(new HandshakeComplete("/ws", new DefaultHttpHeaders(), null), "192.0.2.7:1");
        assertEquals("", info.host());
        assertEquals(Map.of(), info.headers());
    }
}
