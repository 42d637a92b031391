package io.mixgate.broker;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;

/** Receives the messages a broker carries to this node. Must not block. */
public interface BrokerListener {

    /** @param data owned by the listener for the duration of the call only */
    PublishResult onMessage(String channel, byte[] data, MessageType type);
}
