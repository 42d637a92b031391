package io.mixgate.session;

import java.util.Map;

/**
 * What the client sent in its WebSocket upgrade request, handed to the script's
 * {@code on_handshake(client_id, headers, server)}.
 *
 * @param headers    header name (Go style, e.g. {@code Sec-Websocket-Key}) to value; repeated headers joined with ", "
 * @param method     the request method, {@code GET}
 * @param requestUri path and query as sent, e.g. {@code /exchange-stream?token=abc}
 * @param protocol   e.g. {@code HTTP/1.1}
 * @param host       the Host header
 * @param remoteAddr the peer as {@code ip:port}
 */
public record HandshakeInfo(Map<String, String> headers, String method, String requestUri, String protocol,
                            String host, String remoteAddr) {
    public HandshakeInfo {
        headers = Map.copyOf(headers);
    }
}
