package io.mixgate.upstream;

import java.net.URI;

/**
 * Opens WebSocket client connections to providers (implemented in {@code transport/upstream/}; no
 * Netty here). Events for one connection arrive in order, on an event loop: listeners hand them
 * on and never block.
 *
 * <p>Thread safety: thread-safe.
 */
public interface UpstreamConnector {
    /** Starts opening {@code url} ({@code ws://} or {@code wss://}); {@code events} hears how it goes. */
    void open(URI url, int maxMessageSize, Events events);

    /** What happens to one connection. */
    interface Events {
        /** The handshake completed; {@code socket} sends and closes. */
        void opened(Socket socket);

        /** A whole text message arrived (binary messages are given as UTF-8 text). */
        void text(String message);

        /** The connection failed to open or closed; called once, last. */
        void closed(String error);
    }

    /** An open connection. Thread-safe. */
    interface Socket {
        /** Writes one text frame; false when the connection is no longer open. */
        boolean send(String text);

        /** Stops ({@code false}) or resumes reading from the provider: backpressure when the script is behind. */
        void readable(boolean on);

        /** Closes the connection (the events then hear {@code closed}). */
        void close();
    }
}
