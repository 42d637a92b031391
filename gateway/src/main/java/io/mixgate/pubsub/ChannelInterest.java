package io.mixgate.pubsub;

/**
 * Told when this node gains its first local subscriber of a channel or loses its last one, so a
 * broker can subscribe the node as a whole. Called outside any index lock, possibly from
 * several threads at once: calls for one channel may arrive out of order, so an implementation
 * that keeps remote state must reconcile with {@link SubscriptionIndex#hasSubscribers(String)}.
 */
public interface ChannelInterest {
    void firstSubscriber(String channel);

    void lastSubscriberGone(String channel);

    ChannelInterest NONE = new ChannelInterest() {
        @Override
        public void firstSubscriber(String channel) {
        }

        @Override
        public void lastSubscriberGone(String channel) {
        }
    };
}
