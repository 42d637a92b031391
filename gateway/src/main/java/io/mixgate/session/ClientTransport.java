package io.mixgate.session;

import java.util.List;

/**
 * The connection as the session layer sees it: write, close, and flow control. Implemented
 * by the transport; sessions and script bindings never touch a socket.
 *
 * <p>Thread safety: every method may be called from any thread and never blocks.
 */
public interface ClientTransport {

    /** The peer's address as {@code ip:port}. */
    String remoteAddress();

    /**
     * How this connection's messages are encoded; connections of the same server that negotiated
     * the same framing and compression return the same instance, which is what lets a published
     * message be encoded once for all of them.
     */
    WireFormat format();

    /**
     * Queues one message, encoded for {@link #format()} (once: the message keeps the encoding for
     * other connections of the same format), and flushes it. Every outgoing message takes this
     * path or {@link #writeMany}, so every handler of the connection's pipeline (TLS, compression,
     * framing) applies to published messages and script replies alike.
     *
     * @return false when the connection is closed, over its outbound limit, or its format could
     *         not encode the message (the message is then dropped for this connection)
     */
    boolean write(OutboundMessage message);

    /**
     * Queues several messages in order and flushes once.
     *
     * @return how many of them were queued (from the first; the rest were dropped as in {@link #write})
     */
    int writeMany(List<OutboundMessage> messages);

    /**
     * Whether this connection's bytes are framed by its server's script (a raw TCP {@code socket}
     * server): its script's {@code conn:send} then writes bytes as they are ({@link #writeUnframed}),
     * and everything else (publishes, {@code mix.mesh.send}) goes through the script's
     * {@code protocol_encode} ({@link #format()}).
     */
    default boolean scriptFramed() {
        return false;
    }

    /**
     * Queues the message's bytes exactly as they are, past this connection's framing, and flushes:
     * a socket server's {@code conn:send}, whose script builds its own packets (CONNMIX's protocol
     * modules send a handshake reply and ready-made frames this way). A connection that the node
     * frames itself frames them as {@link #write} does.
     *
     * @return as {@link #write}
     */
    default boolean writeUnframed(OutboundMessage message) {
        return write(message);
    }

    /** Starts the close handshake with {@code code} and closes the connection. Idempotent. */
    void close(CloseCode code, String reason);

    /**
     * Starts the close handshake with a numeric {@code code} (the back office's choice: 1000 or
     * 3000..4999) and closes the connection. Idempotent with {@link #close(CloseCode, String)}.
     */
    void close(int code, String reason);

    /** Bytes queued to this connection and not yet written to its socket; 0 when unknown. */
    default long outboundBytes() {
        return 0;
    }

    /** Re-evaluates whether to read more from the socket, after the script lane's backlog changed. */
    void backlogChanged();
}
