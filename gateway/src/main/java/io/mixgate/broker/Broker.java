package io.mixgate.broker;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.pubsub.ChannelInterest;
import java.util.concurrent.CompletionStage;

/**
 * Carries published messages to every node with a local subscriber of the channel. Inbound
 * messages go to the {@link BrokerListener} given once at construction.
 *
 * <p>Node-level subscriptions come through {@link ChannelInterest}: the subscription index
 * reports a channel's first and last local subscriber, and the broker subscribes or
 * unsubscribes the node as a whole.
 *
 * <p>Guarantees: at-most-once, best-effort delivery, as CONNMIX; messages from one publisher to
 * one channel arrive in publish order. Thread safety: every method may be called from any thread
 * and none blocks.
 */
public interface Broker extends ChannelInterest, AutoCloseable {

    /**
     * Publishes {@code data} to {@code channel} on every node.
     *
     * @param data not modified; may be kept until the returned stage completes
     * @return completes with what the broker knows of delivery (see each implementation), or
     *         exceptionally with {@link BrokerUnavailableException} when the message could not be
     *         handed to the broker
     */
    CompletionStage<PublishResult> publish(String channel, byte[] data, MessageType type);

    /** Whether the broker can currently carry messages. */
    boolean isHealthy();

    @Override
    void close();
}
