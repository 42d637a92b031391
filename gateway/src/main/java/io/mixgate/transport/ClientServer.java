package io.mixgate.transport;

/**
 * One {@code servers[]} listener as the node sees it, whatever its protocol (WebSocket, raw TCP):
 * start, stop accepting, close, and the figures the node's metrics read.
 *
 * <p>Not thread-safe for start and close (one thread); the figures may be read from any thread.
 */
public interface ClientServer extends AutoCloseable {

    /** Binds the port; throws if it is taken. */
    void start() throws InterruptedException;

    /** The bound port (the real one when the config asked for port 0). */
    int port();

    /** Open client connections. */
    int connectionCount();

    /** New connections closed at accept by {@code maxConnectionsPerSecondPerIp} since start. */
    long connectionsRefusedPerIp();

    /** Connections closed since start because their outbound buffer stayed full past {@code writeTimeout}. */
    long slowConsumerCloses();

    /** Messages compressed with permessage-deflate since start (0 where there is no compression). */
    default long compressedMessages() {
        return 0;
    }

    /** Messages encoded by the script's {@code protocol_encode} since start (0 where the node frames). */
    default long scriptEncodedMessages() {
        return 0;
    }

    /**
     * Closes the listening socket: no new client can connect; connections already open stay.
     * Idempotent.
     */
    void stopAccepting();

    /** Stops accepting, closes every connection, and waits briefly for them to go. */
    @Override
    void close();
}
