package io.mixgate.upstream;

import io.mixgate.pubsub.ChannelInterest;
import io.mixgate.pubsub.SubscriptionIndex;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The demand of this node's own connections: told by the {@link SubscriptionIndex} (as a second
 * {@link ChannelInterest} beside the broker's) when a channel gains its first or loses its last
 * local subscriber. Thread-safe.
 */
public final class LocalDemand implements UpstreamDemand, ChannelInterest {
    private final SubscriptionIndex subscriptions;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public LocalDemand(SubscriptionIndex subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean wanted(String channel) {
        return subscriptions.hasSubscribers(channel);
    }

    @Override
    public void firstSubscriber(String channel) {
        listeners.forEach(l -> l.wanted(channel));
    }

    @Override
    public void lastSubscriberGone(String channel) {
        listeners.forEach(l -> l.unwanted(channel));
    }
}
