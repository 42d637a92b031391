package io.mixgate.session;

import io.mixgate.core.MessageType;

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
     * Queues a frame encoded elsewhere, typically once for many subscribers. The caller keeps
     * its reference to {@code frame}; the transport takes its own.
     *
     * @return false when the connection is closed or its outbound buffer is over its limit
     *         (the message is then dropped for this connection)
     */
    boolean write(OutboundFrame frame);

    /** Encodes and queues one message for this connection only. Same result as {@link #write}. */
    boolean send(byte[] data, MessageType type);

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
