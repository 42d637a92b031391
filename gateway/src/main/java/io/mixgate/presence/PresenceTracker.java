package io.mixgate.presence;

import io.mixgate.core.Gathered;
import io.mixgate.core.PresenceEvent;
import io.mixgate.core.PresenceFeed;
import io.mixgate.core.RateLimitedLog;
import io.mixgate.pubsub.PresenceListener;
import io.mixgate.session.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who follows which channel's presence, and the join/leave events of this node's connections: to
 * the followers on this node (their consumers) and to the other nodes that follow the channel
 * (through {@link RemoteEvents}). Alone it is the node's whole {@link PresenceFeed}; in a mesh
 * {@link MeshPresence} tells the other nodes what this one follows.
 *
 * <p>Cost on the subscription path: with nothing followed, one check of two empty maps; otherwise
 * one map lookup per join or leave. Bounds: at most {@code maxChannels} channels followed by this
 * node's followers, and at most {@code 16 × maxChannels} channels followed by other nodes (a follow
 * beyond is refused, logged).
 *
 * <p>Thread-safe; never blocks. Consumers are called on the thread of the join or leave.
 */
public final class PresenceTracker implements PresenceListener, PresenceFeed {
    private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);
    private static final RateLimitedLog refused = new RateLimitedLog(log::warn);

    /** Sends this node's events to another node that follows a channel. Must not block. */
    public interface RemoteEvents {
        void send(int node, String channel, boolean join, long clientId, Map<String, Object> values);
    }

    /** A follower on this node. */
    record LocalFollow(String channel, String key, Consumer<PresenceEvent> events) {
    }

    /** Another node's follow of a channel: the keys its followers want, until when it holds. */
    record RemoteFollow(Set<String> keys, long expiresAt) {
    }

    private final int nodeId;
    private final int maxChannels;
    private final LongSupplier clock;
    private final Map<String, List<LocalFollow>> local = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, RemoteFollow>> remote = new ConcurrentHashMap<>();
    private volatile RemoteEvents remoteEvents = (node, channel, join, id, values) -> { };

    /** @param clock milliseconds, for the expiry of other nodes' follows */
    public PresenceTracker(int nodeId, int maxChannels, LongSupplier clock) {
        this.nodeId = nodeId;
        this.maxChannels = maxChannels;
        this.clock = clock;
    }

    /** Now, by the tracker's clock, in milliseconds. */
    long now() {
        return clock.getAsLong();
    }

    /** Where events for other nodes go; set once while the node starts (alone: nowhere). */
    void remoteEvents(RemoteEvents remoteEvents) {
        this.remoteEvents = remoteEvents;
    }

    @Override
    public CompletionStage<Gathered<Follow>> follow(String channel, String key, Consumer<PresenceEvent> events) {
        LocalFollow follow = followHere(channel, key, events);
        return CompletableFuture.completedFuture(Gathered.complete(() -> stopHere(follow)));
    }

    /** Adds a follower on this node. @throws IllegalStateException over {@code maxChannels} */
    LocalFollow followHere(String channel, String key, Consumer<PresenceEvent> events) {
        LocalFollow follow = new LocalFollow(channel, key, events);
        boolean[] full = new boolean[1];
        local.compute(channel, (c, list) -> {
            if (list == null) {
                if (local.size() >= maxChannels) {
                    full[0] = true;
                    return null;
                }
                list = new CopyOnWriteArrayList<>();
            }
            list.add(follow);
            return list;
        });
        if (full[0]) {
            throw new IllegalStateException("this node already follows the presence of " + maxChannels
                    + " channels (presence.maxChannels)");
        }
        return follow;
    }

    /** Removes a follower; true when it was the channel's last one on this node. Idempotent. */
    boolean stopHere(LocalFollow follow) {
        boolean[] last = new boolean[1];
        local.computeIfPresent(follow.channel(), (c, list) -> {
            list.remove(follow);
            last[0] = list.isEmpty();
            return list.isEmpty() ? null : list;
        });
        return last[0];
    }

    /** The channels this node's followers follow, with the keys they want. */
    Map<String, Set<String>> followedHere() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        local.forEach((channel, list) -> {
            Set<String> keys = new TreeSet<>();
            list.forEach(f -> keys.add(f.key()));
            if (!keys.isEmpty()) {
                out.put(channel, keys);
            }
        });
        return out;
    }

    /** Another node follows {@code channel} for {@code keys} until {@code expiresAt}. */
    void followFromRemote(String channel, int node, Set<String> keys, long expiresAt) {
        if (!remote.containsKey(channel) && remote.size() >= 16L * maxChannels) {
            refused.log("Refusing node {}'s follow of channel {}: other nodes follow {} channels already (16 x presence.maxChannels)",
                    node, channel, remote.size());
            return;
        }
        remote.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(node, new RemoteFollow(Set.copyOf(keys), expiresAt));
    }

    void unfollowFromRemote(String channel, int node) {
        remote.computeIfPresent(channel, (c, nodes) -> {
            nodes.remove(node);
            return nodes.isEmpty() ? null : nodes;
        });
    }

    /** An event from another node's connection: to this node's followers of its channel. */
    void deliverRemote(String channel, boolean join, long clientId, int node, Map<String, Object> values) {
        List<LocalFollow> follows = local.get(channel);
        if (follows != null) {
            for (LocalFollow f : follows) {
                emit(f, new PresenceEvent(join, channel, clientId, node, values.get(f.key())));
            }
        }
    }

    @Override
    public void joined(Session session, String channel) {
        changed(session, channel, true);
    }

    @Override
    public void left(Session session, String channel) {
        changed(session, channel, false);
    }

    private void changed(Session session, String channel, boolean join) {
        if (local.isEmpty() && remote.isEmpty()) {
            return;
        }
        List<LocalFollow> follows = local.get(channel);
        if (follows != null) {
            for (LocalFollow f : follows) {
                emit(f, new PresenceEvent(join, channel, session.id(), nodeId, session.context().get(f.key())));
            }
        }
        Map<Integer, RemoteFollow> nodes = remote.get(channel);
        if (nodes != null) {
            long now = clock.getAsLong();
            List<Integer> expired = new ArrayList<>();
            nodes.forEach((node, follow) -> {
                if (follow.expiresAt() < now) {
                    expired.add(node);
                    return;
                }
                Map<String, Object> values = new LinkedHashMap<>();
                follow.keys().forEach(k -> values.put(k, session.context().get(k)));
                remoteEvents.send(node, channel, join, session.id(), values);
            });
            expired.forEach(node -> unfollowFromRemote(channel, node));
        }
    }

    private static void emit(LocalFollow follow, PresenceEvent event) {
        try {
            follow.events().accept(event);
        } catch (RuntimeException e) {
            refused.log("A presence follower of channel {} failed on an event", follow.channel(), e);
        }
    }
}
