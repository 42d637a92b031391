package io.mixgate.broker;

/**
 * Hears what a {@link RedisLink} receives. Called on Lettuce's event loops: implementations
 * must not block and should hand work to another thread.
 */
public interface LinkListener {

    /** A message arrived on {@code channel}; {@code payload} is owned by the listener. */
    void message(String channel, byte[] payload);

    /** A connection of the link (re)connected: subscriptions may need to be made again. */
    void reconnected();

    /** Redis dropped this link's subscription to {@code channel} by itself (a cluster slot moved). */
    void subscriptionLost(String channel);

    /** Ignores everything: a link's listener until its broker takes it over. */
    LinkListener NONE = new LinkListener() {
        @Override
        public void message(String channel, byte[] payload) {
        }

        @Override
        public void reconnected() {
        }

        @Override
        public void subscriptionLost(String channel) {
        }
    };
}
