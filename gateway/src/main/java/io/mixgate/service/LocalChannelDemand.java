package io.mixgate.service;

import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.upstream.LocalDemand;
import java.util.Collection;

/**
 * This node's own subscriptions as {@link ChannelDemand}: the events of the node's
 * {@link LocalDemand} (the same one the upstream feeds listen to) and the channel list of its
 * {@link SubscriptionIndex}. Thread-safe.
 */
public final class LocalChannelDemand implements ChannelDemand {
    private final LocalDemand events;
    private final SubscriptionIndex subscriptions;

    public LocalChannelDemand(LocalDemand events, SubscriptionIndex subscriptions) {
        this.events = events;
        this.subscriptions = subscriptions;
    }

    @Override
    public void listen(Listener listener) {
        events.listen(listener);
    }

    @Override
    public boolean wanted(String channel) {
        return subscriptions.hasSubscribers(channel);
    }

    @Override
    public Collection<String> wantedChannels() {
        return subscriptions.channelNames();
    }
}
