package io.mixgate.upstream;

import io.mixgate.core.UpstreamFeeds;
import io.mixgate.core.UpstreamStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The node's upstream feeds, for the API and metrics. Thread-safe.
 */
public final class Upstreams implements UpstreamFeeds {
    private final List<UpstreamFeed> feeds = new CopyOnWriteArrayList<>();

    public void add(UpstreamFeed feed) {
        feeds.add(feed);
    }

    /** The feeds, in config order. */
    public List<UpstreamFeed> feeds() {
        return List.copyOf(feeds);
    }

    @Override
    public List<UpstreamStatus> statuses() {
        return feeds.stream().map(UpstreamFeed::status).toList();
    }

    /** The status of the upstream named {@code name}, or null. */
    public UpstreamStatus status(String name) {
        return feeds.stream().filter(f -> f.name().equals(name)).map(UpstreamFeed::status).findFirst().orElse(null);
    }
}
