package io.mixgate.session;

import io.mixgate.core.MessageType;

/** Encodes a message into a frame that can be written to many connections. Thread-safe. */
public interface FrameEncoder {

    /**
     * @param data copied into the frame; the caller may reuse it afterwards
     * @return a frame the caller owns (see {@link OutboundFrame})
     */
    OutboundFrame encode(byte[] data, MessageType type);
}
