package io.mixgate.pubsub;

import io.mixgate.config.HistoryConfig;
import io.mixgate.core.ChannelNames;
import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.core.Publication;
import io.mixgate.core.StreamPosition;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The single node's channel history: one {@link ChannelLog} per channel that matches a rule,
 * created on first publish or recovering subscribe, at most {@code history.maxChannels} of them
 * (one more evicts the least recently used: its history is lost and a new log gets a new epoch).
 *
 * <p>Every publish of a history channel passes {@link #deliver} (called by {@link Delivery}),
 * which under the channel's lock assigns the offset, stores the publication and hands it to the
 * subscribers; {@link #subscribe} reads the missed publications and subscribes under the same
 * lock, so a recovering client gets each publication exactly once, in order.
 *
 * <p>Thread-safe. Lock order: the eviction lock, then a channel's lock, then a session's monitor.
 */
public final class MemoryHistory implements ChannelHistory, PresenceListener {
    private final HistoryRules rules;
    private final SubscriptionIndex index;
    private final EnvelopeIndex envelopes;
    private final LongSupplier clock;
    private final int maxChannels;
    private final long maxChannelBytes;
    private final ConcurrentHashMap<String, ChannelLog> logs = new ConcurrentHashMap<>();
    private final Object eviction = new Object();
    private final LongAdder envelopeFills = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    /** @param clock milliseconds, for publication ages */
    public MemoryHistory(HistoryConfig config, SubscriptionIndex index, LongSupplier clock) {
        this.rules = new HistoryRules(config.rules());
        this.index = index;
        this.envelopes = new EnvelopeIndex(config.maxEnvelopes());
        this.clock = clock;
        this.maxChannels = config.maxChannels();
        this.maxChannelBytes = config.maxChannelBytes();
        if (!rules.isEmpty()) {
            index.setEnvelopeListener(this); // without rules no subscription has an envelope to forget
        }
    }

    /** A history with no rules: every channel takes the plain path. */
    public static MemoryHistory disabled(SubscriptionIndex index) {
        return new MemoryHistory(HistoryConfig.defaults(), index, System::currentTimeMillis);
    }

    @Override
    public boolean covers(String channel) {
        return !rules.isEmpty() && rules.match(channel) != null;
    }

    /** The rule of {@code channel}, or null; the fast check {@link Delivery} makes per publish. */
    HistoryRules.Rule ruleFor(String channel) {
        return rules.isEmpty() ? null : rules.match(channel);
    }

    /**
     * Numbers, stores and delivers one publication of a history channel, all under its lock.
     *
     * @param data not modified and not kept (the history keeps a copy)
     */
    PublishResult deliver(String channel, HistoryRules.Rule rule, byte[] data, MessageType type, FrameFanout fanout) {
        while (true) {
            ChannelLog log = logFor(channel, rule);
            synchronized (log) {
                if (log.removed) {
                    continue;
                }
                Publication p = log.append(data, type, clock.getAsLong());
                Set<Session> subscribers = index.subscribers(channel);
                if (subscribers.isEmpty()) {
                    return PublishResult.NONE;
                }
                return EnvelopeFanout.write(channel, log.epoch, p, subscribers, envelopes, fanout, envelopeFills);
            }
        }
    }

    @Override
    public RecoveryOutcome subscribe(Session session, String channel, int maxSubscriptions, StreamPosition since,
                                     Envelope envelope) {
        HistoryRules.Rule rule = ruleFor(channel);
        if (rule != null && !ChannelNames.isValid(channel)) {
            return RecoveryOutcome.failed(SubscribeOutcome.INVALID_CHANNEL.error()); // before a log is made for it
        }
        if (rule == null) {
            SubscribeOutcome outcome = index.subscribe(session, channel, maxSubscriptions);
            return outcome.error() != null ? RecoveryOutcome.failed(outcome.error())
                    : new RecoveryOutcome(null, false, 0, null);
        }
        while (true) {
            ChannelLog log = logFor(channel, rule);
            synchronized (log) {
                if (log.removed) {
                    continue;
                }
                return subscribeLocked(session, channel, maxSubscriptions, since, envelope, log);
            }
        }
    }

    private RecoveryOutcome subscribeLocked(Session session, String channel, int maxSubscriptions,
                                            StreamPosition since, Envelope envelope, ChannelLog log) {
        long now = clock.getAsLong();
        log.lastUsed = now;
        SubscribeOutcome outcome = index.subscribe(session, channel, maxSubscriptions);
        if (outcome.error() != null) {
            return RecoveryOutcome.failed(outcome.error());
        }
        if (outcome == SubscribeOutcome.ALREADY_SUBSCRIBED) {
            return new RecoveryOutcome(null, false, 0, log.top());
        }
        if (envelope != null) {
            String refused = envelopes.add(channel, session, envelope);
            if (refused != null) {
                index.unsubscribe(session, channel);
                return RecoveryOutcome.failed(refused);
            }
        }
        if (since == null) {
            return new RecoveryOutcome(null, false, 0, log.top());
        }
        HistoryPage page = log.read(since, Integer.MAX_VALUE, now);
        if (!page.recovered() || page.publications().isEmpty()) {
            return new RecoveryOutcome(null, page.recovered(), 0, page.top());
        }
        List<OutboundMessage> missed = new ArrayList<>(page.publications().size());
        for (Publication p : page.publications()) {
            byte[] bytes = envelope == null ? p.data() : envelope.fill(channel, p.offset(), log.epoch, p.data());
            missed.add(new OutboundMessage(bytes, p.type()));
        }
        int queued;
        try {
            queued = session.transport().writeMany(missed);
        } finally {
            missed.forEach(OutboundMessage::release);
        }
        if (queued < missed.size()) {
            // a gap the client could not see: take the subscription back rather than pretend
            index.unsubscribe(session, channel);
            return RecoveryOutcome.failed("connection closed or over its outbound limit: missed publications not written");
        }
        return new RecoveryOutcome(null, true, queued, page.top());
    }

    @Override
    public HistoryPage read(String channel, StreamPosition since, int limit) {
        if (ruleFor(channel) == null) {
            return null;
        }
        ChannelLog log = logs.get(channel);
        if (log == null) {
            return new HistoryPage(since == null, new StreamPosition(0, ""), List.of());
        }
        synchronized (log) {
            return log.read(since, limit, clock.getAsLong());
        }
    }

    /** Envelopes filled since start: one per publication and distinct envelope among its subscribers. */
    public long envelopeFills() {
        return envelopeFills.sum();
    }

    /** Channel histories dropped to stay within {@code history.maxChannels}. */
    public long evictions() {
        return evictions.sum();
    }

    /** Channels with a history on this node now. */
    public int channels() {
        return logs.size();
    }

    @Override
    public void joined(Session session, String channel) {
    }

    @Override
    public void left(Session session, String channel) {
        envelopes.remove(channel, session);
    }

    private ChannelLog logFor(String channel, HistoryRules.Rule rule) {
        ChannelLog log = logs.get(channel);
        if (log != null) {
            return log;
        }
        synchronized (eviction) {
            log = logs.get(channel);
            if (log != null) {
                return log;
            }
            if (logs.size() >= maxChannels) {
                evictLeastRecentlyUsed();
            }
            log = new ChannelLog(rule, maxChannelBytes, clock.getAsLong());
            logs.put(channel, log);
            return log;
        }
    }

    /** Under the eviction lock. A linear scan: runs only when a new channel arrives at the bound. */
    private void evictLeastRecentlyUsed() {
        String oldest = null;
        long oldestUse = Long.MAX_VALUE;
        for (var e : logs.entrySet()) {
            if (e.getValue().lastUsed < oldestUse) {
                oldestUse = e.getValue().lastUsed;
                oldest = e.getKey();
            }
        }
        if (oldest != null) {
            ChannelLog victim = logs.remove(oldest);
            synchronized (victim) {
                victim.removed = true;
            }
            evictions.increment();
        }
    }
}
