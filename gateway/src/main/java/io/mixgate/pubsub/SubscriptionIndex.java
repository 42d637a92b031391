package io.mixgate.pubsub;

import io.mixgate.core.ChannelNames;
import io.mixgate.session.Session;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Channel name to the local connections subscribed to it.
 *
 * <p>Thread safety: fully thread-safe. Each change runs under the session's monitor (so a
 * closing session can never be left in the index) and an atomic per-channel compute (so the
 * first and last subscriber of a channel are detected exactly once each).
 */
public final class SubscriptionIndex {
    private final ConcurrentHashMap<String, Set<Session>> channels = new ConcurrentHashMap<>();
    private volatile ChannelInterest interest = ChannelInterest.NONE;
    private volatile PresenceListener presence = PresenceListener.NONE;
    private volatile PresenceListener envelopes = PresenceListener.NONE;

    /** Sets who hears about first and last subscribers; set once while the node starts. */
    public void setInterest(ChannelInterest interest) {
        this.interest = interest;
    }

    /** Sets who hears of every join and leave (presence); set once while the node starts. */
    public void setPresence(PresenceListener presence) {
        this.presence = presence;
    }

    /** Sets who forgets a subscription's envelope when it ends (channel history); set once while the node starts. */
    public void setEnvelopeListener(PresenceListener envelopes) {
        this.envelopes = envelopes;
    }

    /** @param maxPerSession most channels this connection may be subscribed to at once */
    public SubscribeOutcome subscribe(Session session, String channel, int maxPerSession) {
        if (!ChannelNames.isValid(channel)) {
            return SubscribeOutcome.INVALID_CHANNEL;
        }
        boolean[] first = new boolean[1];
        SubscribeOutcome outcome = session.withChannels((mine, closed) -> {
            if (closed) {
                return SubscribeOutcome.CONNECTION_CLOSED;
            }
            if (mine.contains(channel)) {
                return SubscribeOutcome.ALREADY_SUBSCRIBED;
            }
            if (mine.size() >= maxPerSession) {
                return SubscribeOutcome.TOO_MANY_SUBSCRIPTIONS;
            }
            mine.add(channel);
            channels.compute(channel, (k, set) -> {
                if (set == null) {
                    set = ConcurrentHashMap.newKeySet();
                    first[0] = true;
                }
                set.add(session);
                return set;
            });
            return SubscribeOutcome.SUBSCRIBED;
        });
        if (first[0]) {
            interest.firstSubscriber(channel);
        }
        if (outcome == SubscribeOutcome.SUBSCRIBED) {
            presence.joined(session, channel);
        }
        return outcome;
    }

    /** @return true if the session was subscribed to {@code channel} */
    public boolean unsubscribe(Session session, String channel) {
        boolean[] last = new boolean[1];
        boolean removed = session.withChannels((mine, closed) -> {
            if (!mine.remove(channel)) {
                return false;
            }
            last[0] = removeFromIndexLocked(session, channel);
            return true;
        });
        if (last[0]) {
            interest.lastSubscriberGone(channel);
        }
        if (removed) {
            envelopes.left(session, channel);
            presence.left(session, channel);
        }
        return removed;
    }

    /** Closes the session's subscription set and drops all its subscriptions. */
    public void removeSession(Session session) {
        for (String channel : session.markClosed()) {
            removeFromIndex(session, channel);
            envelopes.left(session, channel);
            presence.left(session, channel);
        }
    }

    private void removeFromIndex(Session session, String channel) {
        if (removeFromIndexLocked(session, channel)) {
            interest.lastSubscriberGone(channel);
        }
    }

    /** Removes the session from the channel's set; true if it was the channel's last subscriber. */
    private boolean removeFromIndexLocked(Session session, String channel) {
        boolean[] last = new boolean[1];
        channels.computeIfPresent(channel, (k, set) -> {
            set.remove(session);
            if (set.isEmpty()) {
                last[0] = true;
                return null;
            }
            return set;
        });
        return last[0];
    }

    /** A live, weakly consistent view of the channel's subscribers; empty when there are none. */
    public Set<Session> subscribers(String channel) {
        Set<Session> set = channels.get(channel);
        return set == null ? Collections.emptySet() : set;
    }

    public boolean hasSubscribers(String channel) {
        return channels.containsKey(channel);
    }

    /** Channels with at least one local subscriber. */
    public int channelCount() {
        return channels.size();
    }

    /** A snapshot of the channels with local subscribers, for a broker that resubscribes. */
    public List<String> channelNames() {
        return List.copyOf(channels.keySet());
    }
}
