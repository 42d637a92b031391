package io.mixgate.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One upstream connection of a feed: the subscriptions it carries, the URL it was opened with,
 * its socket while open, and its reconnect count. Touched only on its feed's lane, except
 * {@link #lastTraffic}, which the event loop writes.
 */
final class FeedConnection {
    final int id;
    final TreeSet<String> subscriptions = new TreeSet<>();
    final PendingRequests requests = new PendingRequests();
    /** The script's per-connection values ({@code up:get}/{@code up:set}); cleared on each open. */
    final java.util.Map<String, String> values = new java.util.HashMap<>();
    String url;
    UpstreamConnector.Socket socket;
    /** Bumped on every open attempt and every close we ask for: events of an older attempt are ignored. */
    volatile int generation;
    /** An open attempt is under way, or waiting out its backoff. */
    boolean connecting;
    int failedAttempts;
    volatile long lastTraffic;

    FeedConnection(int id) {
        this.id = id;
    }

    boolean open() {
        return socket != null;
    }

    List<String> sorted() {
        return new ArrayList<>(subscriptions);
    }
}
