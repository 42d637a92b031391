package io.mixgate.upstream;

import io.mixgate.core.UpstreamStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a feed shows the API and metrics: each wanted subscription's state, each channel's last
 * data time, its connections, and its counters. Written on the feed's lane, read from any thread:
 * thread-safe.
 */
final class FeedBoard {
    private final Map<String, UpstreamStatus.Subscription> states = new ConcurrentHashMap<>();
    private final Map<String, Long> lastData = new ConcurrentHashMap<>();
    private volatile List<UpstreamStatus.Connection> connections = List.of();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder readPauses = new LongAdder();

    void state(String key, SubscriptionState state, String error, int connection) {
        states.put(key, new UpstreamStatus.Subscription(key, state.wireName(), error, connection));
    }

    void forget(String key) {
        states.remove(key);
    }

    void dataOn(String channel, long nowMillis) {
        lastData.put(channel, nowMillis);
    }

    void connections(List<FeedConnection> now) {
        List<UpstreamStatus.Connection> view = new ArrayList<>();
        for (FeedConnection c : now) {
            view.add(new UpstreamStatus.Connection(c.id, c.url, c.open(), c.sorted()));
        }
        connections = List.copyOf(view);
    }

    UpstreamStatus status(String name, long scriptVersion, boolean owned, Integer owner, long staleAfterMillis,
                          long nowMillis) {
        List<UpstreamStatus.Channel> channels = new ArrayList<>();
        lastData.forEach((channel, at) -> channels.add(new UpstreamStatus.Channel(channel, at,
                staleAfterMillis > 0 && nowMillis - at > staleAfterMillis)));
        channels.sort(Comparator.comparing(UpstreamStatus.Channel::channel));
        List<UpstreamStatus.Subscription> subs = new ArrayList<>(states.values());
        subs.sort(Comparator.comparing(UpstreamStatus.Subscription::key));
        return new UpstreamStatus(name, scriptVersion, owned, owner, connections, subs, channels, messagesIn.sum(),
                reconnects.sum(), readPauses.sum());
    }
}
