package io.mixgate.api;

import io.mixgate.core.MeshOperations;
import io.mixgate.core.PresenceFeed;
import io.mixgate.core.QueueOperations;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /ws/v1}: CONNMIX's back-office WebSocket API. Upgrades the request (access was
 * checked by {@link ApiRoutes} before) and serves each connection with a {@link WsConnection};
 * a plain GET without an upgrade is answered 400 (code 101).
 *
 * <p>Thread safety: thread-safe; one instance serves every upgrade.
 */
final class WsApiHandler implements HttpHandler {

    /**
     * Requests one connection may have in flight (read, reply not yet written) before it stops
     * reading: large enough for a high-frequency publisher to keep its pipe full, small enough
     * that one connection holds at most a few MB of pending stages and replies.
     */
    static final int MAX_IN_FLIGHT = 10_000;

    private final WebSocketProtocolHandshakeHandler upgrade;
    private final AtomicLong connectionIds = new AtomicLong();

    /**
     * @param maxMessageSize the largest request message in bytes; larger ones are answered 101
     * @param maxInFlight    see {@link #MAX_IN_FLIGHT}
     */
    WsApiHandler(MeshOperations mesh, QueueOperations queues, PresenceFeed presence, WsPresence.Limits presenceLimits,
                 ObjectMapper mapper, ApiReplies replies, int maxMessageSize, int maxInFlight) {
        WsEnvelopes envelopes = new WsEnvelopes(mapper);
        WsMethods methods = new WsMethods(mesh, replies);
        WebSocketConnectionCallback onConnect = (exchange, channel) -> new WsConnection(connectionIds.incrementAndGet(),
                channel, mapper, envelopes, methods, queues, presence, presenceLimits, replies, maxMessageSize, maxInFlight).start();
        this.upgrade = new WebSocketProtocolHandshakeHandler(onConnect,
                exchange -> replies.error(exchange, 400, ApiError.INVALID_ARGUMENT,
                        "GET /ws/v1 is a WebSocket endpoint (expected: an Upgrade: websocket request)", null));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        upgrade.handleRequest(exchange);
    }
}
