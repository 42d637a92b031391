package io.mixgate.transport;

import io.mixgate.session.HandshakeInfo;
import io.mixgate.session.HeaderNames;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns Netty's handshake event into the {@link HandshakeInfo} a script sees. */
final class HandshakeInfos {
    private HandshakeInfos() {
    }

    static HandshakeInfo from(HandshakeComplete event, String remoteAddr) {
        HttpHeaders requestHeaders = event.requestHeaders();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : requestHeaders.names()) {
            headers.put(HeaderNames.canonical(name), String.join(", ", requestHeaders.getAll(name)));
        }
        String host = requestHeaders.get(HttpHeaderNames.HOST, "");
        return new HandshakeInfo(headers, "GET", event.requestUri(), "HTTP/1.1", host, remoteAddr);
    }
}
