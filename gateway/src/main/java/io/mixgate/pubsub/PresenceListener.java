package io.mixgate.pubsub;

import io.mixgate.session.Session;

/**
 * Told of every local join and leave of a channel (presence events). Called by
 * {@link SubscriptionIndex} on the thread that changed the subscription, outside its locks, after
 * the change; must be cheap and never block: it runs on every subscribe and unsubscribe.
 */
public interface PresenceListener {
    void joined(Session session, String channel);

    void left(Session session, String channel);

    PresenceListener NONE = new PresenceListener() {
        @Override
        public void joined(Session session, String channel) {
        }

        @Override
        public void left(Session session, String channel) {
        }
    };
}
