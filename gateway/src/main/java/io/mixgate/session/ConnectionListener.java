package io.mixgate.session;

import io.mixgate.core.MessageType;

/**
 * Connection events, from the transport to the node. Called on the connection's event loop, so
 * implementations must return quickly and never block: scripts run elsewhere.
 */
public interface ConnectionListener {

    /**
     * The WebSocket handshake completed, or a raw TCP connection was accepted; returns the session
     * the transport keeps for this connection.
     *
     * @param handshake the upgrade request, or null for a raw TCP connection
     */
    Session opened(ClientTransport transport, HandshakeInfo handshake);

    /** A complete message (WebSocket) or a read's bytes (raw TCP) arrived. {@code data} is a copy the listener now owns. */
    void received(Session session, byte[] data, MessageType type);

    /**
     * The connection is gone.
     *
     * @param error null after a normal close (client close frame, {@code conn:close()}), otherwise why
     */
    void closed(Session session, String error);
}
