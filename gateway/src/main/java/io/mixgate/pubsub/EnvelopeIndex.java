package io.mixgate.pubsub;

import io.mixgate.session.Session;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which subscribers of a history channel asked for which {@link Envelope}: grouped by envelope,
 * so a publication is wrapped once per distinct envelope, not per subscriber. A subscriber in no
 * group gets the published bytes as they are.
 *
 * <p>Thread-safe. An entry is added by a subscribe and removed when the subscription ends
 * ({@link SubscriptionIndex} reports every leave).
 */
final class EnvelopeIndex {
    /** The subscribers of one channel that asked for one envelope. */
    record Group(Envelope envelope, Set<Session> sessions) {
    }

    private final ConcurrentHashMap<String, List<Group>> channels = new ConcurrentHashMap<>();
    private final int maxPerChannel;

    EnvelopeIndex(int maxPerChannel) {
        this.maxPerChannel = maxPerChannel;
    }

    /** @return null, or why the envelope was refused (too many distinct envelopes on the channel) */
    String add(String channel, Session session, Envelope envelope) {
        String[] error = new String[1];
        channels.compute(channel, (k, groups) -> {
            if (groups == null) {
                groups = new CopyOnWriteArrayList<>();
            }
            for (Group g : groups) {
                if (g.envelope().equals(envelope)) {
                    g.sessions().add(session);
                    return groups;
                }
            }
            if (groups.size() >= maxPerChannel) {
                error[0] = "too many distinct envelopes on this channel (history.maxEnvelopes: " + maxPerChannel + ")";
                return groups.isEmpty() ? null : groups;
            }
            Set<Session> sessions = ConcurrentHashMap.newKeySet();
            sessions.add(session);
            groups.add(new Group(envelope, sessions));
            return groups;
        });
        return error[0];
    }

    void remove(String channel, Session session) {
        channels.computeIfPresent(channel, (k, groups) -> {
            groups.removeIf(g -> g.sessions().remove(session) && g.sessions().isEmpty());
            return groups.isEmpty() ? null : groups;
        });
    }

    /** The envelope {@code session} asked for on {@code channel}, or null. */
    Envelope of(String channel, Session session) {
        List<Group> groups = channels.get(channel);
        if (groups != null) {
            for (Group g : groups) {
                if (g.sessions().contains(session)) {
                    return g.envelope();
                }
            }
        }
        return null;
    }

    /** The groups of {@code channel}, or null when no subscriber asked for an envelope. */
    List<Group> groups(String channel) {
        return channels.get(channel);
    }
}
