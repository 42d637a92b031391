package io.mixgate.broker;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import java.util.List;

/** Receives the messages a broker carries to this node. Must not block. */
public interface BrokerListener {

    /** @param data owned by the listener for the duration of the call only */
    PublishResult onMessage(String channel, byte[] data, MessageType type);

    /**
     * A publication of a history channel, numbered by the mesh ({@link RedisHistoryStore}).
     * Without history support it is delivered as a plain message.
     *
     * @param data owned by the listener (it may keep it)
     */
    default PublishResult onPublication(String channel, byte[] data, MessageType type, long offset, String epoch) {
        return onMessage(channel, data, type);
    }

    /** Redis acknowledged the node's subscription to {@code channels} (first time, or again after a reconnect). */
    default void subscribed(List<String> channels) {
    }
}
