package io.mixgate.upstream;

import io.mixgate.cluster.Ownership;
import io.mixgate.config.UpstreamConfig;
import io.mixgate.core.MeshOperations;
import io.mixgate.core.MessageType;
import io.mixgate.core.RateLimitedLog;
import io.mixgate.core.UpstreamStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream: decides which provider subscriptions it wants (static ones, plus those behind
 * channels someone wants, kept {@code linger} after the last one left), spreads them over
 * connections of at most {@code maxSubscriptionsPerConnection}, opens each with the URL its
 * script builds from the connection's sorted subscriptions (a different URL reopens it with all of
 * them; another order of the same set changes nothing), sends subscribe and unsubscribe frames
 * paced by {@code rateLimit}, reopens lost or silent connections with backoff and re-sends only
 * their own subscriptions, and publishes what the script makes of each provider message.
 *
 * <p>Thread safety: all state lives on the feed's lane, one virtual thread that runs the script's
 * callbacks one at a time (so provider messages are handled in order); demand, timers and socket
 * events only post to it. Replies to {@code up:request} complete on the event loop, since the lane
 * is waiting for them.
 */
public final class UpstreamFeed implements AutoCloseable, UpstreamDemand.Listener {
    private static final Logger log = LoggerFactory.getLogger(UpstreamFeed.class);
    /** Repeating warnings: at most a few lines a minute per call site, then a count. */
    private static final RateLimitedLog losses = new RateLimitedLog(log::warn);
    private static final RateLimitedLog publishFailures = new RateLimitedLog(log::warn);

    private final UpstreamConfig config;
    private final ProviderScript script;
    private final UpstreamConnector connector;
    private final UpstreamDemand demand;
    private final Ownership ownership;
    private final MeshOperations mesh;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final ExecutorService lane;
    private final Backoff backoff;
    private final OutboundPacer pacer;

    // lane state
    private final WantedSubscriptions wanted;
    private final List<FeedConnection> connections = new ArrayList<>();
    private int nextConnectionId = 1;
    private boolean closed;

    private final FeedBoard board = new FeedBoard();
    private final FeedLink.Feed linkFeed = new FeedLink.Feed() {
        @Override
        public String name() {
            return config.name();
        }

        @Override
        public Duration requestTimeout() {
            return config.requestTimeout();
        }

        @Override
        public String send(FeedConnection c, String text) {
            return sendPaced(c, text);
        }

        @Override
        public void state(FeedConnection c, String subscription, SubscriptionState state, String error) {
            setState(subscription, state, error, c);
        }

        @Override
        public void reconnect(FeedConnection c, String why) {
            if (c.open() && connections.contains(c)) {
                shut(c, why);
                lost(c, why);
            }
        }
    };

    public UpstreamFeed(UpstreamConfig config, ProviderScript script, UpstreamConnector connector, UpstreamDemand demand,
                        Ownership ownership, MeshOperations mesh, ScheduledExecutorService timers, Clock clock,
                        LongSupplier nanoTime) {
        this.config = config;
        this.script = script;
        this.connector = connector;
        this.demand = demand;
        this.ownership = ownership;
        this.mesh = mesh;
        this.timers = timers;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.lane = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("upstream-" + config.name()).factory());
        this.backoff = new Backoff(config.reconnect(), Math::random);
        this.pacer = new OutboundPacer(config.rateLimit(), nanoTime);
        this.wanted = new WantedSubscriptions(config.subscriptions(), config.linger().toNanos());
    }

    /** Starts listening to demand and ownership and opens what the static subscriptions need. */
    public void start() {
        demand.listen(this);
        ownership.listen(() -> post(this::reconcile));
        post(this::reconcile);
        long traffic = config.trafficTimeout().toNanos();
        if (traffic > 0) {
            long every = Math.max(traffic / 4, TimeUnit.MILLISECONDS.toNanos(10));
            timers.scheduleWithFixedDelay(() -> post(this::checkTraffic), every, every, TimeUnit.NANOSECONDS);
        }
        long heartbeat = config.heartbeatInterval().toNanos();
        if (heartbeat > 0) {
            timers.scheduleWithFixedDelay(() -> post(this::heartbeat), heartbeat, heartbeat, TimeUnit.NANOSECONDS);
        }
    }

    public String name() {
        return config.name();
    }

    @Override
    public void wanted(String channel) {
        post(() -> {
            if (wanted.has(channel) || !demand.wanted(channel)) {
                return; // counted already, or its subscriber left before this event was handled
            }
            String key = script.subscriptionFor(channel);
            if (key != null) {
                wanted.add(channel, key);
                reconcile();
            }
        });
    }

    @Override
    public void unwanted(String channel) {
        post(() -> {
            if (demand.wanted(channel)) {
                return; // a subscriber came back before this event was handled
            }
            if (wanted.remove(channel, nanoTime.getAsLong())) {
                timers.schedule(() -> post(this::reconcile), config.linger().toNanos(), TimeUnit.NANOSECONDS);
            }
        });
    }

    /** Brings the connections in line with the subscriptions wanted now (none while another node owns the upstream). */
    private void reconcile() {
        if (closed) {
            return;
        }
        Set<String> want = ownership.owns(config.name()) ? wanted.keys(nanoTime.getAsLong()) : Set.of();
        Map<FeedConnection, List<String>> added = new HashMap<>();
        Set<FeedConnection> changed = new HashSet<>();
        Set<String> assigned = new HashSet<>();
        for (FeedConnection c : connections) {
            for (String key : c.sorted()) {
                if (!want.contains(key)) {
                    c.subscriptions.remove(key);
                    board.forget(key);
                    changed.add(c);
                    if (c.open()) {
                        sendPaced(c, script.unsubscribeMessage(key));
                    }
                } else {
                    assigned.add(key);
                }
            }
        }
        for (String key : want) {
            if (assigned.contains(key)) {
                continue;
            }
            FeedConnection c = roomyConnection();
            c.subscriptions.add(key);
            added.computeIfAbsent(c, k -> new ArrayList<>()).add(key);
            changed.add(c);
            board.state(key, SubscriptionState.PENDING, null, c.id);
        }
        for (FeedConnection c : List.copyOf(connections)) {
            if (c.subscriptions.isEmpty()) {
                connections.remove(c);
                shut(c, "no subscriptions left");
            } else if (!changed.contains(c)) {
                continue;
            } else if (!c.open()) {
                if (!c.connecting) {
                    connect(c);
                } // else the attempt under way (or waiting out its backoff) opens with the subscriptions of then
            } else {
                String url = script.url(c.sorted());
                if (url != null && !url.equals(c.url)) {
                    log.info("upstream {} connection {}: URL changed, reopening with {} subscriptions", config.name(),
                            c.id, c.subscriptions.size());
                    shut(c, "URL changed");
                    connect(c);
                } else {
                    for (String key : added.getOrDefault(c, List.of())) {
                        subscribe(c, key);
                    }
                }
            }
        }
        publishView();
    }

    private FeedConnection roomyConnection() {
        for (FeedConnection c : connections) {
            if (c.subscriptions.size() < config.maxSubscriptionsPerConnection()) {
                return c;
            }
        }
        FeedConnection c = new FeedConnection(nextConnectionId++);
        connections.add(c);
        return c;
    }

    private void connect(FeedConnection c) {
        String url = script.url(c.sorted());
        int generation = ++c.generation;
        c.url = url;
        if (url == null) {
            log.warn("upstream {} connection {}: url() returned no URL; retrying later", config.name(), c.id);
            retryLater(c, generation);
            return;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            log.warn("upstream {} connection {}: url() returned an invalid URL {}: {}", config.name(), c.id, url,
                    e.getMessage());
            retryLater(c, generation);
            return;
        }
        c.connecting = true;
        connector.open(uri, config.maxMessageSize(), new ConnectionEvents(c, generation));
    }

    private void retryLater(FeedConnection c, int generation) {
        c.connecting = true; // waiting out the backoff counts as opening: demand changes do not cut it short
        Duration wait = backoff.delay(++c.failedAttempts);
        timers.schedule(() -> post(() -> {
            if (c.generation == generation && !closed && connections.contains(c)) {
                board.reconnects.increment();
                connect(c);
            }
        }), wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes {@code c}'s socket on purpose: its later events are ignored. */
    private void shut(FeedConnection c, String why) {
        c.generation++;
        c.connecting = false;
        c.requests.failAll("connection closed: " + why);
        if (c.socket != null) {
            c.socket.close();
            c.socket = null;
            script.onClose(link(c), why);
        }
    }

    private void opened(FeedConnection c, UpstreamConnector.Socket socket) {
        c.connecting = false;
        String url = script.url(c.sorted());
        if (url != null && !url.equals(c.url)) { // its subscriptions changed while it was opening
            c.generation++;
            socket.close();
            connect(c);
            return;
        }
        c.socket = socket;
        c.failedAttempts = 0;
        c.values.clear();
        c.lastTraffic = nanoTime.getAsLong();
        log.info("upstream {} connection {} open ({} subscriptions)", config.name(), c.id, c.subscriptions.size());
        script.onOpen(link(c));
        if (c.socket != socket) {
            return; // on_open asked for a reconnect
        }
        for (String key : c.sorted()) {
            subscribe(c, key);
        }
        publishView();
    }

    private void subscribe(FeedConnection c, String key) {
        String frame = script.subscribeMessage(key);
        if (frame == null) {
            setState(key, SubscriptionState.SUBSCRIBED, null, c); // the URL carries it
        } else {
            setState(key, SubscriptionState.PENDING, null, c);
            sendPaced(c, frame);
        }
    }

    private void lost(FeedConnection c, String error) {
        boolean wasOpen = c.socket != null;
        c.socket = null;
        c.connecting = false;
        c.requests.failAll("connection closed: " + error);
        for (String key : c.subscriptions) {
            setState(key, SubscriptionState.PENDING, null, c);
        }
        if (wasOpen) {
            script.onClose(link(c), error);
        }
        losses.log("upstream {} connection {} lost: {}", config.name(), c.id, error);
        retryLater(c, c.generation);
        publishView();
    }

    private void received(FeedConnection c, String message) {
        board.messagesIn.increment();
        if (!ownership.owns(config.name())) {
            return; // the lease lapsed: publish nothing more, even before reconcile() closes this connection
        }
        for (ChannelMessage m : script.onMessage(link(c), message)) {
            board.dataOn(m.channel(), clock.millis());
            mesh.publish(m.channel(), m.data().getBytes(StandardCharsets.UTF_8), MessageType.TEXT)
                    .exceptionally(e -> {
                        publishFailures.log("upstream {}: publishing to {} failed: {}", config.name(), m.channel(),
                                e.toString());
                        return null;
                    });
        }
    }

    private void checkTraffic() {
        long now = nanoTime.getAsLong();
        for (FeedConnection c : List.copyOf(connections)) {
            if (c.open() && now - c.lastTraffic > config.trafficTimeout().toNanos()) {
                String why = "traffic timeout: no message for " + config.trafficTimeout();
                shut(c, why);
                lost(c, why);
            }
        }
    }

    private void heartbeat() {
        for (FeedConnection c : List.copyOf(connections)) {
            if (c.open()) {
                sendPaced(c, script.heartbeat(link(c)));
            }
        }
    }

    /** @return null when handed to the socket, else why not */
    private String sendPaced(FeedConnection c, String frame) {
        if (frame == null) {
            return null;
        }
        pacer.acquire();
        UpstreamConnector.Socket socket = c.socket;
        return socket != null && socket.send(frame) ? null : "connection " + c.id + " is not open";
    }

    private void setState(String key, SubscriptionState state, String error, FeedConnection c) {
        if (c.subscriptions.contains(key)) {
            board.state(key, state, error, c.id);
        }
    }

    private void publishView() {
        board.connections(connections);
    }

    /** Provider messages received since start. Thread-safe. */
    public long messagesIn() {
        return board.messagesIn.sum();
    }

    /** Connections reopened after a loss since start. Thread-safe. */
    public long reconnects() {
        return board.reconnects.sum();
    }

    /** What this upstream looks like now. Thread-safe. */
    public UpstreamStatus status() {
        return board.status(config.name(), script.version(), ownership.owns(config.name()),
                ownership.owner(config.name()), config.staleAfter().toMillis(), clock.millis());
    }

    private void post(Runnable task) {
        try {
            lane.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("upstream {}: unexpected error", config.name(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private UpstreamLink link(FeedConnection c) {
        return new FeedLink(linkFeed, c);
    }

    @Override
    public void close() {
        post(() -> {
            closed = true;
            for (FeedConnection c : connections) {
                shut(c, "node stopping");
            }
            connections.clear();
        });
        lane.shutdown();
        try {
            if (!lane.awaitTermination(5, TimeUnit.SECONDS)) {
                lane.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lane.shutdownNow();
        }
    }

    /** The socket events of one open attempt of one connection, posted to the lane. */
    private final class ConnectionEvents implements UpstreamConnector.Events {
        private final FeedConnection c;
        private final int generation;
        /** Provider messages handed to the lane and not yet handled; reading pauses at {@code maxQueuedMessages}. */
        private final java.util.concurrent.atomic.AtomicInteger backlog = new java.util.concurrent.atomic.AtomicInteger();
        private volatile UpstreamConnector.Socket socket;
        private volatile boolean paused;

        ConnectionEvents(FeedConnection c, int generation) {
            this.c = c;
            this.generation = generation;
        }

        @Override
        public void opened(UpstreamConnector.Socket socket) {
            this.socket = socket;
            post(() -> {
                if (c.generation == generation && !closed) {
                    UpstreamFeed.this.opened(c, socket);
                } else {
                    socket.close();
                }
            });
        }

        @Override
        public void text(String message) {
            if (c.generation != generation) {
                return;
            }
            c.lastTraffic = nanoTime.getAsLong();
            if (c.requests.offer(message)) {
                return;
            }
            if (backlog.incrementAndGet() >= config.maxQueuedMessages() && !paused && socket != null) {
                paused = true; // the script is behind: let TCP push back on the provider
                board.readPauses.increment();
                socket.readable(false);
            }
            post(() -> {
                try {
                    if (c.generation == generation) {
                        received(c, message);
                    }
                } finally {
                    if (backlog.decrementAndGet() <= config.maxQueuedMessages() / 2 && paused) {
                        paused = false;
                        socket.readable(true);
                    }
                }
            });
        }

        @Override
        public void closed(String error) {
            post(() -> {
                if (c.generation == generation && !closed) {
                    lost(c, error);
                }
            });
        }
    }
}
