package io.mixgate.session;

import io.mixgate.core.MessageType;

/**
 * Connection events, from the transport to the node. Called on the connection's event loop, so
 * implementations must return quickly and never block: scripts run elsewhere.
 */
public interface ConnectionListener {

    /** The WebSocket handshake completed; returns the session the transport keeps for this connection. */
    Session opened(ClientTransport transport, HandshakeInfo handshake);

    /** A complete message arrived. {@code data} is a copy the listener now owns. */
    void received(Session session, byte[] data, MessageType type);

    /**
     * The connection is gone.
     *
     * @param error null after a normal close (client close frame, {@code conn:close()}), otherwise why
     */
    void closed(Session session, String error);
}
