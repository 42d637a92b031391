package io.mixgate.broker;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The in-process broker of a single node (no Redis): a publish is delivered locally, in the
 * caller's thread, before the returned stage completes. The counts are exact: {@code delivered}
 * connections took the message, {@code failed} ones could not. Node-level subscriptions need no
 * bookkeeping here.
 *
 * <p>Thread-safe.
 */
public final class MemoryBroker implements Broker {
    private final BrokerListener listener;

    public MemoryBroker(BrokerListener listener) {
        this.listener = listener;
    }

    @Override
    public CompletionStage<PublishResult> publish(String channel, byte[] data, MessageType type) {
        return CompletableFuture.completedFuture(listener.onMessage(channel, data, type));
    }

    @Override
    public void firstSubscriber(String channel) {
    }

    @Override
    public void lastSubscriberGone(String channel) {
    }

    @Override
    public boolean isHealthy() {
        return true;
    }

    @Override
    public void close() {
    }
}
