package io.mixgate.upstream;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which upstream subscriptions a feed wants: its static ones, those behind the channels someone
 * wants (several channels may share one), and those whose last channel left less than
 * {@code linger} ago. Confined to the feed's lane: not thread-safe.
 */
final class WantedSubscriptions {
    private final List<String> always;
    private final long lingerNanos;
    private final Map<String, String> keyOfChannel = new HashMap<>();
    private final Map<String, Set<String>> channelsOfKey = new HashMap<>();
    private final Map<String, Long> lingerUntil = new HashMap<>();

    WantedSubscriptions(List<String> always, long lingerNanos) {
        this.always = List.copyOf(always);
        this.lingerNanos = lingerNanos;
    }

    /** Whether {@code channel} is already counted. */
    boolean has(String channel) {
        return keyOfChannel.containsKey(channel);
    }

    /** {@code channel}, behind subscription {@code key}, is wanted. */
    void add(String channel, String key) {
        keyOfChannel.put(channel, key);
        channelsOfKey.computeIfAbsent(key, k -> new HashSet<>()).add(channel);
        lingerUntil.remove(key);
    }

    /**
     * {@code channel} is no longer wanted.
     *
     * @return true when that left its subscription without channels: it now lingers
     */
    boolean remove(String channel, long nowNanos) {
        String key = keyOfChannel.remove(channel);
        if (key == null) {
            return false;
        }
        Set<String> channels = channelsOfKey.get(key);
        channels.remove(channel);
        if (!channels.isEmpty()) {
            return false;
        }
        channelsOfKey.remove(key);
        lingerUntil.put(key, nowNanos + lingerNanos);
        return true;
    }

    /** Every key wanted at {@code nowNanos}, static ones first; forgets lingers that ran out. */
    Set<String> keys(long nowNanos) {
        Set<String> keys = new LinkedHashSet<>(always);
        keys.addAll(channelsOfKey.keySet());
        lingerUntil.entrySet().removeIf(e -> e.getValue() - nowNanos <= 0);
        keys.addAll(lingerUntil.keySet());
        return keys;
    }
}
