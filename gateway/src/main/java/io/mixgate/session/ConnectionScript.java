package io.mixgate.session;

import io.mixgate.core.MessageType;

/**
 * What a server's script does with its connections' events: a WebSocket server's script gets
 * {@code on_handshake} and whole messages, a socket server's script frames raw bytes itself first.
 * Called on the connection's script lane (a virtual thread, one callback at a time per
 * connection), never on an event loop; may block.
 *
 * <p>Implementations are thread-safe: different connections' callbacks run concurrently.
 */
public interface ConnectionScript {

    /**
     * A connection opened.
     *
     * @param handshake what the client sent to upgrade, or null for a raw TCP connection
     * @return false to refuse the connection (it is then closed)
     */
    boolean opened(Session session, HandshakeInfo handshake);

    /** Data arrived: a whole message (WebSocket) or a read's bytes (raw TCP). {@code data} is the callee's. */
    void received(Session session, byte[] data, MessageType type);

    /** The connection is gone; {@code error} is null after a normal close. */
    void closed(Session session, String error);
}
