package io.mixgate.presence;

import com.fasterxml.jackson.databind.JsonNode;
import io.mixgate.broker.NodeChannel;
import io.mixgate.broker.NodeInbox;
import io.mixgate.core.Gathered;
import io.mixgate.core.NodeDirectory;
import io.mixgate.core.NodeInfo;
import io.mixgate.core.PresenceEvent;
import io.mixgate.core.PresenceFeed;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PresenceFeed} across a Redis mesh. A node with followers tells every live node which
 * channels it follows ({@link PresenceWire}, on the nodes' own channels) when a follow starts, and
 * again every {@code refresh} so that nodes that joined later learn it; each node keeps such a
 * follow for {@code lease} past the last telling, so a node that died stops getting events. Each
 * node sends its own connections' joins and leaves of a followed channel to the nodes that follow
 * it, with the context values they asked for.
 *
 * <p>Events are at most once: Redis pub/sub keeps nothing for a node that is briefly away, and a
 * node that has not heard of a follow yet sends nothing. A follow's stage lists the live nodes that
 * did not confirm it within {@code timeout}.
 *
 * <p>Thread-safe; never blocks (waits run on the given timer). Owns its refresh task:
 * {@link #close()} stops it.
 */
public final class MeshPresence implements PresenceFeed, NodeInbox, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MeshPresence.class);

    private final int selfId;
    private final PresenceTracker tracker;
    private final NodeDirectory directory;
    private final Duration timeout;
    private final Duration lease;
    private final ScheduledExecutorService timer;
    private final AtomicLong requestIds = new AtomicLong();
    private final Map<Long, Set<Integer>> waiting = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Void>> allConfirmed = new ConcurrentHashMap<>();
    private volatile NodeChannel via;
    private volatile ScheduledFuture<?> refreshTask;

    public MeshPresence(int selfId, PresenceTracker tracker, NodeDirectory directory, Duration timeout, Duration lease,
                        ScheduledExecutorService timer) {
        this.selfId = selfId;
        this.tracker = tracker;
        this.directory = directory;
        this.timeout = timeout;
        this.lease = lease;
        this.timer = timer;
        tracker.remoteEvents((node, channel, join, id, values) -> publish(node,
                PresenceWire.event(channel, id, selfId, join, values), "a presence event"));
    }

    /** Starts talking through {@code via} and renewing follows every {@code refresh}; once, while the node starts. */
    public void start(NodeChannel via, Duration refresh) {
        this.via = via;
        refreshTask = timer.scheduleWithFixedDelay(this::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<Gathered<Follow>> follow(String channel, String key, Consumer<PresenceEvent> events) {
        PresenceTracker.LocalFollow follow = tracker.followHere(channel, key, events);
        Follow handle = () -> {
            if (tracker.stopHere(follow)) {
                tellAll(PresenceWire.unfollow(selfId, channel));
            }
        };
        return announce(Map.of(channel, tracker.followedHere().getOrDefault(channel, Set.of(key))))
                .thenApply(missing -> new Gathered<>(handle, missing));
    }

    /** Tells every other live node about {@code channels}; completes with the nodes that did not confirm in time. */
    private CompletionStage<List<String>> announce(Map<String, Set<String>> channels) {
        return others().thenCompose(nodes -> {
            if (nodes.isEmpty() || via == null) {
                return CompletableFuture.completedFuture(List.<String>of());
            }
            long requestId = requestIds.incrementAndGet();
            Set<Integer> unconfirmed = ConcurrentHashMap.newKeySet();
            unconfirmed.addAll(nodes);
            CompletableFuture<Void> done = new CompletableFuture<>();
            waiting.put(requestId, unconfirmed);
            allConfirmed.put(requestId, done);
            byte[] message = PresenceWire.follow(selfId, requestId, channels);
            for (int node : nodes) {
                via.publishToNode(node, message).whenComplete((receivers, failure) -> {
                    if (failure == null && receivers == 0) {
                        confirmed(requestId, node); // gone, and its connections with it
                    }
                });
            }
            ScheduledFuture<?> expiry = timer.schedule(() -> done.complete(null), timeout.toMillis(), TimeUnit.MILLISECONDS);
            return done.thenApply(v -> {
                expiry.cancel(false);
                waiting.remove(requestId);
                allConfirmed.remove(requestId);
                List<String> missing = new ArrayList<>();
                unconfirmed.stream().sorted(Comparator.naturalOrder()).forEach(n -> missing.add(Integer.toString(n)));
                return missing;
            });
        }).exceptionally(failure -> List.of("directory"));
    }

    private void confirmed(long requestId, int node) {
        Set<Integer> unconfirmed = waiting.get(requestId);
        if (unconfirmed != null && unconfirmed.remove(node) && unconfirmed.isEmpty()) {
            CompletableFuture<Void> done = allConfirmed.get(requestId);
            if (done != null) {
                done.complete(null);
            }
        }
    }

    private CompletionStage<Set<Integer>> others() {
        return directory.nodes().thenApply(nodes -> {
            Set<Integer> ids = new TreeSet<>();
            for (NodeInfo node : nodes) {
                try {
                    ids.add(Integer.parseInt(node.id()));
                } catch (NumberFormatException e) {
                    // not a mixgate node id
                }
            }
            ids.remove(selfId);
            return ids;
        });
    }

    private void refresh() {
        try {
            Map<String, Set<String>> followed = tracker.followedHere();
            if (!followed.isEmpty()) {
                announce(followed);
            }
        } catch (RuntimeException e) {
            log.debug("could not renew the presence follows: {}", e.toString());
        }
    }

    private void tellAll(byte[] message) {
        others().thenAccept(nodes -> nodes.forEach(node -> publish(node, message, "a presence unfollow")));
    }

    private void publish(int node, byte[] message, String what) {
        NodeChannel channel = via;
        if (channel == null) {
            return;
        }
        channel.publishToNode(node, message).whenComplete((n, failure) -> {
            if (failure != null) {
                log.debug("could not send {} to node {}: {}", what, node, failure.toString());
            }
        });
    }

    @Override
    public void onNodeMessage(byte[] payload, NodeChannel replies) {
        JsonNode m;
        try {
            m = PresenceWire.read(payload);
        } catch (IOException e) {
            log.debug("ignoring a malformed presence message: {}", e.toString());
            return;
        }
        int from = m.path("n").asInt();
        switch (m.path("t").asText()) {
            case "f" -> {
                long until = tracker.now() + lease.toMillis();
                m.path("f").fields().forEachRemaining(e -> {
                    Set<String> keys = new TreeSet<>();
                    e.getValue().forEach(k -> keys.add(k.asText()));
                    tracker.followFromRemote(e.getKey(), from, keys, until);
                });
                replies.publishToNode(from, PresenceWire.ack(selfId, m.path("r").asLong()));
            }
            case "u" -> tracker.unfollowFromRemote(m.path("c").asText(), from);
            case "a" -> confirmed(m.path("r").asLong(), from);
            case "e" -> tracker.deliverRemote(m.path("c").asText(), m.path("j").asBoolean(), m.path("id").asLong(),
                    m.path("node").asInt(), PresenceWire.values(m.path("v")));
            default -> log.debug("ignoring a presence message of unknown type {}", m.path("t"));
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> task = refreshTask;
        if (task != null) {
            task.cancel(false);
        }
    }
}
