package io.mixgate.session;

import io.mixgate.core.MessageType;

/**
 * Turns a message into the bytes a socket server's clients expect: its script's
 * {@code protocol_encode}. The transport wraps it in the server's {@link WireFormat}, so it runs
 * once per message for all the connections of that server.
 *
 * <p>Thread-safe; never called on an event loop (see {@link WireFormat#encode}).
 */
public interface MessageEncoder {

    /**
     * @param data the message, not modified and not kept
     * @return the bytes to write, or null when the message cannot be sent (the encoder failed or
     *         returned nothing): the write then fails for every connection of the server
     */
    byte[] encode(byte[] data, MessageType type);
}
