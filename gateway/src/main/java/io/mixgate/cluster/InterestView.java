package io.mixgate.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one node knows of the other nodes' interest: per node, its channels and the sequence number
 * of the state they came from; per channel, how many other nodes have it. A notice or a re-read
 * older than what is known is ignored; a node that left or expired is forgotten, so a restart with
 * the same id starts afresh.
 *
 * <p>Thread safety: changes are serialised on this object; {@link #has} reads without locking.
 */
final class InterestView {
    /** Passed as the sequence number of a node found gone: overrides whatever is known of it. */
    static final long GONE = Long.MAX_VALUE;

    private final Map<Integer, Node> nodes = new HashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    private static final class Node {
        long seq = Long.MIN_VALUE;
        final Set<String> channels = new HashSet<>();
    }

    /** Whether another node has {@code channel}. */
    boolean has(String channel) {
        return counts.containsKey(channel);
    }

    /** Every channel some other node has. */
    Set<String> channels() {
        return Set.copyOf(counts.keySet());
    }

    /** The nodes known to have channels. */
    synchronized List<Integer> nodes() {
        return List.copyOf(nodes.keySet());
    }

    /** Applies a notice; returns the channels that other nodes gained first or lost last. */
    synchronized Set<String> apply(InterestNotice n) {
        Set<String> changed = new HashSet<>();
        Node v = nodes.computeIfAbsent(n.node(), k -> new Node());
        if (n.seq() <= v.seq) {
            return changed; // older than what a re-read already found
        }
        v.seq = n.seq();
        if (n.full()) {
            Set<String> keep = new HashSet<>(n.added());
            for (String c : List.copyOf(v.channels)) {
                if (!keep.contains(c)) {
                    drop(v, c, changed);
                }
            }
        }
        n.added().forEach(c -> add(v, c, changed));
        n.removed().forEach(c -> drop(v, c, changed));
        if (n.full() && v.channels.isEmpty()) {
            nodes.remove(n.node()); // it left (or has nothing): a restart with the same id starts afresh
        }
        return changed;
    }

    /** {@code node} has exactly {@code channels} as of {@code seq} ({@link #GONE}: it is gone); returns what changed. */
    synchronized Set<String> replace(int node, long seq, Set<String> channels) {
        Set<String> changed = new HashSet<>();
        Node v = nodes.get(node);
        if (v == null) {
            if (channels.isEmpty()) {
                return changed;
            }
            v = new Node();
            nodes.put(node, v);
        }
        if (seq < v.seq) {
            return changed;
        }
        for (String c : List.copyOf(v.channels)) {
            if (!channels.contains(c)) {
                drop(v, c, changed);
            }
        }
        for (String c : channels) {
            add(v, c, changed);
        }
        if (seq == GONE) {
            nodes.remove(node);
        } else {
            v.seq = seq;
        }
        return changed;
    }

    private void add(Node v, String channel, Set<String> changed) {
        if (v.channels.add(channel) && counts.merge(channel, 1, Integer::sum) == 1) {
            changed.add(channel);
        }
    }

    private void drop(Node v, String channel, Set<String> changed) {
        if (v.channels.remove(channel) && counts.merge(channel, -1, (a, b) -> a + b == 0 ? null : a + b) == null) {
            changed.add(channel);
        }
    }
}
