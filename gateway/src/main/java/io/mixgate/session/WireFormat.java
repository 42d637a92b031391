package io.mixgate.session;

import io.mixgate.core.MessageType;

/**
 * How the connections of one server turn a message into bytes on the wire: one instance per
 * (server, framing, compression), shared by every connection that uses it, so that a message
 * published to many of them is encoded once per format ({@link OutboundMessage#frameFor}).
 * Implemented by the transport (WebSocket frames, plain or compressed) and, for raw TCP
 * servers, by the script's {@code protocol_encode}.
 *
 * <p>Thread safety: implementations are thread-safe. {@link #encode} never runs on an event
 * loop: callers are script lanes, the API's threads and the broker's delivery thread.
 */
public interface WireFormat {

    /**
     * @param data not modified and not kept: the frame holds its own copy
     * @return a frame the caller owns (see {@link OutboundFrame}), or null when this format cannot
     *         carry the message (a script encoder that failed or returned nothing): the write then
     *         fails for every connection of this format
     */
    OutboundFrame encode(byte[] data, MessageType type);
}
