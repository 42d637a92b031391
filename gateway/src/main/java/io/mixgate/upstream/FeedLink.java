package io.mixgate.upstream;

import java.time.Duration;
import java.util.List;

/**
 * {@code up} for a provider script: one connection of a feed. Used on the feed's lane only (the
 * script's callbacks run there); {@link #request} waits there while the event loop completes it.
 */
final class FeedLink implements UpstreamLink {
    /** Most keys of {@code up:set} per connection. */
    static final int MAX_VALUES = 1000;

    /** What the link needs of its feed. */
    interface Feed {
        String name();

        Duration requestTimeout();

        /** Sends paced by the rate limit; null when handed to the socket, else why not. */
        String send(FeedConnection c, String text);

        void state(FeedConnection c, String subscription, SubscriptionState state, String error);

        void reconnect(FeedConnection c, String why);
    }

    private final Feed feed;
    private final FeedConnection c;

    FeedLink(Feed feed, FeedConnection c) {
        this.feed = feed;
        this.c = c;
    }

    @Override
    public String upstream() {
        return feed.name();
    }

    @Override
    public int connection() {
        return c.id;
    }

    @Override
    public List<String> subscriptions() {
        return c.sorted();
    }

    @Override
    public String send(String text) {
        return feed.send(c, text);
    }

    @Override
    public String request(String text, String idField, String id, Duration timeout) throws UpstreamRequestException {
        return c.requests.await(idField, id, timeout == null ? feed.requestTimeout() : timeout, () -> feed.send(c, text));
    }

    @Override
    public void acknowledged(String subscription) {
        feed.state(c, subscription, SubscriptionState.SUBSCRIBED, null);
    }

    @Override
    public void refused(String subscription, String error) {
        feed.state(c, subscription, SubscriptionState.FAILED, error);
    }

    @Override
    public String get(String key) {
        return c.values.get(key);
    }

    @Override
    public void set(String key, String value) {
        if (value == null) {
            c.values.remove(key);
        } else if (c.values.size() < MAX_VALUES || c.values.containsKey(key)) {
            c.values.put(key, value);
        }
    }

    @Override
    public void reconnect(String why) {
        feed.reconnect(c, why);
    }
}
